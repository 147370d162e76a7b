import Foundation
import GapdeskDomain
import GapdeskStore

/// How records read in words: the audit in sentences, fixes and chances as a
/// supervisor says them.
public enum Words {
    /// What an effort estimate does to a gap's score: "halves its score", "divides its score by 4".
    public static func effort(_ effort: Double) -> String {
        switch effort {
        case 1: "leaves its score as it is"
        case 2: "halves its score"
        case 0.5: "doubles its score"
        case ..<1: "multiplies its score by \(String(format: "%g", 1 / effort))"
        default: "divides its score by \(String(format: "%g", effort))"
        }
    }

    /// "less than 1 time in 100" for a probability, as chance is said aloud.
    public static func chance(_ probability: Double) -> String {
        for (limit, words) in [(0.001, "less than 1 time in 1,000"), (0.01, "less than 1 time in 100"), (0.05, "less than 1 time in 20")]
        where probability < limit {
            return words
        }
        return "about 1 time in \(max(1, Int((1 / max(probability, 1e-9)).rounded())))"
    }

    /// What an audit entry did, in words: "recorded a call: thanked".
    public static func audit(_ entry: AuditEntry) -> String {
        var action = entry.action
        var undone = false
        if action.hasPrefix("undo ") { undone = true; action.removeFirst(5) }
        let did: String = switch ActionKind(rawValue: action) {
        case .recordCall?: "recorded a call"
        case .assign?: "assigned the call"
        case .tag?: "tagged it"
        case .moveFix?: "moved the fix"
        case .setOwner?: "set the gap's owner"
        case .addResponse?: "added feedback"
        case .importFile?: "imported"
        case .changeSettings?: "changed the setting \(entry.entityId)"
        case .manageUsers?: "set \(entry.entityId)'s role"
        case .followup?: entry.entity == "fix" ? "created follow-ups" : "told a customer their gap is fixed"
        case nil: action == "demo" ? "built the demo" : action
        }
        let after = entry.after.map(readable) ?? ""
        let before = entry.before.map(readable) ?? ""
        if undone { return "took back: \(did)" + (after.isEmpty ? "" : " (now \(after))") }
        var text = did + (after.isEmpty ? "" : ": \(after)")
        if !before.isEmpty && ActionKind(rawValue: action) != .recordCall && ActionKind(rawValue: action) != .importFile {
            text += " (was \(before))"
        }
        return text
    }

    /// Stored codes as words: "no-answer" → "no answer", "role=admin" → "admin".
    static func readable(_ text: String) -> String {
        var words = text
        for (code, phrase) in [("no-answer", "no answer"), ("in-progress", "in progress"), ("role=", ""), ("retry ", "call again ")] {
            words = words.replacingOccurrences(of: code, with: phrase)
        }
        return words
    }

    /// A gap's kind: one word for columns, the whole gap for details.
    public static func kind(_ kind: GapKind?) -> String { kind?.label ?? "-" }
}

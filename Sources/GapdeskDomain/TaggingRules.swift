/// Keyword rules that suggest root causes for untagged feedback, e.g.
/// "alignment" → "alignment not checked". A suggestion is only a suggestion:
/// the manager accepts it with one key; nothing is tagged silently.
public struct TaggingRules: Sendable, Equatable {
    public static let settingPrefix = "suggest."

    /// Keyword (lowercased) → root cause.
    public var rules: [(keyword: String, cause: String)]

    public init(rules: [(keyword: String, cause: String)] = []) {
        self.rules = rules.map { ($0.keyword.lowercased(), $0.cause) }.sorted { $0.keyword < $1.keyword }
    }

    public static func == (a: TaggingRules, b: TaggingRules) -> Bool {
        a.rules.map(\.keyword) == b.rules.map(\.keyword) && a.rules.map(\.cause) == b.rules.map(\.cause)
    }

    /// Causes whose keyword appears in the comment (case-insensitive, as whole
    /// words at their start), each once, in rule order; causes already tagged are left out.
    public func suggestions(for comment: String, alreadyTagged: [String] = []) -> [String] {
        let text = " " + comment.lowercased().map { $0.isLetter || $0.isNumber ? $0 : " " } + " "
        var found: [String] = []
        for rule in rules {
            let keyword = " " + rule.keyword.map { $0.isLetter || $0.isNumber ? $0 : " " }
            guard text.contains(String(keyword)) else { continue }
            if !found.contains(where: { $0.caseInsensitiveCompare(rule.cause) == .orderedSame })
                && !alreadyTagged.contains(where: { $0.caseInsensitiveCompare(rule.cause) == .orderedSame }) {
                found.append(rule.cause)
            }
        }
        return found
    }
}

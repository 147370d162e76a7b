import Foundation
import GapdeskDomain

/// A small modal form: a few fields, filled from the keyboard only. One engine
/// serves recording a call, moving a fix, naming a new cause's kind and filtering.
public struct Form: Sendable, Equatable {
    public enum Purpose: Sendable, Equatable {
        /// The call's site zone: a retry time is typed in it.
        case recordCall(callbackId: Int64, customer: String, zone: TimeZone)
        case moveFix(GapTarget, to: FixStatus)
        case filter(Pane)
        case newCause(responseId: Int64, name: String)
        case followup(id: Int64)
    }

    public struct Option: Sendable, Equatable {
        /// The letter that picks it; nil for options chosen with the arrows.
        public var key: Character?
        public var label: String
        public var value: String
        /// Picking it by its letter saves the form at once: nothing else is needed.
        public var completes: Bool
        public init(key: Character?, label: String, value: String, completes: Bool = false) {
            self.key = key; self.label = label; self.value = value; self.completes = completes
        }
    }

    public enum Input: Sendable, Equatable {
        case choice([Option], selected: Int)
        case text(LineEditor, placeholder: String)
    }

    public struct Field: Sendable, Equatable {
        public var id: String
        public var label: String
        public var input: Input
        /// Shown only when another choice field has one of these values.
        public var shownWhen: (field: String, values: [String])?

        public init(id: String, label: String, input: Input, shownWhen: (field: String, values: [String])? = nil) {
            self.id = id; self.label = label; self.input = input; self.shownWhen = shownWhen
        }

        public static func == (a: Field, b: Field) -> Bool {
            a.id == b.id && a.label == b.label && a.input == b.input
                && a.shownWhen?.field == b.shownWhen?.field && a.shownWhen?.values == b.shownWhen?.values
        }
    }

    public var title: String
    public var purpose: Purpose
    public var fields: [Field]
    public var focus = 0
    public var error: String?

    public init(title: String, purpose: Purpose, fields: [Field]) {
        self.title = title; self.purpose = purpose; self.fields = fields
    }

    /// The value of a field: a choice's value or the typed text (trimmed).
    public func value(_ id: String) -> String {
        guard let field = fields.first(where: { $0.id == id }) else { return "" }
        switch field.input {
        case .choice(let options, let selected): return options.indices.contains(selected) ? options[selected].value : ""
        case .text(let editor, _): return editor.text.trimmingCharacters(in: .whitespaces)
        }
    }

    public func isShown(_ field: Field) -> Bool {
        guard let condition = field.shownWhen else { return true }
        return condition.values.contains(value(condition.field))
    }

    public var visibleIndices: [Int] { fields.indices.filter { isShown(fields[$0]) } }

    /// True when the focused field takes typed text (printable keys type into it).
    public var isTyping: Bool {
        guard fields.indices.contains(focus), case .text = fields[focus].input else { return false }
        return true
    }

    public enum Outcome: Equatable { case editing, submit, cancel }

    /// Applies a key, and the form command it is bound to (see `KeyBindings`):
    /// submit saves from any field (what is left is optional or has its
    /// default), next and previous move between fields; letters pick choices
    /// (a letter of an option that needs nothing more saves at once, its
    /// capital picks it and moves on, say to add a note); text fields take
    /// what is typed.
    public mutating func handle(_ key: Key, command: Command?) -> Outcome {
        let visible = visibleIndices
        guard let position = visible.firstIndex(of: focus) ?? visible.first.map({ _ in 0 }) else { return .cancel }
        focus = visible[position]
        let typed: Bool = if isTyping, case .character = key { true } else { false }
        if !typed, let command {
            switch command {
            case .back: return .cancel
            case .submit:
                return .submit
            case .nextField:
                focus = visible[min(visible.count - 1, position + 1)]
                return .editing
            case .previousField:
                focus = visible[max(0, position - 1)]
                return .editing
            default: break
            }
        }
        error = nil
        switch fields[focus].input {
        case .choice(let options, var selected):
            switch key {
            // Round at the ends, as the pickers go.
            case .left: selected = (selected - 1 + options.count) % options.count
            case .right, .character(" "): selected = (selected + 1) % options.count
            case .character(let c):
                let lower = Character(c.lowercased())
                guard let index = options.firstIndex(where: { $0.key == lower }) else { break }
                fields[focus].input = .choice(options, selected: index)
                if c == lower && options[index].completes { return .submit }
                let after = visibleIndices
                if let here = after.firstIndex(of: focus), here + 1 < after.count { focus = after[here + 1] }
                return .editing
            default: break
            }
            fields[focus].input = .choice(options, selected: selected)
        case .text(var editor, let placeholder):
            _ = editor.handle(key)
            fields[focus].input = .text(editor, placeholder: placeholder)
        }
        return .editing
    }
}

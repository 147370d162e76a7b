import GapdeskDomain

/// Everything a key can ask the dashboard to do.
public enum Command: Hashable, Sendable {
    case down, up, top, bottom, pageDown, pageUp
    case nextPane, previousPane
    /// Show a pane (its number in the tab order).
    case show(Pane)
    case open, back, filter, sort, view, help, quit
    case recordCall, tag, assign, moveFix, setOwner
    case undo, copyPhone, refresh
    case why, acceptSuggestion, pressure, results, tellFixed, mine
    /// In a form or a picker: save or choose, move between fields or items.
    case submit, nextField, previousField

    public static var allCases: [Command] {
        [.down, .up, .top, .bottom, .pageDown, .pageUp, .nextPane, .previousPane] + Pane.allCases.map(Command.show)
            + [.open, .back, .filter, .sort, .view, .help, .quit, .recordCall, .tag, .assign, .moveFix, .setOwner, .undo, .copyPhone,
               .refresh, .why, .acceptSuggestion, .pressure, .results, .tellFixed, .mine, .submit, .nextField, .previousField]
    }

    /// Its name in the config file's [keys] section.
    public var name: String {
        switch self {
        case .down: "down"
        case .up: "up"
        case .top: "top"
        case .bottom: "bottom"
        case .pageDown: "page_down"
        case .pageUp: "page_up"
        case .nextPane: "next_pane"
        case .previousPane: "previous_pane"
        case .show(let pane): "pane_" + pane.rawValue
        case .open: "open"
        case .back: "back"
        case .filter: "filter"
        case .sort: "sort"
        case .view: "view"
        case .help: "help"
        case .quit: "quit"
        case .recordCall: "record_call"
        case .tag: "tag"
        case .assign: "assign"
        case .moveFix: "move_fix"
        case .setOwner: "set_owner"
        case .undo: "undo"
        case .copyPhone: "copy_phone"
        case .refresh: "refresh"
        case .why: "why"
        case .acceptSuggestion: "accept_suggestion"
        case .pressure: "pressure"
        case .results: "results"
        case .mine: "mine"
        case .tellFixed: "tell_fixed"
        case .submit: "submit"
        case .nextField: "next_field"
        case .previousField: "previous_field"
        }
    }

    public init?(name: String) {
        guard let command = Command.allCases.first(where: { $0.name == name }) else { return nil }
        self = command
    }
}

/// Where a binding applies.
public enum Scope: Hashable, Sendable {
    case pane(Pane)
    case responseDetail
    case gapDetail
    /// An overlay about no single row (the pressure list): it scrolls and closes, nothing more.
    case overlay
    /// The `?` overlay: it scrolls; any other key closes it.
    case help
    /// A form, and a picker: keys fill them in; they do not move the lists behind.
    case form
    case picker

    public var isModal: Bool { self == .form || self == .picker }
}

/// One row of the binding table: the footer, the `?` overlay, every hint and
/// message that names a key, remapping and read-only mode are all read from it.
public struct Binding: Sendable {
    public var command: Command
    public var keys: [Key]
    /// The word beside its key in the footer; nil keeps it out of the footer.
    public var footer: String?
    public var help: String
    /// The store permission it needs; nil for commands that only look.
    public var permission: ActionKind?
    /// Where it applies; nil for everywhere but forms and pickers.
    public var scopes: Set<Scope>?

    public var changesData: Bool { permission != nil }

    func applies(in scope: Scope) -> Bool { scopes?.contains(scope) ?? !scope.isModal }
}

public struct KeyBindings: Sendable {
    public private(set) var bindings: [Binding]

    static var lists: Set<Scope> { Set(Pane.allCases.map(Scope.pane)) }
    static let overlays: Set<Scope> = [.responseDetail, .gapDetail, .overlay, .help]

    /// The panes whose rows a command acts on (`PaneSpec.commands`), and the detail that shows one such row.
    static func acting(_ command: Command, detail: Scope? = nil) -> Set<Scope> {
        Set(Panes.all.filter { $0.commands.contains(command) }.map { .pane($0.pane) }).union(detail.map { [$0] } ?? [])
    }

    /// The panes that have something for a command to act on (filters, sorts, views).
    static func offering<T>(_ list: KeyPath<PaneSpec, [T]>, atLeast count: Int = 1) -> Set<Scope> {
        Set(Panes.all.filter { $0[keyPath: list].count >= count }.map { .pane($0.pane) })
    }

    public static let standard = KeyBindings(bindings: [
        Binding(command: .down, keys: [.character("j"), .down], footer: nil, help: "move down"),
        Binding(command: .up, keys: [.character("k"), .up], footer: nil, help: "move up"),
        Binding(command: .top, keys: [.character("g"), .home], footer: nil, help: "go to the first row"),
        Binding(command: .bottom, keys: [.character("G"), .end], footer: nil, help: "go to the last row"),
        Binding(command: .pageDown, keys: [.pageDown, .control("f"), .character(" ")], footer: nil, help: "page down"),
        Binding(command: .pageUp, keys: [.pageUp, .control("b")], footer: nil, help: "page up"),
        Binding(command: .nextPane, keys: [.tab, .character("l"), .right], footer: "pane", help: "next pane", scopes: lists),
        Binding(command: .previousPane, keys: [.backTab, .character("h"), .left], footer: nil, help: "previous pane", scopes: lists),
    ] + Panes.all.enumerated().map { index, spec in
        Binding(command: .show(spec.pane), keys: [.character(Character(String(index + 1)))], footer: nil,
                help: "show \(spec.title.lowercased())", scopes: lists)
    } + [
        Binding(command: .open, keys: [.enter], footer: "open", help: "open the selected row's detail", scopes: lists),
        Binding(command: .recordCall, keys: [.character("c")], footer: "call",
                help: "record a call: thanked, recovered, still unhappy, guarantee, no answer, unreachable (a follow-up: told, no answer, declined)",
                permission: .recordCall, scopes: acting(.recordCall, detail: .responseDetail)),
        Binding(command: .tag, keys: [.character("t")], footer: "tag", help: "tag root causes (pick one or create one)",
                permission: .tag, scopes: acting(.tag, detail: .responseDetail)),
        Binding(command: .acceptSuggestion, keys: [.character("T")], footer: "accept", help: "tag with the suggested root cause(s)",
                permission: .tag, scopes: acting(.acceptSuggestion, detail: .responseDetail)),
        Binding(command: .assign, keys: [.character("a")], footer: "assign", help: "assign the call to someone on the team",
                permission: .assign, scopes: acting(.assign, detail: .responseDetail)),
        Binding(command: .moveFix, keys: [.character("f")], footer: "fix", help: "move the gap's fix along: open → in progress → done",
                permission: .moveFix, scopes: acting(.moveFix, detail: .gapDetail)),
        Binding(command: .setOwner, keys: [.character("o")], footer: "owner", help: "choose the gap's owner from the team",
                permission: .setOwner, scopes: acting(.setOwner, detail: .gapDetail)),
        Binding(command: .why, keys: [.character("w")], footer: "why", help: "why this rank: who and what is behind the score, then every figure",
                scopes: acting(.why, detail: .gapDetail)),
        Binding(command: .pressure, keys: [.character("p")], footer: nil, help: "pressure signals: staff or sites pushing for top scores",
                scopes: acting(.pressure)),
        Binding(command: .tellFixed, keys: [.character("F")], footer: nil,
                help: "a verified gap's follow-ups by hand: tell each customer who reported it that it is fixed",
                permission: .followup, scopes: acting(.tellFixed, detail: .gapDetail)),
        Binding(command: .results, keys: [.character("R")], footer: "results", help: "results: do customers come back after a callback, and how fast must it be",
                scopes: lists),
        Binding(command: .mine, keys: [.character("m")], footer: "mine", help: "mine: your open calls (overdue first), the fixes you own, their follow-ups",
                scopes: lists),
        Binding(command: .view, keys: [.character("v")], footer: "view",
                help: "cycle the pane's views (gaps: all, open, fixed and holding; follow-ups: to make, all)", scopes: offering(\.views)),
        Binding(command: .copyPhone, keys: [.character("y")], footer: "copy ☎", help: "copy the customer's phone to your terminal's clipboard (OSC 52)",
                scopes: acting(.copyPhone, detail: .responseDetail)),
        Binding(command: .undo, keys: [.character("u")], footer: "undo", help: "undo your last action in this session"),
        Binding(command: .filter, keys: [.character("/")], footer: "filter", help: "filter the list (what it offers depends on the pane)",
                scopes: offering(\.filters)),
        Binding(command: .sort, keys: [.character("s")], footer: "sort", help: "cycle the sort order", scopes: offering(\.sorts, atLeast: 2)),
        Binding(command: .refresh, keys: [.control("l"), .character("r")], footer: nil, help: "reload and redraw"),
        Binding(command: .help, keys: [.character("?")], footer: "help", help: "show or hide this help"),
        Binding(command: .back, keys: [.escape, .character("q")], footer: "back", help: "close the detail, overlay, form or picker",
                scopes: overlays.union([.form, .picker])),
        Binding(command: .quit, keys: [.character("q"), .control("c")], footer: "quit", help: "quit", scopes: lists),
        Binding(command: .submit, keys: [.enter], footer: "save", help: "save the form, or choose the item", scopes: [.form, .picker]),
        Binding(command: .nextField, keys: [.tab, .down, .control("n")], footer: "next", help: "next field, or next item", scopes: [.form, .picker]),
        Binding(command: .previousField, keys: [.backTab, .up, .control("p")], footer: nil, help: "previous field, or previous item",
                scopes: [.form, .picker]),
    ])

    /// The command a key triggers in a scope.
    public func command(for key: Key, in scope: Scope) -> Command? {
        bindings.first { $0.keys.contains(key) && $0.applies(in: scope) }?.command
    }

    public func binding(_ command: Command) -> Binding? { bindings.first { $0.command == command } }

    /// The name of a command's first key, as every hint and message names it;
    /// while text is being typed, its first key that types nothing.
    public func keyName(_ command: Command, typing: Bool = false) -> String {
        guard let keys = binding(command)?.keys else { return "?" }
        return (typing ? keys.first { !$0.types } : keys.first)?.name ?? "?"
    }

    /// Commands that forms and pickers obey while text is typed into them: each keeps a key that types nothing.
    static let typingCommands: [Command] = [.back, .submit, .nextField, .previousField]

    public func available(in scope: Scope) -> [Binding] {
        bindings.filter { $0.applies(in: scope) }
    }

    public enum RemapError: Error, Equatable, CustomStringConvertible {
        case unknownCommand(String)
        case badKey(command: String, key: String)
        case clash(key: String, first: Command, second: Command)
        case typesText(command: String)

        public var description: String {
            switch self {
            case .unknownCommand(let name):
                "there is no command \"\(name)\"; commands are \(Command.allCases.map(\.name).joined(separator: ", "))"
            case .badKey(let command, let key):
                "\"\(key)\" is not a key gapdesk can bind (for \(command)); use one character or a name such as Enter, Tab, Ctrl-x"
            case .clash(let key, let first, let second):
                "the key \(key) would do both \(first.name) and \(second.name)"
            case .typesText(let command):
                "\(command) needs a key that types nothing (such as Esc, Enter, Tab or Ctrl-x) as well: forms take typed text"
            }
        }
    }

    /// Applies remaps from the config file (command name -> key names); a key
    /// bound to two commands that can apply in the same place is refused.
    public func remapped(_ remaps: [(command: String, keys: [String])]) throws(RemapError) -> KeyBindings {
        var result = self
        for remap in remaps {
            guard let command = Command(name: remap.command),
                  let index = result.bindings.firstIndex(where: { $0.command == command }) else {
                throw .unknownCommand(remap.command)
            }
            var keys: [Key] = []
            for name in remap.keys {
                guard let key = Key(name: name) else { throw .badKey(command: remap.command, key: name) }
                keys.append(key)
            }
            if Self.typingCommands.contains(command) && keys.allSatisfy(\.types) { throw .typesText(command: remap.command) }
            result.bindings[index].keys = keys
        }
        try result.checkClashes()
        return result
    }

    func checkClashes() throws(RemapError) {
        let everywhere = Self.lists.union(Self.overlays)
        for (i, a) in bindings.enumerated() {
            for b in bindings[(i + 1)...] {
                let overlap = (a.scopes ?? everywhere).intersection(b.scopes ?? everywhere)
                guard !overlap.isEmpty, let key = a.keys.first(where: b.keys.contains) else { continue }
                // `q` means back in a detail view and quit in a list: different places, no clash.
                throw .clash(key: key.name, first: a.command, second: b.command)
            }
        }
    }
}

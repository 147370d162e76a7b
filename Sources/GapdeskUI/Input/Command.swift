import GapdeskDomain

/// Everything a key can ask the dashboard to do.
public enum Command: String, CaseIterable, Sendable {
    case down, up, top, bottom, pageDown = "page_down", pageUp = "page_up"
    case nextPane = "next_pane", previousPane = "previous_pane"
    case showCallbacks = "pane_callbacks", showLowRated = "pane_low_rated", showGaps = "pane_gaps"
    case open, back, filter, sort, help, quit
    case recordCall = "record_call", tag, assign, moveFix = "move_fix", setOwner = "set_owner"
    case undo, copyPhone = "copy_phone", refresh
    case why, gapView = "gap_view", acceptSuggestion = "accept_suggestion", pressure
}

/// Where a binding applies.
public enum Scope: Hashable, Sendable {
    case pane(Pane)
    case responseDetail
    case gapDetail
    /// An overlay about no single row (the pressure list): it scrolls and closes, nothing more.
    case overlay
}

/// One row of the binding table: the footer, the `?` overlay, remapping and
/// read-only mode are all read from it.
public struct Binding: Sendable {
    public var command: Command
    public var keys: [Key]
    /// Short label for the footer; nil keeps it out of the footer.
    public var footer: String?
    public var help: String
    /// The store permission it needs; nil for commands that only look.
    public var permission: ActionKind?
    public var scopes: Set<Scope>?

    public var changesData: Bool { permission != nil }
}

public struct KeyBindings: Sendable {
    public private(set) var bindings: [Binding]

    static let lists: Set<Scope> = [.pane(.callbacks), .pane(.lowRated), .pane(.gaps)]
    static let responses: Set<Scope> = [.pane(.callbacks), .pane(.lowRated), .responseDetail]
    static let gaps: Set<Scope> = [.pane(.gaps), .gapDetail]
    static let overlays: Set<Scope> = [.responseDetail, .gapDetail, .overlay]

    public static let standard = KeyBindings(bindings: [
        Binding(command: .down, keys: [.character("j"), .down], footer: nil, help: "move down"),
        Binding(command: .up, keys: [.character("k"), .up], footer: nil, help: "move up"),
        Binding(command: .top, keys: [.character("g"), .home], footer: nil, help: "go to the first row"),
        Binding(command: .bottom, keys: [.character("G"), .end], footer: nil, help: "go to the last row"),
        Binding(command: .pageDown, keys: [.pageDown, .control("f"), .character(" ")], footer: nil, help: "page down"),
        Binding(command: .pageUp, keys: [.pageUp, .control("b")], footer: nil, help: "page up"),
        Binding(command: .nextPane, keys: [.tab, .character("l"), .right], footer: "Tab pane", help: "next pane", scopes: lists),
        Binding(command: .previousPane, keys: [.backTab, .character("h"), .left], footer: nil, help: "previous pane", scopes: lists),
        Binding(command: .showCallbacks, keys: [.character("1")], footer: nil, help: "show the callback queue", scopes: lists),
        Binding(command: .showLowRated, keys: [.character("2")], footer: nil, help: "show low-rated feedback", scopes: lists),
        Binding(command: .showGaps, keys: [.character("3")], footer: nil, help: "show the gap ranking", scopes: lists),
        Binding(command: .open, keys: [.enter], footer: "Enter open", help: "open the selected row's detail", scopes: lists),
        Binding(command: .recordCall, keys: [.character("c")], footer: "c call", help: "record a call: thanked, recovered, still unhappy, guarantee, no answer",
                permission: .recordCall, scopes: responses),
        Binding(command: .tag, keys: [.character("t")], footer: "t tag", help: "tag root causes (pick one or create one)",
                permission: .tag, scopes: responses),
        Binding(command: .acceptSuggestion, keys: [.character("T")], footer: "T accept", help: "tag with the suggested root cause(s)",
                permission: .tag, scopes: responses),
        Binding(command: .assign, keys: [.character("a")], footer: "a assign", help: "assign the call to someone",
                permission: .assign, scopes: responses),
        Binding(command: .moveFix, keys: [.character("f")], footer: "f fix", help: "move the gap's fix along: open → in progress → done",
                permission: .moveFix, scopes: gaps),
        Binding(command: .setOwner, keys: [.character("o")], footer: "o owner", help: "set the gap's owner",
                permission: .setOwner, scopes: gaps),
        Binding(command: .why, keys: [.character("w")], footer: "w why", help: "why this rank: every response's shortfall, weights and share",
                scopes: gaps),
        Binding(command: .pressure, keys: [.character("p")], footer: nil, help: "pressure signals: staff or sites pushing for top scores",
                scopes: [.pane(.gaps)]),
        Binding(command: .gapView, keys: [.character("v")], footer: "v view", help: "show all gaps, open ones, or fixed ones",
                scopes: [.pane(.gaps)]),
        Binding(command: .copyPhone, keys: [.character("y")], footer: "y copy ☎", help: "copy the customer's phone to your terminal's clipboard (OSC 52)",
                scopes: responses),
        Binding(command: .undo, keys: [.character("u")], footer: "u undo", help: "undo your last action in this session"),
        Binding(command: .filter, keys: [.character("/")], footer: "/ filter", help: "filter: words, site:NAME staff:NAME tag:NAME", scopes: lists),
        Binding(command: .sort, keys: [.character("s")], footer: "s sort", help: "cycle the sort order", scopes: lists),
        Binding(command: .refresh, keys: [.control("l"), .character("r")], footer: nil, help: "reload and redraw"),
        Binding(command: .help, keys: [.character("?")], footer: "? help", help: "show or hide this help"),
        Binding(command: .back, keys: [.escape, .character("q")], footer: "q back", help: "close the detail or overlay",
                scopes: overlays),
        Binding(command: .quit, keys: [.character("q"), .control("c")], footer: "q quit", help: "quit", scopes: lists),
    ])

    /// The command a key triggers in a scope.
    public func command(for key: Key, in scope: Scope) -> Command? {
        bindings.first { binding in
            binding.keys.contains(key) && (binding.scopes?.contains(scope) ?? true)
        }?.command
    }

    public func binding(_ command: Command) -> Binding? { bindings.first { $0.command == command } }

    public func available(in scope: Scope) -> [Binding] {
        bindings.filter { $0.scopes?.contains(scope) ?? true }
    }

    public enum RemapError: Error, Equatable, CustomStringConvertible {
        case unknownCommand(String)
        case badKey(command: String, key: String)
        case clash(key: String, first: Command, second: Command)

        public var description: String {
            switch self {
            case .unknownCommand(let name):
                "there is no command \"\(name)\"; commands are \(Command.allCases.map(\.rawValue).joined(separator: ", "))"
            case .badKey(let command, let key):
                "\"\(key)\" is not a key gapdesk can bind (for \(command)); use one character or a name such as Enter, Tab, Ctrl-x"
            case .clash(let key, let first, let second):
                "the key \(key) would do both \(first.rawValue) and \(second.rawValue)"
            }
        }
    }

    /// Applies remaps from the config file (command name -> key names); a key
    /// bound to two commands that can apply in the same place is refused.
    public func remapped(_ remaps: [(command: String, keys: [String])]) throws(RemapError) -> KeyBindings {
        var result = self
        for remap in remaps {
            guard let command = Command(rawValue: remap.command),
                  let index = result.bindings.firstIndex(where: { $0.command == command }) else {
                throw .unknownCommand(remap.command)
            }
            var keys: [Key] = []
            for name in remap.keys {
                guard let key = Key(name: name) else { throw .badKey(command: remap.command, key: name) }
                keys.append(key)
            }
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

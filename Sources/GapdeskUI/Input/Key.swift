/// A key press, as the backend decodes it.
public enum Key: Hashable, Sendable {
    case character(Character)
    case control(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete

    /// True for a printable key: in a text field it types itself.
    public var types: Bool { if case .character = self { true } else { false } }

    /// The name used in help, the footer and the config file: `j`, `Enter`, `Ctrl-u`.
    public var name: String {
        switch self {
        case .character(" "): "Space"
        case .character(let c): String(c)
        case .control(let c): "Ctrl-\(c)"
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .enter: "Enter"
        case .escape: "Esc"
        case .tab: "Tab"
        case .backTab: "S-Tab"
        case .backspace: "Backspace"
        case .delete: "Del"
        }
    }

    /// Reads a key name from the config file: a single character, or a name
    /// such as `Enter`, `Tab`, `Esc`, `Space`, `PgDn`, `Ctrl-x`.
    public init?(name: String) {
        let lower = name.lowercased()
        switch lower {
        case "enter", "return": self = .enter
        case "esc", "escape": self = .escape
        case "tab": self = .tab
        case "s-tab", "backtab", "shift-tab": self = .backTab
        case "space": self = .character(" ")
        case "up": self = .up
        case "down": self = .down
        case "left": self = .left
        case "right": self = .right
        case "pgup", "pageup": self = .pageUp
        case "pgdn", "pagedown": self = .pageDown
        case "home": self = .home
        case "end": self = .end
        case "backspace": self = .backspace
        case "del", "delete": self = .delete
        default:
            if lower.hasPrefix("ctrl-"), name.count == 6, let c = lower.last, c.isLetter {
                self = .control(c)
            } else if name.count == 1, let c = name.first, !c.isWhitespace {
                self = .character(c)
            } else {
                return nil
            }
        }
    }
}

/// What the terminal reports.
public enum InputEvent: Equatable, Sendable {
    case key(Key)
    case resize(rows: Int, columns: Int)
    /// The terminal went away (SSH link dropped, window closed).
    case hangup
    /// SIGINT or SIGTERM: leave cleanly.
    case interrupt
}

/// How styles look. Every theme keeps meaning without colour too: overdue is
/// bold with `!`, the selection is reverse video, done is dim.
public enum ThemeName: String, CaseIterable, Sendable {
    case `default`
    case light
    case monochrome
    case colourBlind = "colour-blind"

    public init?(configValue: String) {
        switch configValue.lowercased() {
        case "default", "dark": self = .default
        case "light", "light-terminal": self = .light
        case "monochrome", "mono", "none": self = .monochrome
        case "colour-blind", "color-blind", "colour-blind-safe", "color-blind-safe", "cb": self = .colourBlind
        default: return nil
        }
    }
}

/// A style's look: a foreground colour (ANSI 0-7, or nil for the terminal's
/// own) and attributes. The backend maps this to ncurses.
public struct Look: Sendable, Equatable {
    public enum Colour: Int, Sendable { case black = 0, red, green, yellow, blue, magenta, cyan, white }
    public var foreground: Colour?
    public var background: Colour?
    public var bold = false
    public var reverse = false
    public var dim = false
    public var underline = false

    /// The escape (SGR) that selects this look from plain text, for what is sent around the screen library.
    public var sgr: String {
        var codes = ["0"]
        if bold { codes.append("1") }
        if dim { codes.append("2") }
        if underline { codes.append("4") }
        if reverse { codes.append("7") }
        if let foreground { codes.append("3\(foreground.rawValue)") }
        if let background { codes.append("4\(background.rawValue)") }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    public init(_ foreground: Colour? = nil, background: Colour? = nil, bold: Bool = false, reverse: Bool = false,
                dim: Bool = false, underline: Bool = false) {
        self.foreground = foreground; self.background = background; self.bold = bold
        self.reverse = reverse; self.dim = dim; self.underline = underline
    }
}

public enum Theme {
    /// The look of a style in a theme; `colour` false gives the monochrome look.
    public static func look(_ style: Style, theme: ThemeName, colour: Bool) -> Look {
        let mono = !colour || theme == .monochrome
        // Attributes alone carry the meaning; colour is added on top.
        var look: Look
        switch style {
        case .normal, .input, .status, .good, .dueToday, .header: look = Look()
        case .dim, .done, .tabInactive, .border: look = Look(dim: true)
        case .bold, .title, .keyHint, .overdue, .error, .warning: look = Look(bold: true)
        case .columnHeader, .selectedInactive: look = Look(underline: true)
        case .selected, .tabActive: look = Look(reverse: true)
        }
        guard !mono else { return look }
        let (alarm, caution, ok, accent): (Look.Colour, Look.Colour, Look.Colour, Look.Colour) = switch theme {
        case .colourBlind: (.magenta, .yellow, .blue, .cyan)
        case .light: (.red, .magenta, .green, .blue)
        default: (.red, .yellow, .green, .cyan)
        }
        switch style {
        case .overdue, .error: look.foreground = alarm
        case .dueToday, .warning: look.foreground = caution
        case .good: look.foreground = ok
        case .title, .keyHint: look.foreground = accent
        case .header: look.foreground = theme == .light ? .blue : .cyan
        default: break
        }
        return look
    }
}


/// Makes text from the data (names, comments, tags, file names, arguments)
/// safe to send to a terminal, whichever way it goes out: the dashboard, a
/// table or markdown report, CSV, a message on standard error.
///
/// ncurses and terminals act on `\r`, `\b` and escape sequences, and show
/// nothing at all for bidi overrides, zero-width and other format characters,
/// which can disguise or reorder what a line says. Every such character
/// becomes visible, harmless text: C0 controls and DEL in caret notation
/// (`^[`, `^?`); C1 controls, every format character (Unicode's category Cf),
/// the line and paragraph separators and the Hangul fillers as `<U+202E>`.
/// JSON output does not use this: its own `\u` escapes keep text exact.
public enum SafeText {
    public static func sanitize(_ text: String, keepNewlines: Bool = false) -> String {
        // Most text is printable ASCII, which passes as it is.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        var output = String.UnicodeScalarView()
        var afterCR = false
        for scalar in text.unicodeScalars {
            defer { afterCR = scalar.value == 0x0D }
            switch scalar.value {
            case 0x20..<0x7F:
                output.append(scalar)
            case 0x0A where keepNewlines:
                if !afterCR { output.append(scalar) }
            case 0x0D where keepNewlines:
                // CRLF and a lone CR are both one line break.
                output.append("\n")
            case 0x09, 0x0A, 0x0D:
                // Layout characters become a plain space in a one-line cell.
                if !(scalar.value == 0x0A && output.last == " ") { output.append(" ") }
            case 0x00...0x1F:
                output.append(contentsOf: "^".unicodeScalars)
                output.append(Unicode.Scalar(UInt8(scalar.value + 0x40)))
            case 0x7F:
                output.append(contentsOf: "^?".unicodeScalars)
            default:
                if isHidden(scalar) { output.append(contentsOf: hexName(scalar).unicodeScalars) } else { output.append(scalar) }
            }
        }
        return String(output)
    }

    /// The Hangul fillers: letters that draw as blank space.
    static let fillers: Set<UInt32> = [0x115F, 0x1160, 0x3164, 0xFFA0]

    /// Characters a terminal would act on or show as nothing.
    public static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        if fillers.contains(scalar.value) { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    static func hexName(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
    }

    /// Replaces everything outside printable ASCII with `?`, for terminals
    /// whose locale cannot show UTF-8 (LANG=C). Sanitise first.
    public static func asciiOnly(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.isASCII { out.unicodeScalars.append(scalar) } else { out += asciiFor[scalar] ?? "?" }
        }
        return out
    }

    /// Common punctuation, signs and accented letters as ASCII says them, one
    /// column for one (columns were measured before); anything else is "?".
    static let asciiFor: [Unicode.Scalar: String] = [
        "“": "\"", "”": "\"", "‘": "'", "’": "'", "–": "-", "—": "-", "…": "~", "×": "x", "÷": "/", "·": ".", "•": "*",
        "é": "e", "è": "e", "ê": "e", "ë": "e", "á": "a", "à": "a", "â": "a", "ä": "a", "å": "a", "í": "i", "ï": "i", "ó": "o",
        "ò": "o", "ô": "o", "ö": "o", "ø": "o", "ú": "u", "ù": "u", "ü": "u", "ç": "c", "ñ": "n", "É": "E", "Å": "A", "Ö": "O", "Ü": "U",
    ]

    /// A cell of a file for spreadsheets (CSV, the rejects file): sanitised,
    /// and a cell that a spreadsheet would run as a formula (it starts with
    /// `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`,
    /// as OWASP's guidance on CSV injection advises, so it shows as text.
    public static func spreadsheetCell(_ text: String) -> String {
        let safe = sanitize(text, keepNewlines: true)
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return safe }
        return "'" + safe
    }
}

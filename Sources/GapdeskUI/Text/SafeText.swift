/// Makes text from the data (names, comments, tags) safe to send to a terminal.
///
/// ncurses passes `\r`, `\b`, bidi overrides and zero-width characters to the
/// terminal unchanged, and a comment from the public may hold escape sequences.
/// Every such character becomes visible, harmless text: C0 and DEL in caret
/// notation (`^[`, `^?`), C1, bidi and zero-width characters as `<U+202E>`.
public enum SafeText {
    public static func sanitize(_ text: String, keepNewlines: Bool = false) -> String {
        var output = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A where keepNewlines:
                output.append(scalar)
            case 0x09, 0x0A, 0x0D:
                // Layout characters become a plain space in a one-line cell.
                if !(scalar.value == 0x0A && output.last == " ") { output.append(" ") }
            case 0x00...0x1F:
                output.append(contentsOf: "^".unicodeScalars)
                output.append(Unicode.Scalar(UInt8(scalar.value + 0x40)))
            case 0x7F:
                output.append(contentsOf: "^?".unicodeScalars)
            case 0x80...0x9F, 0x061C, 0x200B...0x200F, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF,
                 0x2028, 0x2029:
                output.append(contentsOf: hexName(scalar).unicodeScalars)
            default:
                output.append(scalar)
            }
        }
        return String(output)
    }

    static func hexName(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
    }

    /// Replaces everything outside printable ASCII with `?`, for terminals
    /// whose locale cannot show UTF-8 (LANG=C). Sanitise first.
    public static func asciiOnly(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.isASCII ? $0 : "?" }))
    }
}

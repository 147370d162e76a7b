import Foundation

/// A stretch of a row that leads somewhere (OSC 8): a terminal that shows
/// hyperlinks makes it clickable, so a softphone dials a phone with one click.
public struct Hyperlink: Sendable, Equatable {
    public var row: Int
    public var column: Int
    public var width: Int
    public var target: String

    public init(row: Int, column: Int, width: Int, target: String) {
        self.row = row; self.column = column; self.width = width; self.target = target
    }

    /// `tel:` and the number as dialled: its digits, with a leading + kept. Nil without a number.
    public static func telephone(_ phone: String?) -> String? {
        guard let phone else { return nil }
        let trimmed = phone.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.filter(\.isASCII).filter(\.isNumber)
        guard digits.count >= 3 else { return nil }
        return "tel:" + (trimmed.hasPrefix("+") ? "+" : "") + digits
    }

    /// `mailto:` and the address, anything but its plain characters percent-encoded. Nil without one.
    public static func mail(_ email: String?) -> String? {
        guard let email = email?.trimmingCharacters(in: .whitespaces), email.count >= 3, email.contains("@"), !email.hasPrefix("@"),
              !email.hasSuffix("@") else { return nil }
        let plain = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_+@")
        return email.addingPercentEncoding(withAllowedCharacters: plain).map { "mailto:" + $0 }
    }

    /// What a terminal is sent to make the drawn `buffer`'s links clickable,
    /// after the screen itself is drawn: each link's cells again, in their
    /// style (`sgr`: the escape that selects a style), between OSC 8's start
    /// and end, with the cursor and attributes saved before and restored
    /// after (so the screen library's idea of the terminal still holds).
    /// Empty when there are none.
    public static func sequence(for buffer: ScreenBuffer, sgr: (Style) -> String) -> String {
        let links = buffer.links.filter { $0.row >= 0 && $0.row < buffer.rows && $0.column >= 0 && $0.width > 0 }
        guard !links.isEmpty else { return "" }
        var out = "\u{1B}7"
        for link in links {
            let end = min(buffer.columns, link.column + link.width)
            guard link.column < end, !link.target.contains(where: { $0.asciiValue.map { $0 < 32 || $0 == 127 } ?? false }) else { continue }
            out += "\u{1B}[\(link.row + 1);\(link.column + 1)H" + sgr(buffer.cell(link.row, link.column).style)
            out += "\u{1B}]8;;\(link.target)\u{1B}\\"
            for column in link.column..<end { out += buffer.cell(link.row, column).text }
            out += "\u{1B}]8;;\u{1B}\\"
        }
        return out + "\u{1B}[0m\u{1B}8"
    }
}

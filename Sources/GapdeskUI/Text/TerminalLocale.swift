import Foundation

/// Whether the user's locale can show UTF-8; if not, ASCII glyphs are used.
public enum TerminalLocale {
    /// Judged from LC_ALL, LC_CTYPE and LANG, in the order the C library reads them.
    public static func isUTF8(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        for name in ["LC_ALL", "LC_CTYPE", "LANG"] {
            if let value = environment[name], !value.isEmpty {
                let lower = value.lowercased()
                return lower.contains("utf-8") || lower.contains("utf8")
            }
        }
        return false
    }

    public static func glyphsForOutput() -> Glyphs { isUTF8() ? .unicode : .ascii }
}

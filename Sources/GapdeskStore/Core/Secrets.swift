/// Passwords out of anything shown or written down: the one redaction every
/// message, log line, status line and report goes through. A connection
/// string may carry a password (`postgresql://user:secret@host/db`,
/// `password=secret`), and libpq quotes what it was given in its errors.
public enum Secrets {
    public static let mask = "•••"

    public static func redacted(_ text: String) -> String {
        guard text.contains("://") || text.localizedCaseInsensitiveContains("password") else { return text }
        return redactingKeywords(redactingURIs(text))
    }

    /// `scheme://user:password@` → `scheme://user:•••@`: the password runs to the last `@` before the host.
    private static func redactingURIs(_ text: String) -> String {
        var output = ""
        var rest = Substring(text)
        while let scheme = rest.range(of: "://") {
            output += rest[..<scheme.upperBound]
            rest = rest[scheme.upperBound...]
            // The authority ends at the first '/', '?' or whitespace; its userinfo at the last '@' within it.
            let end = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" || $0.isWhitespace } ?? rest.endIndex
            let authority = rest[..<end]
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                output += authority[...colon] + mask + authority[at...]
            } else {
                output += authority
            }
            rest = rest[end...]
        }
        return output + rest
    }

    /// `password=secret`, `password = 'se cret'` (libpq's keyword form, any case) → `password=•••`.
    private static func redactingKeywords(_ text: String) -> String {
        var output = ""
        var rest = Substring(text)
        while let found = rest.range(of: "password", options: .caseInsensitive) {
            output += rest[..<found.upperBound]
            rest = rest[found.upperBound...]
            let afterSpaces = rest.drop { $0 == " " }
            guard afterSpaces.first == "=" else { continue }
            output += "="
            var value = afterSpaces.dropFirst().drop { $0 == " " }
            if value.first == "'" {
                // A quoted value runs to the next unescaped quote, or to the end when it never closes.
                value = value.dropFirst()
                var escaped = false
                let close = value.firstIndex { character in
                    defer { escaped = character == "\\" && !escaped }
                    return character == "'" && !escaped
                }
                rest = close.map { value[value.index(after: $0)...] } ?? value[value.endIndex...]
            } else {
                rest = value.drop { !$0.isWhitespace }
            }
            output += mask
        }
        return output + rest
    }
}

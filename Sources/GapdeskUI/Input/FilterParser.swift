import GapdeskStore

/// Reads what a user types after `/`: free words match customer, comment or
/// phone; `site:`, `staff:` and `tag:` narrow by those. Quotes keep spaces:
/// `tag:"car not ready" site:york late`.
public enum FilterParser {
    public static func parse(_ input: String) -> ListFilter {
        var filter = ListFilter()
        var words: [String] = []
        for token in tokens(input) {
            let lower = token.lowercased()
            if ["site:", "staff:", "tag:"].contains(lower) { continue }  // a field with nothing after it narrows nothing
            if let value = value(of: token, lower: lower, prefix: "site:") { filter.site = value }
            else if let value = value(of: token, lower: lower, prefix: "staff:") { filter.staff = value }
            else if let value = value(of: token, lower: lower, prefix: "tag:") { filter.tag = value }
            else { words.append(token) }
        }
        let text = words.joined(separator: " ")
        filter.text = text.isEmpty ? nil : text
        return filter
    }

    private static func value(of token: String, lower: String, prefix: String) -> String? {
        guard lower.hasPrefix(prefix) else { return nil }
        let value = String(token.dropFirst(prefix.count))
        return value.isEmpty ? nil : value
    }

    /// Splits on spaces outside double quotes; quotes are removed, an
    /// unbalanced quote runs to the end.
    static func tokens(_ input: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var quoted = false
        var started = false
        for character in input {
            if character == "\"" {
                quoted.toggle()
                started = true
            } else if character.isWhitespace && !quoted {
                if started || !current.isEmpty { tokens.append(current) }
                current = ""
                started = false
            } else {
                current.append(character)
                started = true
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens.filter { !$0.isEmpty }
    }

    /// The fields a filter uses.
    public static func fields(_ filter: ListFilter) -> [FilterField] {
        [(FilterField.words, filter.text), (.site, filter.site), (.staff, filter.staff), (.tag, filter.tag)]
            .filter { !($0.1 ?? "").isEmpty }.map(\.0)
    }

    /// The filter written back as text, for the pane title.
    public static func describe(_ filter: ListFilter) -> String {
        func quote(_ s: String) -> String { s.contains(" ") ? "\"\(s)\"" : s }
        var parts: [String] = []
        if let text = filter.text { parts.append(text) }
        if let site = filter.site { parts.append("site:" + quote(site)) }
        if let staff = filter.staff { parts.append("staff:" + quote(staff)) }
        if let tag = filter.tag { parts.append("tag:" + quote(tag)) }
        return parts.joined(separator: " ")
    }
}

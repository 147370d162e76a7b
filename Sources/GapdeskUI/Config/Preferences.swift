import Foundation

/// One person's preferences, from `$XDG_CONFIG_HOME/gapdesk/config.toml`:
///
///     theme = "light"            # default, light, monochrome, colour-blind
///     refresh_ms = 250           # how often to look for other people's changes
///     [display]
///     time_zone = "Asia/Tokyo"   # your own zone, named beside times of sites elsewhere
///     [keys]
///     record_call = "C"          # a command name = a key, or a list of keys
///     quit = ["q", "Ctrl-c"]
public struct Preferences: Sendable {
    public var theme: ThemeName = .default
    public var refreshMilliseconds = 250
    public var bindings: KeyBindings = .standard
    /// The viewer's own zone, when it is not the process's (TZ is not passed over SSH).
    public var timeZone: TimeZone?
    /// Draw phones as `tel:` hyperlinks (OSC 8): off unless asked for, as a terminal without them may show their text.
    public var hyperlinks = false

    public init() {}

    /// Reads the file's text. A problem names its line and leaves the defaults in place.
    public static func parse(_ text: String, file: String = "config.toml") -> (Preferences, [String]) {
        var preferences = Preferences()
        var problems: [String] = []
        var section = ""
        var remaps: [(command: String, keys: [String])] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let line = stripComment(String(rawLine)).trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            func problem(_ what: String) { problems.append("\(file) line \(number): \(what)") }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else { problem("a section header needs a closing ]"); continue }
                section = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                if !["keys", "display"].contains(section) { problem("unknown section [\(section)]; the sections are [display] and [keys]") }
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { problem("expected name = value"); continue }
            let name = line[..<equals].trimmingCharacters(in: .whitespaces)
            let rawValue = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard let value = Value(rawValue) else { problem("\"\(rawValue)\" is not a quoted string, a number or a list of strings"); continue }
            switch (section, name) {
            case ("", "theme"):
                guard case .string(let text) = value, let theme = ThemeName(configValue: text) else {
                    problem("theme must be one of \(ThemeName.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))"); continue
                }
                preferences.theme = theme
            case ("", "refresh_ms"):
                guard case .integer(let ms) = value, (50...10_000).contains(ms) else {
                    problem("refresh_ms must be a whole number from 50 to 10000"); continue
                }
                preferences.refreshMilliseconds = ms
            case ("display", "time_zone"), ("", "display.time_zone"):
                guard case .string(let name) = value, let zone = TimeZone(identifier: name) else {
                    problem("time_zone must be a zone name such as \"Europe/London\" or \"Asia/Tokyo\""); continue
                }
                preferences.timeZone = zone
            case ("display", "hyperlinks"), ("", "display.hyperlinks"):
                guard case .boolean(let on) = value else { problem("hyperlinks must be true or false"); continue }
                preferences.hyperlinks = on
            case ("keys", _):
                switch value {
                case .string(let key): remaps.append((name, [key]))
                case .strings(let keys) where !keys.isEmpty: remaps.append((name, keys))
                default: problem("a key binding is a quoted key name or a list of them")
                }
            case ("", _):
                problem("unknown setting \"\(name)\"; settings are theme, refresh_ms, [display] time_zone and hyperlinks, and the [keys] section")
            case ("display", _):
                problem("unknown setting \"\(name)\" in [display]; the settings there are time_zone and hyperlinks")
            default:
                break
            }
        }
        do {
            preferences.bindings = try KeyBindings.standard.remapped(remaps)
        } catch {
            problems.append("\(file): \(error.description); using the standard keys")
        }
        return (preferences, problems)
    }

    /// Loads the file if there is one; a missing file is not a problem.
    public static func load(path: String) -> (Preferences, [String]) {
        guard FileManager.default.fileExists(atPath: path) else { return (Preferences(), []) }
        guard let data = FileManager.default.contents(atPath: path) else {
            return (Preferences(), ["\(path) cannot be read; using the defaults"])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return (Preferences(), ["\(path) is not UTF-8 text; using the defaults"])
        }
        return parse(text, file: path)
    }

    enum Value {
        case string(String), integer(Int), strings([String]), boolean(Bool)

        init?(_ text: String) {
            if let integer = Int(text) { self = .integer(integer); return }
            if text == "true" || text == "false" { self = .boolean(text == "true"); return }
            if let string = Value.quoted(text) { self = .string(string); return }
            if text.hasPrefix("[") && text.hasSuffix("]") {
                let inner = text.dropFirst().dropLast()
                var items: [String] = []
                for part in Value.splitList(String(inner)) {
                    let trimmed = part.trimmingCharacters(in: .whitespaces)
                    if trimmed.isEmpty { continue }
                    guard let item = Value.quoted(trimmed) else { return nil }
                    items.append(item)
                }
                self = .strings(items)
                return
            }
            return nil
        }

        static func quoted(_ text: String) -> String? {
            guard text.count >= 2, let first = text.first, first == "\"" || first == "'", text.last == first else { return nil }
            let inner = String(text.dropFirst().dropLast())
            return first == "'" ? inner : inner.replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
        }

        /// Splits on commas outside quotes.
        static func splitList(_ text: String) -> [String] {
            var parts: [String] = [], current = "", quote: Character?
            for character in text {
                if let open = quote { if character == open { quote = nil } }
                else if character == "\"" || character == "'" { quote = character }
                else if character == "," { parts.append(current); current = ""; continue }
                current.append(character)
            }
            parts.append(current)
            return parts
        }
    }

    /// Removes a `#` comment that is not inside quotes.
    static func stripComment(_ line: String) -> String {
        var quote: Character?
        for (offset, character) in line.enumerated() {
            if let open = quote { if character == open { quote = nil } }
            else if character == "\"" || character == "'" { quote = character }
            else if character == "#" { return String(line.prefix(offset)) }
        }
        return line
    }
}

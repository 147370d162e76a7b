import Foundation

/// Where gapdesk keeps its files, following the XDG base-directory rules.
public struct StoreLocation: Sendable {
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    private var home: String { environment["HOME"] ?? NSHomeDirectory() }

    private func base(_ variable: String, fallback: String) -> String {
        if let value = environment[variable], value.hasPrefix("/") { return value }
        return home + "/" + fallback
    }

    /// `$XDG_DATA_HOME/gapdesk` or `~/.local/share/gapdesk`.
    public var dataDirectory: String { base("XDG_DATA_HOME", fallback: ".local/share") + "/gapdesk" }
    /// `$XDG_STATE_HOME/gapdesk` or `~/.local/state/gapdesk` (logs).
    public var stateDirectory: String { base("XDG_STATE_HOME", fallback: ".local/state") + "/gapdesk" }
    /// `$XDG_CONFIG_HOME/gapdesk` or `~/.config/gapdesk` (personal preferences).
    public var configDirectory: String { base("XDG_CONFIG_HOME", fallback: ".config") + "/gapdesk" }
    /// One person's preferences: theme, keys, their time zone.
    public var preferencesPath: String { configDirectory + "/config.toml" }

    public var defaultStorePath: String { dataDirectory + "/gapdesk.sqlite" }
    public var defaultDemoPath: String { dataDirectory + "/demo.sqlite" }

    /// How a suggested command names the store at `path`: nothing when gapdesk would find it unasked, else
    /// " --db PATH", a file's path whole (the command is run in another terminal, maybe another folder), quoted for
    /// the shell, a password masked.
    public func argument(for path: String) -> String {
        guard path != storePath(option: nil) else { return "" }
        let isFile = !path.contains("=") && !path.contains("://")
        let whole = isFile && !path.hasPrefix("/") ? FileManager.default.currentDirectoryPath + "/" + path : path
        let shown = Secrets.redacted(whole)
        let plain = shown.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "/._-+:@".unicodeScalars.contains($0) }
        return " --db " + (plain ? shown : "'" + shown.replacingOccurrences(of: "'", with: "'\\''") + "'")
    }

    /// `--db` wins, then `GAPDESK_DB`, then the default file.
    public func storePath(option: String?) -> String {
        if let option, !option.isEmpty { return option }
        if let variable = environment["GAPDESK_DB"], !variable.isEmpty { return variable }
        return defaultStorePath
    }
}

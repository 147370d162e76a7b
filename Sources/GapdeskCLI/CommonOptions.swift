import ArgumentParser
import Foundation
import GapdeskDomain
import GapdeskStore
import GapdeskUI
import Logging

/// Options every command that reads the store takes.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store: a SQLite file's path or a PostgreSQL connection string (default: $GAPDESK_DB, else $XDG_DATA_HOME/gapdesk/gapdesk.sqlite).", valueName: "store"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("Act as if it were this moment (ISO 8601, e.g. 2026-03-02T09:00:00Z).", valueName: "time"))
    var now: String?

    @Flag(name: .customLong("read-only"), help: "Look without being able to change anything.")
    var readOnly = false

    @Option(name: .customLong("log-level"), help: ArgumentHelp("Diagnostics written to $XDG_STATE_HOME/gapdesk/gapdesk.log: trace, debug, info, notice, warning, error, critical.", valueName: "level"))
    var logLevel: String = "info"

    func validate() throws {
        if let db, db.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--db needs the path of a store; it was given an empty one.")
        }
        if let now, Clock.parseInstant(now) == nil {
            throw ValidationError("\"\(now)\" is not a time gapdesk understands; use ISO 8601, e.g. 2026-03-02T09:00:00Z.")
        }
        if Logger.Level(rawValue: logLevel.lowercased()) == nil {
            throw ValidationError("\"\(logLevel)\" is not a log level; use one of trace, debug, info, notice, warning, error, critical.")
        }
    }

    var location: StoreLocation { StoreLocation() }
    var path: String { location.storePath(option: db) }

    /// This person's preferences and what was wrong with their file, read once per process.
    static let preferences = Preferences.load(path: StoreLocation().preferencesPath)

    /// The clock every command uses: `--now` or the system's time, in the
    /// viewer's zone (the `[display] time_zone` preference, else TZ).
    var clock: Clock {
        let zone = Self.preferences.0.timeZone ?? .current
        if let now, let date = Clock.parseInstant(now) { return Clock(now: date, timeZone: zone) }
        return Clock(now: Date(), timeZone: zone)
    }

    func startLogging() {
        Diagnostics.start(directory: location.stateDirectory, level: Logger.Level(rawValue: logLevel.lowercased()) ?? .info)
    }

    /// Opens the existing store (at `path` unless another is named); never creates one.
    func openStore(at other: String? = nil, readOnly: Bool = false) throws -> Store {
        startLogging()
        let path = other ?? self.path
        do {
            return try Store.open(path: path, readOnly: readOnly || self.readOnly)
        } catch {
            Diagnostics.logger.error("open failed: \(error.description)")
            throw UserError(error.description)
        }
    }
}

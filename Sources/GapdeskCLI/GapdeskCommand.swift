import ArgumentParser
import Foundation
import GapdeskStore

/// `gapdesk`: the command line. With no subcommand it opens the dashboard.
public struct GapdeskCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "gapdesk",
        abstract: "Close the loop on customer feedback: call back critical feedback, fix the gaps behind it.",
        discussion: """
            Data lives in a store: a SQLite file, by default $XDG_DATA_HOME/gapdesk/gapdesk.sqlite \
            (~/.local/share/gapdesk/gapdesk.sqlite), or a PostgreSQL database shared by a group of sites; \
            --db (a path or a connection string) or GAPDESK_DB choose another.
            """,
        version: GapdeskVersion.description,
        subcommands: [OpenCommand.self, InitCommand.self, DemoCommand.self, ReportCommand.self, ImportCommand.self, AddCommand.self, CallCommand.self,
                      TagCommand.self, FixCommand.self, FollowupCommand.self, UserCommand.self, SettingsCommand.self,
                      MigrateCommand.self, UpgradeCommand.self, CheckCommand.self, ManualCommand.self],
        defaultSubcommand: OpenCommand.self)

    public init() {}
}

/// What `gapdesk --version` says: this build, and the newest store layout it reads and writes.
enum GapdeskVersion {
    static let release = "0.2.0"
    static var description: String { "gapdesk \(release) (store schema \(Store.schemaVersion))" }
}

/// Runs the command line and exits with its status. Errors name what the
/// user typed and what is in the store, so they go out sanitised like
/// everything else (help and completion scripts are gapdesk's own text).
public enum GapdeskMain {
    public static func main() {
        do {
            var command = try GapdeskCommand.parseAsRoot()
            try command.run()
        } catch {
            let code = GapdeskCommand.exitCode(for: error)
            let message = GapdeskCommand.fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { Output.raw(message + "\n") }
            } else if !message.isEmpty {
                Output.warn(message)
            }
            exit(code.rawValue)
        }
    }
}

/// An error whose message is already a sentence for the user.
struct UserError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

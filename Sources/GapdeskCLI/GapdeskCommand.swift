import ArgumentParser
import Foundation

/// `gapdesk`: the command line. With no subcommand it opens the dashboard.
public struct GapdeskCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "gapdesk",
        abstract: "Close the loop on customer feedback: call back critical feedback, fix the gaps behind it.",
        discussion: """
            Data lives in one SQLite store, by default $XDG_DATA_HOME/gapdesk/gapdesk.sqlite \
            (~/.local/share/gapdesk/gapdesk.sqlite); --db PATH or GAPDESK_DB choose another.
            """,
        subcommands: [OpenCommand.self, InitCommand.self, DemoCommand.self, ReportCommand.self, ImportCommand.self, AddCommand.self, CallCommand.self,
                      TagCommand.self, FixCommand.self, UserCommand.self, SettingsCommand.self],
        defaultSubcommand: OpenCommand.self)

    public init() {}
}

/// Runs the command line and exits with its status.
public enum GapdeskMain {
    public static func main() {
        GapdeskCommand.main()
    }
}

/// An error whose message is already a sentence for the user.
struct UserError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

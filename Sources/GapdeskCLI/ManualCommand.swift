import ArgumentParser
import Foundation
import GapdeskUI

/// `gapdesk manual`: the man page, built from the command line's own
/// definition and the dashboard's key table, so it matches the binary. The
/// options every store command takes are said once; each command lists only
/// its own.
struct ManualCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "manual",
        abstract: "Print the man page (roff), e.g. gapdesk manual > ~/.local/share/man/man1/gapdesk.1",
        shouldDisplay: false)

    func run() throws {
        // ArgumentParser describes the whole command tree as JSON; reading it
        // from this very binary keeps the page and the parser one definition.
        let (status, output) = try Self.run("/proc/self/exe", ["--experimental-dump-help"])
        guard status == 0 else { throw UserError("gapdesk could not describe its own commands (status \(status)).") }
        let tool = try JSONDecoder().decode(ManualPage.Tool.self, from: output)
        Output.raw(ManualPage(tool: tool.command, bindings: KeyBindings.standard.bindings, version: GapdeskVersion.description).roff)
    }

    private static func run(_ executable: String, _ arguments: [String]) throws -> (Int32, Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data)
    }
}

/// The man page's text, from the command tree and the key bindings.
struct ManualPage {
    /// The parts of ArgumentParser's description of a command that the page uses.
    struct Tool: Decodable { var command: Command }
    struct Command: Decodable {
        var commandName: String
        var abstract: String?
        var discussion: String?
        var shouldDisplay: Bool?
        var subcommands: [Command]?
        var arguments: [Argument]?
    }
    struct Argument: Decodable {
        struct Name: Decodable { var kind: String; var name: String }
        var kind: String
        var names: [Name]?
        var valueName: String?
        var abstract: String?
        var shouldDisplay: Bool?
    }

    var tool: Command
    var bindings: [Binding]
    var version: String

    /// Options that most commands take alike: said once, under COMMON OPTIONS.
    var common: [Argument] {
        var seen: [String: (argument: Argument, count: Int)] = [:]
        for command in commands.map(\.command) {
            for argument in command.arguments ?? [] where argument.kind != "positional" {
                seen[Self.flags(argument), default: (argument, 0)].count += 1
            }
        }
        return seen.values.filter { $0.count > commands.count / 2 }.map(\.argument).sorted { Self.flags($0) < Self.flags($1) }
    }

    /// Every command shown in help, with its full name ("user add"), in order.
    var commands: [(name: String, command: Command)] {
        func walk(_ command: Command, _ prefix: String) -> [(String, Command)] {
            (command.subcommands ?? []).filter { $0.shouldDisplay != false && $0.commandName != "help" }.flatMap { sub in
                let name = prefix.isEmpty ? sub.commandName : prefix + " " + sub.commandName
                return (sub.subcommands ?? []).isEmpty ? [(name, sub)] : [(name, sub)] + walk(sub, name)
            }
        }
        return walk(tool, "")
    }

    var roff: String {
        let commonFlags = Set(common.map(Self.flags))
        var page = [".TH GAPDESK 1 \"\" \"\(Self.escaped(version))\" \"User Commands\"", ".ad l",
                    ".SH NAME", "gapdesk \\- " + Self.escaped(tool.abstract ?? ""),
                    ".SH SYNOPSIS", ".B gapdesk", "[\\fIcommand\\fR] [\\fIoptions\\fR]",
                    ".SH DESCRIPTION", Self.escaped(tool.discussion ?? ""),
                    ".PP", "Without a command, gapdesk opens the dashboard (see DASHBOARD KEYS).",
                    ".SH THE STORE",
                    Self.escaped("A store is a SQLite file on one machine, or a PostgreSQL database when a group of sites shares one: "
                                 + "--db takes a file's path or a PostgreSQL connection string (\"host=db1 dbname=gapdesk\" or "
                                 + "postgresql://db1/gapdesk). On PostgreSQL the server enforces who may do what, at which sites."),
                    ".SH COMMON OPTIONS", "Options most commands take; each command's own follow it under COMMANDS."]
        page += common.flatMap(Self.item)
        page.append(".SH COMMANDS")
        for (name, command) in commands {
            page += [".SS \"gapdesk \(Self.escaped(name))\"", Self.escaped(command.abstract ?? "")]
            if let discussion = command.discussion, !discussion.isEmpty { page += [".PP", Self.escaped(discussion)] }
            page += (command.arguments ?? []).filter { $0.shouldDisplay != false && !commonFlags.contains(Self.flags($0)) }.flatMap(Self.item)
        }
        page += [".SH DASHBOARD KEYS",
                 Self.escaped("The standard keys; any can be changed under [keys] in config.toml, by the name in brackets, "
                              + "and every screen then names the key as changed.")]
        for binding in bindings {
            page += [".TP", "\\fB" + Self.escaped(binding.keys.map(\.name).joined(separator: ", ")) + "\\fR [" + Self.escaped(binding.command.name) + "]",
                     Self.escaped(binding.help)]
        }
        page += [".SH ENVIRONMENT",
                 ".TP", "\\fBGAPDESK_DB\\fR", "The store when --db is not given.",
                 ".TP", "\\fBNO_COLOR\\fR", "Set: no colour; every state still shows by its mark.",
                 ".TP", "\\fBXDG_DATA_HOME\\fR, \\fBXDG_CONFIG_HOME\\fR, \\fBXDG_STATE_HOME\\fR",
                 Self.escaped("Where the default store, config.toml and the diagnostics log live (else ~/.local/share, ~/.config, ~/.local/state)."),
                 ".SH FILES",
                 ".TP", "\\fI~/.config/gapdesk/config.toml\\fR", "Personal preferences: theme, refresh, time zone, keys.",
                 ".TP", "\\fI~/.local/share/gapdesk/gapdesk.sqlite\\fR", "The default store.",
                 ".TP", "\\fI~/.local/state/gapdesk/gapdesk.log\\fR", "Diagnostics, never on screen."]
        return page.joined(separator: "\n") + "\n"
    }

    /// An option's spelling, "--db" or "-h, --help": what tells two options apart.
    static func flags(_ argument: Argument) -> String {
        (argument.names ?? []).map { ($0.kind == "short" ? "-" : "--") + $0.name }.joined(separator: ", ")
    }

    static func item(_ argument: Argument) -> [String] {
        let name = argument.kind == "positional" ? "\\fI" + escaped(argument.valueName ?? "value") + "\\fR"
            : "\\fB" + escaped(flags(argument)) + "\\fR" + (argument.kind == "option" ? " \\fI" + escaped(argument.valueName ?? "value") + "\\fR" : "")
        return [".TP", name, escaped(argument.abstract ?? "")]
    }

    /// Text as roff reads it literally: backslashes, hyphens, and a line's leading dot or quote.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\e").replacingOccurrences(of: "-", with: "\\-")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(".") || $0.hasPrefix("'") ? "\\&" + $0 : String($0) }.joined(separator: "\n")
    }
}

import Foundation
import Testing

/// Runs the real `gapdesk` binary, built next to the tests.
enum Binary {
    /// GAPDESK_TEST_BINARY runs the tests against another build (to see a new
    /// test fail on the code from before its fix).
    static let path: String = {
        if let other = ProcessInfo.processInfo.environment["GAPDESK_TEST_BINARY"], !other.isEmpty { return other }
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("gapdesk").path,
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent(".build/debug/gapdesk").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[1]
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// A command that runs gapdesk on `db` at `now` in `home`, expecting each run to succeed (an oracle's steps).
    static func succeeding(db: String, now: String, home: URL) -> ([String]) throws -> Result {
        { arguments in
            let result = try run(arguments + ["--db", db, "--now", now], home: home)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            return result
        }
    }

    /// Runs gapdesk with arguments, in a private XDG home so no user's files are touched.
    static func run(_ arguments: [String], home: URL, environment extra: [String: String] = [:], executable: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable ?? path)
        process.arguments = arguments
        process.environment = environment(home: home).merging(extra) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Runs a shell command line; returns its exit status.
    static func shell(_ command: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    static func environment(home: URL) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = home.path
        environment["XDG_DATA_HOME"] = home.appendingPathComponent("data").path
        environment["XDG_STATE_HOME"] = home.appendingPathComponent("state").path
        environment["XDG_CONFIG_HOME"] = home.appendingPathComponent("config").path
        environment["LANG"] = "C.UTF-8"
        environment.removeValue(forKey: "GAPDESK_DB")
        environment.removeValue(forKey: "NO_COLOR")
        return environment
    }
}

/// A temporary home folder for one test.
final class Scratch {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("gapdesk-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    deinit { try? FileManager.default.removeItem(at: url) }
}

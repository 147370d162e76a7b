import Foundation
import Testing

/// A PostgreSQL server of the test's own (scripts/postgres-throwaway.sh), to
/// stop and start under an open dashboard without disturbing other tests.
final class OwnServer {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/postgres-throwaway.sh").path
    /// The PostgreSQL cases run where a test server is configured (as in CI).
    static let enabled = !(ProcessInfo.processInfo.environment["GAPDESK_TEST_POSTGRES"] ?? "").isEmpty

    let superuser: String
    let folder: String

    init() throws {
        let lines = try Self.run(["start"]).split(separator: "\n").map(String.init)
        guard lines.count >= 2 else { throw POSIXError(.EIO) }
        (superuser, folder) = (lines[0], lines[1])
    }

    deinit { _ = try? Self.run(["stop", folder]) }

    /// The address of a database on it, made empty for the test.
    func database(_ name: String) throws -> String {
        try Detached.run(["psql", superuser, "-q", "-c", "CREATE DATABASE \(name)"], scratch: FileManager.default.temporaryDirectory)
        return superuser + " dbname=\(name)"
    }

    func pause() throws { _ = try Self.run(["pause", folder]) }
    func resume() throws { _ = try Self.run(["resume", folder]) }

    @discardableResult
    static func run(_ arguments: [String]) throws -> String {
        try Detached.run(["/bin/bash", script] + arguments, scratch: FileManager.default.temporaryDirectory)
    }
}

extension EndToEnd { @Suite(.enabled(if: OwnServer.enabled, "needs GAPDESK_TEST_POSTGRES")) struct ServerEndToEndTests {
    static let now = "2026-03-02T09:00:00Z"

    /// The import on PostgreSQL (COPY into staging tables) keeps the
    /// guarantee it has on SQLite: killed and rerun, it comes to one clean import.
    @Test func aKilledImportAndItsRerunRankExactlyAsOneCleanImport() throws {
        let scratch = try Scratch()
        let superuser = ProcessInfo.processInfo.environment["GAPDESK_TEST_POSTGRES"] ?? ""
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let names = ["gdk_clean_\(suffix)", "gdk_killed_\(suffix)"]
        for name in names { try Detached.run(["psql", superuser, "-q", "-c", "CREATE DATABASE \(name)"], scratch: scratch.url) }
        defer {
            for name in names { _ = try? Detached.run(["psql", superuser, "-q", "-c", "DROP DATABASE \(name) WITH (FORCE)"], scratch: scratch.url) }
        }
        try TrustTests.killedImportRanksAsACleanOne(scratch: scratch, clean: superuser + " dbname=\(names[0])",
                                                    killed: superuser + " dbname=\(names[1])", withoutIds: true)
    }

    /// The server stops under an open dashboard: a status line says so, a
    /// call is refused with a sentence and not half saved; when the server is
    /// back the dashboard reconnects by itself and shows a colleague's write.
    @Test func aDashboardRidesOutTheServerGoingAway() throws {
        let scratch = try Scratch()
        let server = try OwnServer()
        let db = try server.database("dealer_group")
        let built = try Binary.run(["demo", "--no-ui", "--db", db, "--now", Self.now, "--responses", "1500"], home: scratch.url)
        #expect(built.status == 0, "\(built.stderr)")
        let open = try Binary.run(["report", "queue", "--db", db, "--now", Self.now], home: scratch.url).stdout
        let tmux = try Tmux(["--db", db, "--now", Self.now], scratch: scratch)
        #expect(tmux.waitFor("1 Callbacks").found)

        try server.pause()
        let lost = tmux.waitFor("Server unreachable; reconnecting")
        #expect(lost.found, "\(lost.screen)")
        tmux.press("c", "t")
        let refused = tmux.waitFor("Nothing was saved: the server of")
        #expect(refused.found, "\(refused.screen)")

        try server.resume()
        let back = tmux.waitFor("Connected to the server again")
        #expect(back.found, "\(back.screen)")
        let added = try Binary.run(["add", "--db", db, "--now", Self.now, "--customer", "Marker Person", "--phone", "0100 999",
                                    "--site", "Northgate York Service", "--rating", "1", "--comment", "marker"], home: scratch.url)
        #expect(added.status == 0, "\(added.stderr)")
        tmux.press("2")
        let seen = tmux.waitFor("Marker Pers")
        #expect(seen.found, "\(seen.screen)")
        tmux.press("q")
        #expect(tmux.exitStatus() == 0)
        // The refused call was not recorded: the same calls are open, with the colleague's new one.
        let after = try Binary.run(["report", "queue", "--db", db, "--now", Self.now], home: scratch.url).stdout
        #expect(after.contains("Marker Person"))
        #expect(open.split(separator: "\n").dropFirst().allSatisfy { after.contains($0) }, "\(open)\n---\n\(after)")
    }

    /// The server goes away in the middle of an import: it says how many
    /// rows were saved before it stopped, and a rerun completes the file.
    @Test func anImportCutOffByTheServerSaysWhatItSavedAndARerunCompletesIt() throws {
        let scratch = try Scratch()
        let server = try OwnServer()
        let db = try server.database("cut_off")
        func run(_ arguments: [String]) throws -> Binary.Result { try Binary.run(arguments + ["--now", Self.now], home: scratch.url) }
        func stored() throws -> Int { Int(try Detached.run(["psql", db, "-Atc", "SELECT count(*) FROM response"], scratch: scratch.url)
            .trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1 }
        let file = scratch.path("export.csv")
        try TrustTests().export(file, rows: 80_000)
        #expect(try run(["init", "--db", db]).status == 0)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = ["import", file, "--db", db, "--now", Self.now]
        process.environment = Binary.environment(home: scratch.url)
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while (try? stored()) ?? 0 == 0 && process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(process.isRunning, "the import finished before the server went away: the test proves nothing")
        try server.pause()
        process.waitUntilExit()
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        try server.resume()
        let saved = try stored()
        #expect(process.terminationStatus != 0)
        #expect(saved > 0 && saved < 80_000 && said.contains("the import stopped after \(saved) rows were saved"), "\(saved) stored; said: \(said)")
        #expect(said.contains("Run the same import again") && !said.contains("Nothing was saved"), "\(said)")
        let rerun = try run(["import", file, "--db", db])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try stored() == 80_000)
    }
} }

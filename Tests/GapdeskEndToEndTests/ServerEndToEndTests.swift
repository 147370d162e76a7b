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
} }

import Foundation
import GapdeskDomain
@testable import GapdeskStore
import GRDB
import Testing

/// Stores in bad shape, odd terminals, resize storms: a sentence or a working screen, never a crash.
extension EndToEnd { @Suite struct HardeningTests {
    static let now = "2026-03-02T09:00:00Z"
    static let isRoot = getuid() == 0

    func demo(_ scratch: Scratch, responses: Int = 300) throws -> String {
        let db = scratch.path("demo.sqlite")
        _ = try Binary.run(["demo", "--no-ui", "--db", db, "--now", Self.now, "--responses", String(responses)], home: scratch.url)
        return db
    }

    /// Runs gapdesk as the unprivileged `nobody`, from a copy of the binary it may execute.
    func runAsNobody(_ arguments: [String], scratch: Scratch) throws -> Binary.Result {
        let copy = scratch.path("gapdesk-copy")
        if !FileManager.default.fileExists(atPath: copy) {
            try FileManager.default.copyItem(atPath: Binary.path, toPath: copy)
            chmod(copy, 0o755)
            chmod(scratch.url.path, 0o755)
        }
        return try Binary.run(["-u", "nobody", "--", "env", "HOME=/tmp", "XDG_STATE_HOME=/tmp/gapdesk-nobody-state", copy] + arguments,
                              home: scratch.url, executable: "/usr/sbin/runuser")
    }

    @Test(.enabled(if: HardeningTests.isRoot, "needs root to act as another account"))
    func unreadableAndReadOnlyStoresGetASentence() throws {
        let scratch = try Scratch()
        let db = try demo(scratch)
        let unreadable = try runAsNobody(["report", "queue", "--db", db], scratch: scratch)
        #expect(unreadable.status != 0 && unreadable.stderr.contains("cannot be read: permission denied"), "\(unreadable.stderr)")
        chmod(db, 0o644)
        let folder = try runAsNobody(["report", "queue", "--db", db], scratch: scratch)
        #expect(folder.status != 0 && folder.stderr.contains("folder is not writable for you"), "\(folder.stderr)")
        chmod(scratch.url.path, 0o777)
        let read = try runAsNobody(["report", "queue", "--db", db, "--now", Self.now, "--limit", "3"], scratch: scratch)
        #expect(read.status == 0 && read.stdout.contains("overdue"), "a readable store can be reported: \(read.stderr)")
        let write = try runAsNobody(["call", "record", "1", "--outcome", "thanked", "--db", db], scratch: scratch)
        #expect(write.status != 0 && write.stderr.contains("read-only for you"), "\(write.stderr)")
        #expect(!write.stderr.contains("SQLITE") && !write.stderr.contains("Fatal"))
    }

    @Test func aStoreLockedForALongTimeIsWaitedOutThenExplained() throws {
        let scratch = try Scratch()
        let db = try demo(scratch)
        let open = try #require(try Store.open(path: db, readOnly: true).queue(limit: 1).first)
        // Another program (the sqlite3 shell) holds the write lock for longer than gapdesk waits.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["sqlite3", db]
        let input = Pipe(), output = Pipe()
        holder.standardInput = input
        holder.standardOutput = output
        try holder.run()
        defer { kill(holder.processIdentifier, SIGKILL); holder.waitUntilExit() }
        input.fileHandleForWriting.write(Data("BEGIN IMMEDIATE;\nSELECT 'locked';\n".utf8))
        _ = output.fileHandleForReading.availableData  // waits for "locked"
        // It waits out the busy timeout (and retries twice) before it says so.
        let result = try Binary.run(["call", "record", String(open.callbackId), "--outcome", "thanked", "--db", db], home: scratch.url)
        #expect(result.status != 0 && result.stderr.contains("stayed locked by another program"), "\(result.stderr)")
        // Reads are not blocked by a writer (WAL).
        let report = try Binary.run(["report", "queue", "--db", db, "--limit", "1"], home: scratch.url)
        #expect(report.status == 0)
    }

    @Test func aStoreFromANewerGapdeskIsLeftAlone() throws {
        let scratch = try Scratch()
        let db = try demo(scratch)
        let queue = try DatabaseQueue(path: db)
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES ('v99: the future')") }
        try queue.close()
        for arguments in [["report", "queue"], ["call", "record", "1", "--outcome", "thanked"], ["open"]] {
            let result = try Binary.run(arguments + ["--db", db], home: scratch.url)
            #expect(result.status != 0 && result.stderr.contains("written by a newer version of gapdesk"), "\(arguments): \(result.stderr)")
        }
    }

    @Test func everyCommonTerminalTypeWorks() throws {
        let scratch = try Scratch()
        let db = try demo(scratch)
        for term in ["xterm-256color", "xterm", "screen", "tmux-256color", "vt100", "linux"] {
            let tmux = try Tmux(["--db", db, "--now", Self.now], scratch: scratch, environment: ["TERM": term])
            let screen = tmux.waitFor("1 Callbacks")
            #expect(screen.found, "TERM=\(term):\n\(screen.screen)")
            tmux.press("2", "Enter", "Escape", "q")
            #expect(tmux.exitStatus() == 0, "TERM=\(term)")
        }
    }

    @Test func aResizeStormNeverCrashes() throws {
        let scratch = try Scratch()
        let db = try demo(scratch)
        let tmux = try Tmux(["--db", db, "--now", Self.now], scratch: scratch, columns: 40, rows: 10)
        #expect(tmux.waitFor("1 Callbacks").found)
        var random = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            tmux.resize(columns: Int.random(in: 20...300, using: &random), rows: Int.random(in: 5...100, using: &random))
        }
        tmux.resize(columns: 300, rows: 100)
        #expect(tmux.waitFor("3 Gaps").found)
        tmux.resize(columns: 40, rows: 10)
        let small = tmux.waitFor("1 Callbacks")
        #expect(small.found, "\(small.screen)")
        tmux.press("q")
        #expect(tmux.exitStatus() == 0)
    }
}}

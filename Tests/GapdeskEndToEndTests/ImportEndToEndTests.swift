import Foundation
import GapdeskDomain
@testable import GapdeskStore
import GRDB
import Testing

extension EndToEnd { @Suite struct ImportEndToEndTests {
    static let now = "2026-03-02T09:00:00Z"

    /// A generic export of `rows` responses, about half of them critical.
    func writeExport(_ path: String, rows: Int, prefix: String = "r") throws {
        #expect(FileManager.default.createFile(atPath: path, contents: nil), "a fixture file")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var text = "response_id,received_at,customer,phone,site,rating,comment,root_causes\n"
        for index in 0..<rows {
            let minute = index % 60, hour = (index / 60) % 24
            text += "\(prefix)-\(index),2026-02-\(String(format: "%02d", 1 + index % 28))T\(String(format: "%02d:%02d", hour, minute)):00Z,"
                + "Customer \(index % 5000),0770 \(index % 5000),Site \(index % 7),\(1 + index % 5),\"Comment, number \(index)\",cause \(index % 11)\n"
            if text.utf8.count > 1 << 16 { handle.write(Data(text.utf8)); text = "" }
        }
        handle.write(Data(text.utf8))
    }

    @Test func aKilledImportLeavesTheStoreIntactAndARerunCompletesIt() throws {
        let scratch = try Scratch()
        let db = scratch.path("store.sqlite")
        _ = try Binary.run(["init", "--db", db], home: scratch.url)
        let export = scratch.path("big.csv")
        let rows = 40_000
        try writeExport(export, rows: rows)
        let store = try Store.open(path: db, readOnly: true)
        func count() throws -> Int { try store.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM response") ?? 0 } }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = ["import", export, "--db", db, "--now", Self.now]
        process.environment = Binary.environment(home: scratch.url)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until some batches are in, then kill without warning.
        let deadline = Date().addingTimeInterval(60)
        while try count() < 4_000 && Date() < deadline && process.isRunning { Thread.sleep(forTimeInterval: 0.02) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL, "the import died of the kill")
        let partial = try count()
        #expect(partial > 0 && partial < rows, "killed midway: \(partial) of \(rows)")
        #expect(try store.pool.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")

        let rerun = try Binary.run(["import", export, "--db", db, "--now", Self.now], home: scratch.url)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stdout.contains("\(partial) already there"), "\(rerun.stdout)")
        #expect(try count() == rows)
        let distinct = try store.pool.read { try Int.fetchOne($0, sql: "SELECT count(DISTINCT external_id) FROM response") }
        #expect(distinct == rows, "no duplicates")
        let callbacks = try store.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM callback") }
        // Ratings 1-4 of 5 are critical; those given over 14 days before the import are history (callback.max_age_days).
        let recent = try store.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM response WHERE critical = 1 AND received_at >= ?",
                                                            arguments: [Int64(Clock.parseInstant(Self.now)!.timeIntervalSince1970) - 14 * 86_400]) }
        #expect(callbacks == recent && callbacks! > 0 && callbacks! < rows * 4 / 5, "one callback per critical response young enough to call back")
        // The daily summaries were written with their batches: nothing counted twice or lost.
        let summarised = try store.pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT sum(fell_due) FROM loop_day"), try Int.fetchOne(db, sql: "SELECT sum(responses) FROM response_day"))
        }
        #expect(summarised.0 == callbacks && summarised.1 == rows)
    }

    @Test func importingWhileADashboardIsOpenShowsTheNewFeedback() throws {
        let scratch = try Scratch()
        let db = scratch.path("store.sqlite")
        _ = try Binary.run(["demo", "--no-ui", "--db", db, "--now", Self.now, "--responses", "300"], home: scratch.url)
        let tmux = try Tmux(["--db", db, "--now", Self.now], scratch: scratch)
        #expect(tmux.waitFor("1 Callbacks").found)
        tmux.press("2")
        let export = scratch.path("new.csv")
        try "response_id,received_at,customer,site,rating,comment\nnew-1,2026-03-02T08:59:00Z,Imported Ivy,Leeds,1,imported marker\n"
            .write(toFile: export, atomically: true, encoding: .utf8)
        let result = try Binary.run(["import", export, "--db", db, "--now", Self.now], home: scratch.url)
        #expect(result.status == 0 && result.stdout.contains("1 imported"), "\(result.stdout)\(result.stderr)")
        let seen = tmux.waitFor("Imported Ivy")
        #expect(seen.found, "\(seen.screen)")
        tmux.press("q")
    }

    @Test func theCommandReportsBadRowsWritesRejectsAndExitsNonZero() throws {
        let scratch = try Scratch()
        let db = scratch.path("store.sqlite")
        _ = try Binary.run(["init", "--db", db], home: scratch.url)
        let export = scratch.path("mixed.csv")
        try "response_id,received_at,customer,site,rating\na,2026-03-01,Ann,Leeds,2\nb,2026-03-01,Bob,Leeds,9\n"
            .write(toFile: export, atomically: true, encoding: .utf8)
        let rejects = scratch.path("rejects.csv")
        let result = try Binary.run(["import", export, "--db", db, "--rejects", rejects], home: scratch.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("line 3, column rating: 9 is outside the csat5 scale (1 to 5)"))
        #expect(result.stdout.contains("read 3 lines: 1 imported, 0 already there, 1 rejected, 1 header line"), "\(result.stdout)")
        let written = try String(contentsOfFile: rejects, encoding: .utf8)
        let offset = "response_id,received_at,customer,site,rating\na,2026-03-01,Ann,Leeds,2\n".utf8.count
        #expect(written == "file,line,byte,column,error,reason,original\r\n\(export),3,\(offset),rating,out-of-range,"
                    + "9 is outside the csat5 scale (1 to 5),\"b,2026-03-01,Bob,Leeds,9\"\r\n", "\(written)")
        let stdin = try Binary.run(["import", "-", "--db", db], home: scratch.url)
        #expect(stdin.status != 0 && stdin.stderr.contains("empty"), "no input on stdin: \(stdin.stderr)")
        let notExport = try Binary.run(["import", Binary.path, "--db", db], home: scratch.url)
        #expect(notExport.status != 0 && notExport.stderr.contains("not a survey export"), "\(notExport.stderr)")
    }
}}

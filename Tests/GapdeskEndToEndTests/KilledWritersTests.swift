import Foundation
import GapdeskDomain
@testable import GapdeskStore
import GRDB
import Testing

/// Writers killed without warning at random moments: the store stays whole,
/// everything a writer said it did is there (and audited), reruns finish the job.
extension EndToEnd { @Suite struct KilledWritersTests {
    static let now = "2026-03-02T09:00:00Z"

    @Test func twentyKillsOfImportsAndBulkCallRecording() throws {
        let scratch = try Scratch()
        let db = scratch.path("store.sqlite")
        let store = try Store.create(path: db, creator: Account.current(), at: Date(timeIntervalSince1970: 1_772_442_000))
        let nowDate = Clock.parseInstant(Self.now)!
        var openCalls: [Int64] = []
        for index in 0..<400 {
            let recorded = try store.addResponse(NewResponse(externalId: "seed-\(index)", customer: "Seed \(index)", phone: "0100 \(index)",
                                                             site: "Main", scale: .csat5, rating: 2, receivedAt: nowDate),
                                                 by: Account.current(), at: nowDate)
            openCalls.append(try #require(recorded.callbackId))
        }
        let binary = Tmux.quote(Binary.path), quotedDb = Tmux.quote(db)
        var random = SeededRandom(seed: 2026)
        var kills = 0
        for round in 0..<20 {
            let script: String
            let export = scratch.path("export-\(round).csv")
            let callIds = Array(openCalls[(round * 20)..<((round + 1) * 20)])
            if round % 2 == 0 {
                var text = "response_id,received_at,customer,site,rating,comment\n"
                // Enough rows that the import is still running when it is killed, at most 0.4 s in.
                for row in 0..<20_000 { text += "k\(round)-\(row),2026-03-01T08:00:00Z,Customer \(row),Site \(row % 3),\(1 + row % 5),round \(round)\n" }
                try text.write(toFile: export, atomically: true, encoding: .utf8)
                script = "exec \(binary) import \(Tmux.quote(export)) --db \(quotedDb) --now \(Self.now)"
            } else {
                script = "for id in \(callIds.map(String.init).joined(separator: " ")); do \(binary) call record $id --outcome thanked --db \(quotedDb) >/dev/null 2>&1 && echo done $id; done"
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", script]
            process.environment = Binary.environment(home: scratch.url)
            let outputPath = scratch.path("out-\(round)")
            #expect(FileManager.default.createFile(atPath: outputPath, contents: nil), "a fixture file")
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: Double.random(in: 0.05...0.4, using: &random))
            // The loop first, then whatever it had started.
            kill(process.processIdentifier, SIGKILL)
            _ = try Binary.shell("pkill -KILL -P \(process.processIdentifier); pkill -KILL -f \(Tmux.quote(export))")
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL,
                    "round \(round): the writer had finished before the kill, which proves nothing")
            kills += 1

            #expect(try store.pool.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok", "round \(round)")
            if round % 2 == 1 {
                // Every call the loop reported done is recorded and audited, once.
                let reported = (try String(contentsOfFile: outputPath, encoding: .utf8)).split(separator: "\n").compactMap { Int64($0.split(separator: " ").last ?? "") }
                for id in reported {
                    let audited = try store.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM audit WHERE action = 'call.record' AND entity_id = ?", arguments: [String(id)]) }
                    #expect(audited == 1, "call \(id) reported done")
                    #expect(try store.pool.read { try Int64.fetchOne($0, sql: "SELECT done_at FROM callback WHERE id = ?", arguments: [id]) } != nil)
                }
                // Rerun: what is left gets recorded, nothing twice.
                for id in callIds { _ = try Binary.run(["call", "record", String(id), "--outcome", "thanked", "--db", db], home: scratch.url) }
                let twice = try store.pool.read { db in
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT entity_id FROM audit WHERE action = 'call.record' GROUP BY entity_id HAVING count(*) > 1)")
                }
                #expect(twice == 0)
            } else {
                let rerun = try Binary.run(["import", export, "--db", db, "--now", Self.now], home: scratch.url)
                #expect(rerun.status == 0, "\(rerun.stderr)")
                let imported = try store.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM response WHERE external_id LIKE ?", arguments: ["k\(round)-%"]) }
                #expect(imported == 20_000, "round \(round): the rerun brings in exactly what is missing")
            }
        }
        #expect(kills == 20)
        let duplicates = try store.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) - count(DISTINCT external_id) FROM response") }
        #expect(duplicates == 0)
        let stillOpen = try store.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM callback WHERE done_at IS NULL AND id <= ?", arguments: [openCalls.last!])
        }
        #expect(stillOpen == openCalls.count - 200, "the 200 calls the loops worked are all closed")
    }

    /// Follow-ups for many verified gaps, created by processes killed at
    /// random and by two at once: in the end each customer and gap has one.
    @Test func followupsAreCreatedOncePerCustomerAndGapAcrossKilledReruns() throws {
        let scratch = try Scratch()
        let db = scratch.path("store.sqlite")
        let store = try Store.create(path: db, creator: Account.current(), at: Date(timeIntervalSince1970: 1_772_442_000))
        let nowDate = Clock.parseInstant(Self.now)!
        var expected = Set<String>()
        for gap in 0..<40 {
            for customer in 0..<60 where (gap + customer) % 3 != 0 {
                let at = nowDate.addingTimeInterval(-Double(70 + customer % 10) * 86_400)
                _ = try store.addResponse(NewResponse(customer: "C\(customer)", phone: "0100 \(customer)", site: "Main", scale: .csat5,
                                                      rating: 1 + customer % 4, receivedAt: at, tags: ["gap \(gap)"]),
                                          by: Account.current(), at: at)
                expected.insert("gap \(gap)|C\(customer)")
            }
            let cause = try #require(try store.causeId(named: "gap \(gap)"))
            _ = try store.moveFix(causeId: cause, to: .done, by: Account.current(), at: nowDate.addingTimeInterval(-45 * 86_400))
        }
        var random = SeededRandom(seed: 16)
        let turns = try #require(WriteTurns(storePath: db))
        // Two writers at once, each round. The store is held locked until both wait to write; in the first
        // rounds both are killed waiting, in the last they are killed a moment after it is let go (at work, or done).
        for round in 0..<3 {
            let holder = Process(), commands = Pipe()
            holder.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            holder.arguments = [db]
            holder.standardInput = commands
            holder.standardOutput = FileHandle.nullDevice
            try holder.run()
            commands.fileHandleForWriting.write(Data("BEGIN IMMEDIATE;\nSELECT 1;\n".utf8))
            let writers = try (0..<2).map { _ in
                let process = Process()
                process.executableURL = URL(fileURLWithPath: Binary.path)
                process.arguments = ["followup", "create", "--db", db, "--now", Self.now]
                process.environment = Binary.environment(home: scratch.url)
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                return process
            }
            let deadline = Date().addingTimeInterval(30)
            while !turns.anyoneWaiting && Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
            let killedWaiting = round < 2
            if !killedWaiting {
                commands.fileHandleForWriting.write(Data("COMMIT;\n".utf8))
                Thread.sleep(forTimeInterval: Double.random(in: 0...0.05, using: &random))
            }
            for writer in writers {
                kill(writer.processIdentifier, SIGKILL)
                writer.waitUntilExit()
            }
            let died = writers.filter { $0.terminationReason == .uncaughtSignal && $0.terminationStatus == SIGKILL }.count
            #expect(!killedWaiting || died == 2, "round \(round): both writers killed waiting to write")
            try commands.fileHandleForWriting.close()
            holder.waitUntilExit()
            #expect(try store.pool.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
        }
        let last = try Binary.run(["followup", "create", "--db", db, "--now", Self.now], home: scratch.url)
        #expect(last.status == 0, "\(last.stderr)")
        let again = try Binary.run(["followup", "create", "--db", db, "--now", Self.now], home: scratch.url)
        #expect(again.stdout.contains("No new follow-ups"), "\(again.stdout)")
        let made = try store.pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT rc.name || '|' || cu.name FROM followup f JOIN root_cause rc ON rc.id = f.cause_id JOIN customer cu ON cu.id = f.customer_id
                """).map { $0[0] as String }
        }
        #expect(made.count == expected.count && Set(made) == expected, "each customer and gap exactly once")
        let report = try Binary.run(["report", "followups", "--format", "csv", "--limit", "0", "--db", db, "--now", Self.now], home: scratch.url)
        #expect(report.stdout.split(separator: "\r\n").count == expected.count + 1)
    }
}}

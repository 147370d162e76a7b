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
                for row in 0..<3_000 { text += "k\(round)-\(row),2026-03-01T08:00:00Z,Customer \(row),Site \(row % 3),\(1 + row % 5),round \(round)\n" }
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
            FileManager.default.createFile(atPath: outputPath, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: Double.random(in: 0.05...0.5, using: &random))
            // The loop first, then whatever it had started.
            kill(process.processIdentifier, SIGKILL)
            _ = try Binary.shell("pkill -KILL -P \(process.processIdentifier); pkill -KILL -f \(Tmux.quote(export))")
            process.waitUntilExit()
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
                #expect(imported == 3_000, "round \(round): the rerun brings in exactly what is missing")
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
        let create = "\(Tmux.quote(Binary.path)) followup create --db \(Tmux.quote(db)) --now \(Self.now)"
        var random = SeededRandom(seed: 16)
        for _ in 0..<6 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "\(create) >/dev/null 2>&1 & \(create) >/dev/null 2>&1; wait"]
            process.environment = Binary.environment(home: scratch.url)
            try process.run()
            Thread.sleep(forTimeInterval: Double.random(in: 0.01...0.3, using: &random))
            _ = try Binary.shell("pkill -KILL -P \(process.processIdentifier)")
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
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

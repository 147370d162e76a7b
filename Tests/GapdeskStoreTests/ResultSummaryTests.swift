import Foundation
import GapdeskDomain
import GRDB
import Testing
@testable import GapdeskStore

/// The results' daily summary stays equal to a recount from the responses,
/// calls and contacts themselves, whatever the writes.
@Suite struct ResultSummaryTests {
    let now = TestStore.now

    func summary(_ store: Store) throws -> [[String]] {
        try store.read { db in
            let days: [[String]] = try db.fetchAll(sql: "SELECT day, site_id, tally FROM result_day ORDER BY 1, 2").map { row in
                let tally = ResultTally(encoded: [UInt8](row[2] as Data))
                return ["\(row[0] as Int64)", "\(row[1] as Int64)"] + tally.counts.map(String.init)
            }
            let responses: [[String]] = try db.fetchAll(sql: "SELECT * FROM result_response ORDER BY response_id").map { row in
                row.values.map { "\($0)" }
            }
            return days + responses
        }
    }

    func recounted(_ store: Store) throws -> [[String]] {
        try store.transaction(changes: []) { db in try ResultSummary.rebuild(db) }
        return try summary(store)
    }

    @Test(arguments: TestEngine.available) func writesKeepTheSummaryEqualToARecount(engine: TestEngine) throws {
        let test = try TestStore(engine: engine, demo: 600)
        #expect(try summary(test.store) == recounted(test.store), "the demo's summary")
        // Responses, calls, undos and contacts over the last year and a half.
        let start = now.addingTimeInterval(-500 * 86_400)
        var undos: [UndoToken] = []
        for index in 0..<40 {
            let at = start.addingTimeInterval(Double(index) * 9 * 86_400)
            let recorded = try test.add("Ann \(index % 7)", rating: index % 3 == 0 ? 5 : 2, at: at, phone: "0100 \(index % 7)")
            if let callback = recorded.callbackId, index % 4 != 1 {
                let outcome: CallOutcome = [.thanked, .recovered, .noAnswer, .unhappy][index % 4]
                let result = try test.store.recordCall(callbackId: callback, CallRecord(outcome: outcome, retryAt: at.addingTimeInterval(7200)),
                                                       by: test.admin, at: at.addingTimeInterval(3600))
                if index % 5 == 0 { undos.append(result.undo) }
            }
        }
        for undo in undos { _ = try test.store.undo(undo, by: test.admin, at: now) }
        let run = try test.store.beginImport(source: "contacts.csv", by: test.admin, at: now)
        let contacts = (0..<30).map { index in
            PreparedRow.contact(NewContact(externalId: "c\(index)", customer: "Ann \(index % 7)", phone: "0100 \(index % 7)", site: "Main",
                                         kind: .visit, occurredAt: start.addingTimeInterval(Double(index) * 13 * 86_400 + 5_000)))
        }
        _ = try test.store.importBatch(contacts, lines: Array(2...31), run: run, source: "contacts.csv", by: test.admin, at: now)
        let kept = try summary(test.store)
        #expect(kept == (try recounted(test.store)))
        #expect(kept.flatMap { $0 }.contains { $0.contains("not-reached") } && kept.flatMap { $0 }.contains { $0.contains("recovered") },
                "the writes made several groups")
        // Changing the return days recounts.
        try test.store.changeSetting("results.return_days", to: "30", by: test.admin, at: now)
        #expect(try summary(test.store) == recounted(test.store))
    }
}

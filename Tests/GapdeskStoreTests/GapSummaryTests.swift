import Foundation
import GRDB
import GapdeskDomain
import Testing
@testable import GapdeskStore

/// The daily gap summary stays equal to a recount from the responses,
/// whatever the writes, and the ranking read from it agrees with the responses.
@Suite struct GapSummaryTests {
    let now = TestStore.now

    /// Everything the summary holds, rounded so that sums added in another order compare equal.
    func contents(_ store: Store) throws -> [String] {
        try store.read { db in
            try db.fetchAll(sql: "SELECT * FROM gap_day ORDER BY day, cause_id").compactMap { row -> String? in
                let (responses, customers) = (row["responses"] as Int, row["customers_last"] as Int)
                let (unaged, waived, value) = (row["unaged"] as Double, row["waived"] as Double, row["value_last"] as Double)
                // A day emptied by the writes is the same as no row.
                if responses == 0 && customers == 0 && abs(unaged) < 1e-9 && abs(waived) < 1e-9 && abs(value) < 1e-6 { return nil }
                return "\(row["day"] as Int64) \(row["cause_id"] as Int64) \(responses) " + String(format: "%.9f %.4f %d %.4f", unaged, waived, customers, value)
            }
            + db.fetchAll(sql: "SELECT * FROM gap_customer ORDER BY cause_id, customer_id").map { "customer \($0[0] as Int64) \($0[1] as Int64) \($0[2] as Int64)" }
            + db.fetchAll(sql: "SELECT cause_id, recurrences FROM fix ORDER BY cause_id").map { "fix \($0[0] as Int64) \($0[1] as Int64)" }
        }
    }

    @Test(arguments: TestEngine.available) func writesKeepTheSummaryEqualToARecount(engine: TestEngine) throws {
        let test = try TestStore(engine: engine, demo: 600)
        let store = test.store
        var undo: [UndoToken] = []
        // Tags on untagged and tagged responses, a second tag (k changes), a new cause.
        let untagged = try store.lowRated(limit: 40).filter { $0.tags.isEmpty }.prefix(3)
        let tagged = try store.lowRated(limit: 40).filter { !$0.tags.isEmpty }.prefix(3)
        #expect(untagged.count == 3 && tagged.count == 3)
        for row in untagged { undo.append(try store.tag(responseId: row.responseId, causes: ["keys lost"], by: test.admin, at: now).undo) }
        for row in tagged { undo.append(try store.tag(responseId: row.responseId, causes: ["car returned dirty", "keys lost"], by: test.admin, at: now).undo) }
        // Guarantees on tagged responses, one undone.
        let calls = try store.queue(limit: 30)
        var guarantees = 0
        for call in calls where guarantees < 3 {
            guard try store.responseDetail(id: call.responseId)?.tags.isEmpty == false else { continue }
            undo.append(try store.recordCall(callbackId: call.callbackId, CallRecord(outcome: .guarantee, amount: 50 + Double(guarantees)),
                                             by: test.admin, at: now).undo)
            guarantees += 1
        }
        #expect(guarantees == 3)
        _ = try store.undo(undo[1], by: test.admin, at: now)  // a tag taken away
        _ = try store.undo(undo[4], by: test.admin, at: now)  // a second tag taken away: k goes back to 1
        _ = try store.undo(undo[undo.count - 1], by: test.admin, at: now)  // a guarantee taken back
        // A fix done (after its cause was named), a response after it, a phoned-in comment with a value.
        let keys = try #require(try store.causeId(named: "keys lost"))
        let fixed = now.addingTimeInterval(3_600), later = now.addingTimeInterval(7_200)
        _ = try store.moveFix(causeId: keys, to: .done, by: test.admin, at: fixed)
        try test.add("After", rating: 2, at: later, tags: ["keys lost", "new cause"])
        try store.addResponse(NewResponse(customer: "Valued", phone: "0100 9", customerValue: 900, site: "Main", scale: .csat5, rating: 1,
                                          receivedAt: later, tags: ["keys lost"]), by: test.admin, at: later)
        let incremental = try contents(store)
        try store.transaction(changes: []) { try GapSummary.rebuild($0) }
        let recounted = try contents(store)
        #expect(recounted == incremental, "only counted: \(Set(incremental).subtracting(recounted).sorted()), only recounted: \(Set(recounted).subtracting(incremental).sorted())")
        let after = try store.read { db in
            try db.fetchOne(Int.self, sql: """
                SELECT count(*) FROM response r JOIN response_cause x ON x.response_id = r.id AND x.cause_id = ?
                WHERE r.critical = 1 AND r.received_at > ?
                """, arguments: [keys, fixed.epochSeconds])!
        }
        #expect(incremental.contains("fix \(keys) \(after)") && after >= 2, "the responses tagged after the fix was done")
    }

    @Test(arguments: TestEngine.available) func theRankingFromTheSummaryAgreesWithTheResponses(engine: TestEngine) throws {
        let test = try TestStore(engine: engine, demo: 1_200)
        let gaps = try test.store.gaps(now: now)
        let window = ReturnOnSatisfaction.window(now: now, days: 90)
        let (start, end) = (UTCDay.start(window.lowerBound).epochSeconds, UTCDay.start(window.upperBound + 1).epochSeconds)
        let monthStart = UTCDay.start(window.upperBound - 29).epochSeconds
        for gap in gaps {
            let direct = try test.store.read { db in
                try db.fetchOne(sql: """
                    SELECT count(*), count(DISTINCT CASE WHEN r.received_at >= ? THEN r.customer_id END),
                           (SELECT coalesce(sum(g.amount), 0) FROM guarantee g JOIN response_cause y ON y.response_id = g.response_id
                             JOIN response q ON q.id = g.response_id WHERE y.cause_id = ? AND q.critical = 1 AND q.received_at >= ? AND q.received_at < ?)
                    FROM response r JOIN response_cause x ON x.response_id = r.id
                    WHERE x.cause_id = ? AND r.critical = 1 AND r.received_at >= ? AND r.received_at < ?
                    """, arguments: [monthStart, gap.causeId, start, end, gap.causeId, start, end])!
            }
            #expect(gap.countInWindow == direct[0] as Int, "\(gap.name)")
            #expect(gap.customers30d == direct[1] as Int, "\(gap.name)")
            #expect(abs(gap.waived - (direct[2] as Double)) < 1e-6, "\(gap.name)")
            #expect(gap.weekly.reduce(0, +) == gap.countInWindow)
        }
        #expect(gaps.contains { $0.waived > 0 } && gaps.contains { $0.customers30d > 1 })
    }

    @Test(arguments: TestEngine.available) func theMedianIsTwoSignificantFiguresOfTheStoresCustomers(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        func add(_ name: String, value: Double) throws {
            try test.store.addResponse(NewResponse(customer: name, phone: "0100 \(name)", customerValue: value, site: "Main", scale: .csat5,
                                                   rating: 2, receivedAt: now, tags: ["late"]), by: test.admin, at: now)
        }
        try add("A", value: 1_000)
        #expect(try test.store.gapBreakdown(causeId: 1, now: now)?.medianValue == 1_000)
        try add("B", value: 1_040)  // median 1,020: 1,000 to two figures
        #expect(try test.store.gapBreakdown(causeId: 1, now: now)?.medianValue == 1_000)
        try add("C", value: 3_000)  // median 1,040: still 1,000
        try add("D", value: 4_000)  // median 2,020: 2,000, re-weighed
        let breakdown = try #require(try test.store.gapBreakdown(causeId: 1, now: now))
        #expect(breakdown.medianValue == 2_000)
        let gap = try #require(try test.store.gaps(now: now).first)
        #expect(abs(breakdown.sum - gap.score) < 1e-8, "the summary was re-weighed with the new median")
        #expect(Statistics.rounded(1_234.5, significantDigits: 2) == 1_200 && Statistics.rounded(0.0456, significantDigits: 2) == 0.046)
    }

    @Test(arguments: TestEngine.available) func theMedianCountsOnlyCustomersWithAValue(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        for (name, value) in [("A", 300.0), ("B", 100), ("C", 200), ("D", 0)] as [(String, Double?)] + [("E", nil)] {
            try test.store.addResponse(NewResponse(customer: name, phone: "0100 \(name)", customerValue: value, site: "Main", scale: .csat5,
                                                   rating: 2, receivedAt: now, tags: ["late"]), by: test.admin, at: now)
        }
        #expect(try test.store.read { try GapSummary.measureMedian($0) } == 200, "0 and unknown values are not counted")
    }

    @Test(arguments: TestEngine.available) func customersAffectedCountEachCustomerOnceAndMoneyAtRiskTheirValue(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        func add(_ name: String, daysAgo: Double, value: Double? = nil) throws {
            try test.store.addResponse(NewResponse(customer: name, phone: "0100 \(name)", customerValue: value, site: "Main", scale: .csat5,
                                                   rating: 3, receivedAt: now.addingTimeInterval(-daysAgo * 86_400), tags: ["late"]),
                                       by: test.admin, at: now)
        }
        try add("Ann", daysAgo: 40, value: 500)
        try add("Ann", daysAgo: 2)
        try add("Ann", daysAgo: 1)
        try add("Bob", daysAgo: 35, value: 200)
        let gap = try #require(try test.store.gaps(now: now).first)
        #expect(gap.countInWindow == 4 && gap.count30d == 2 && gap.countPrevious30d == 2)
        #expect(gap.customers30d == 1, "Ann twice in the last 30 days; Bob before them")
        #expect(gap.moneyAtRisk == 700, "each customer's value once")
        #expect(try test.store.gaps(now: now, windowDays: 30).first?.moneyAtRisk == 500)
    }
}

import Foundation
import GapdeskDomain
import GRDB
import Testing
@testable import GapdeskStore

/// Telling customers their gap is fixed: once per customer and gap, only for
/// a verified fix, in the audit like any call.
@Suite struct FollowupTests {
    let now = TestStore.now
    func daysAgo(_ days: Double) -> Date { now.addingTimeInterval(-days * 86_400) }

    /// A gap reported by three customers (one twice, one anonymous), fixed 40 days ago.
    func fixedGap(_ test: TestStore, quietDays: Int = 30) throws -> Int64 {
        try test.add("Ann", rating: 2, at: daysAgo(70), phone: "0100 1", tags: ["keys lost"])
        try test.add("Ann", rating: 1, at: daysAgo(50), phone: "0100 1", tags: ["keys lost"])
        try test.add("Bob", rating: 3, at: daysAgo(60), phone: "0100 2", tags: ["keys lost"])
        try test.add("Cat", rating: 5, at: daysAgo(55), phone: "0100 3", tags: ["keys lost"])  // not critical: nothing to tell
        let run = try test.store.beginImport(source: "anonymous.csv", by: test.admin, at: daysAgo(45))
        _ = try test.store.importBatch([.response(NewResponse(externalId: "anon", customer: "", site: "Main", scale: .csat5, rating: 1,
                                                              receivedAt: daysAgo(45), tags: ["keys lost"]))],
                                       lines: [2], run: run, source: "anonymous.csv", by: test.admin, at: daysAgo(45))
        let cause = try #require(try test.store.causeId(named: "keys lost"))
        _ = try test.store.moveFix(causeId: cause, to: .done, by: test.admin, at: daysAgo(40))
        try test.store.changeSetting("fix.quiet_days", to: String(quietDays), by: test.admin, at: daysAgo(40))
        return cause
    }

    @Test(arguments: TestEngine.available) func aVerifiedFixGetsOneFollowupPerCustomerOnce(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        let cause = try fixedGap(test)
        #expect(try test.store.createDueFollowups(by: test.admin, at: now) == 2, "Ann and Bob; not the anonymous one, not the happy one")
        #expect(try test.store.createDueFollowups(by: test.admin, at: now) == 0, "once per customer and gap")
        let rows = try test.store.followups(limit: 10)
        #expect(Set(rows.map(\.customer)) == ["Ann", "Bob"] && rows.allSatisfy { $0.gap == "keys lost" && $0.fixNote == nil })
        #expect(try test.store.createFollowups(causeId: cause, by: test.admin, at: now).message.contains("already has a follow-up"))
        let audit = try test.store.auditEntries(since: nil, limit: 50).filter { $0.action == ActionKind.followup.rawValue }
        #expect(audit.count == 1 && audit[0].after == "2 customers to tell")
    }

    @Test(arguments: TestEngine.available) func onlyAVerifiedFixIsFollowedUp(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        let cause = try fixedGap(test, quietDays: 60)
        #expect(try test.store.createDueFollowups(by: test.admin, at: now) == 0, "done 40 days ago, verified after 60")
        #expect(throws: ActionRefusal.self) { try test.store.createFollowups(causeId: cause, by: test.admin, at: now) }
        #expect(try test.store.createDueFollowups(by: test.admin, at: now.addingTimeInterval(21 * 86_400)) == 2)
    }

    @Test(arguments: TestEngine.available) func theTeamCanTurnAutomaticFollowupsOff(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        let cause = try fixedGap(test)
        try test.store.changeSetting("followups.automatic", to: "no", by: test.admin, at: now)
        #expect(try test.store.createDueFollowups(by: test.admin, at: now) == 0)
        let made = try test.store.createFollowups(causeId: cause, by: test.admin, at: now)
        #expect(made.message.hasPrefix("2 follow-ups to make"))
        _ = try test.store.undo(made.undo, by: test.admin, at: now)
        #expect(try test.store.followupCounts().total == 0, "undo takes back follow-ups nobody has tried")
    }

    @Test(arguments: TestEngine.available) func recordingOneIsAuditedAndNoAnswerKeepsItOpen(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        _ = try fixedGap(test)
        try test.store.createDueFollowups(by: test.admin, at: now)
        let first = try #require(try test.store.followups(limit: 10).first)
        let missed = try test.store.recordFollowup(id: first.id, outcome: .noAnswer, by: test.admin, at: now)
        let stillOpen = try test.store.followupCounts().open
        #expect(missed.message == "No answer from \(first.customer); the follow-up stays in the list." && stillOpen == 2)
        let told = try test.store.recordFollowup(id: first.id, outcome: .told, note: "pleased", by: test.admin, at: now)
        #expect(told.message == "Follow-up recorded for \(first.customer): told.")
        let counts = try test.store.followupCounts()
        #expect(counts.total == 2 && counts.open == 1)
        #expect(throws: ActionRefusal.self) { try test.store.recordFollowup(id: first.id, outcome: .told, by: test.admin, at: now) }
        let done = try #require(try test.store.followups(done: true, limit: 10).first { $0.id == first.id })
        #expect(done.outcome == .told && done.attempts == 2 && done.doneBy == test.admin)
        let audit = try test.store.auditEntries(since: nil, limit: 50).filter { $0.entity == "followup" }
        #expect(audit.map(\.after) == ["no-answer", "told, note: pleased"])
        _ = try test.store.undo(told.undo, by: test.admin, at: now)
        #expect(try test.store.followupCounts().open == 2)
    }

    /// Open ones oldest first, then those made newest first, a page at a time
    /// (each part is read a page at a time from its own index).
    @Test(arguments: TestEngine.available) func theListPagesOpenOnesFirstThenMadeOnesNewestFirst(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        for (index, name) in ["Dan", "Eve", "Fay", "Gus", "Hal"].enumerated() {
            try test.add(name, rating: 1, at: daysAgo(65 - Double(index)), phone: "0100 \(index + 4)", tags: ["keys lost"])
        }
        _ = try fixedGap(test)
        try test.store.createDueFollowups(by: test.admin, at: now.addingTimeInterval(-4 * 3_600))
        let open = try test.store.followups(limit: 10)
        #expect(open.count == 7)
        for (hour, row) in zip([3.0, 2, 1], [open[1], open[4], open[2]]) {
            _ = try test.store.recordFollowup(id: row.id, outcome: .told, by: test.admin, at: now.addingTimeInterval(-hour * 3_600))
        }
        let all = try test.store.followups(done: true, limit: 100)
        let stillOpen = open.filter { row in ![open[1].id, open[4].id, open[2].id].contains(row.id) }.map(\.id)
        #expect(all.map(\.id) == stillOpen + [open[2].id, open[4].id, open[1].id], "open in the order they came, then the latest made first")
        let pages = try stride(from: 0, to: 8, by: 2).flatMap { try test.store.followups(done: true, limit: 2, offset: $0) }
        #expect(pages.map(\.id) == all.map(\.id))
        #expect(try test.store.followups(limit: 2, offset: 2).map(\.id) == Array(stillOpen.dropFirst(2)))
    }
}

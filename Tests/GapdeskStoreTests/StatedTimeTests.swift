import Foundation
import GapdeskDomain
import Testing
@testable import GapdeskStore

/// A stated time (`--now`, a call recorded late) is the time of what it
/// records: never before what it records, never after the real now; the
/// audit keeps the real time beside it.
@Suite struct StatedTimeTests {
    let now = TestStore.now

    @Test(arguments: TestEngine.available) func aCallCannotBeRecordedBeforeItsResponseArrived(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        let callback = try #require(try test.add("Ann", rating: 2).callbackId)
        let early = Clock.parseInstant("2020-01-01T00:00:00Z")!
        let refusal = #expect(throws: ActionRefusal.self) {
            try test.store.recordCall(callbackId: callback, CallRecord(outcome: .thanked), by: test.admin, at: early)
        }
        #expect(refusal?.description.contains("before the feedback arrived") == true, "\(String(describing: refusal))")
        #expect(try test.store.queue(limit: 5).first?.callbackId == callback, "the call is still open")
        _ = try test.store.recordCall(callbackId: callback, CallRecord(outcome: .thanked), by: test.admin, at: now.addingTimeInterval(60))
    }

    @Test(arguments: TestEngine.available) func nothingIsDatedAfterTheRealNow(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        let recorded = try test.add("Ann", rating: 2, tags: [])
        let later = Date().addingTimeInterval(3 * 86_400)
        #expect(throws: ActionRefusal.self) {
            try test.store.recordCall(callbackId: recorded.callbackId!, CallRecord(outcome: .thanked), by: test.admin, at: later)
        }
        #expect(throws: ActionRefusal.self) { try test.store.tag(responseId: recorded.responseId, causes: ["late"], by: test.admin, at: later) }
        #expect(throws: ActionRefusal.self) {
            try test.store.addResponse(NewResponse(customer: "Bo", phone: "0100 2", site: "Main", scale: .csat5, rating: 1, receivedAt: later),
                                       by: test.admin, at: later)
        }
    }

    @Test(arguments: TestEngine.available) func aTagOrAFixCannotComeBeforeWhatTheyAreAbout(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        let recorded = try test.add("Ann", rating: 2, tags: ["late"])
        let before = now.addingTimeInterval(-86_400)
        #expect(throws: ActionRefusal.self) { try test.store.tag(responseId: recorded.responseId, causes: ["rude"], by: test.admin, at: before) }
        let cause = try #require(try test.store.causeId(named: "late"))
        #expect(throws: ActionRefusal.self) { try test.store.moveFix(causeId: cause, to: .done, by: test.admin, at: before) }
        _ = try test.store.moveFix(causeId: cause, to: .inProgress, by: test.admin, at: now)
    }

    @Test(arguments: TestEngine.available) func theAuditKeepsTheRealTimeBesideTheStatedOne(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        let callback = try #require(try test.add("Ann", rating: 2).callbackId)
        let started = Date()
        _ = try test.store.recordCall(callbackId: callback, CallRecord(outcome: .thanked), by: test.admin, at: now.addingTimeInterval(600))
        let entry = try #require(try test.read { db in
            try db.fetchOne(sql: "SELECT at, written_at FROM audit WHERE action = 'call.record' ORDER BY id DESC LIMIT 1")
        })
        #expect((entry[0] as Int64) == now.addingTimeInterval(600).epochSeconds, "the time the call states")
        let written: Int64 = entry[1]
        #expect(abs(Double(written) - started.timeIntervalSince1970) < 120, "the time it was written: \(written)")
    }

    /// What gapdesk refuses in a sentence, the file refuses to any other
    /// program that writes it (on a server, the server does: `ServerWordTests`).
    @Test func theFileRefusesTheSameTimesToTheSqliteShell() throws {
        let test = try TestStore()
        let recorded = try test.add("Ann", rating: 2, tags: ["late"])
        let callback = try #require(recorded.callbackId)
        let tomorrow = Int64(Date().timeIntervalSince1970) + 86_400
        for sql in ["UPDATE callback SET outcome = 'thanked', done_at = 0 WHERE id = \(callback)",
                    "UPDATE callback SET outcome = 'thanked', done_at = \(tomorrow) WHERE id = \(callback)",
                    "INSERT INTO call_attempt(callback_id, made_at, made_by, outcome) VALUES (\(callback), 0, 'x', 'thanked')",
                    "INSERT INTO guarantee(response_id, callback_id, amount, approved_by, invoked_at) VALUES (\(recorded.responseId), \(callback), 5, 'x', \(tomorrow))",
                    "INSERT INTO root_cause(name, created_at) VALUES ('cold', \(tomorrow - 86_400)); INSERT INTO fix(cause_id, status, updated_at, updated_by) SELECT id, 'open', 0, 'x' FROM root_cause WHERE name = 'cold'",
                    "INSERT INTO fix(cause_id, status, updated_at, updated_by) SELECT id, 'open', created_at, 'x' FROM root_cause WHERE name = 'late'; "
                        + "UPDATE fix SET status = 'done', done_at = \(tomorrow)"] {
            let attempt = try test.sqlite3(sql)
            #expect(!attempt.ok && attempt.output.contains("cannot be dated"), "\(sql): \(attempt.output)")
        }
        #expect(try test.store.queue(limit: 5).first?.callbackId == callback, "the call is still open")
    }
}

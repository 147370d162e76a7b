import Foundation
import GapdeskDomain
import Testing
@testable import GapdeskStore

/// Many actions in one transaction (`Store.batch`) come to what the same
/// actions do alone, and a refusal takes the whole batch back.
@Suite struct ActionBatchTests {
    let now = TestStore.now

    /// Three critical responses at the plain site, their callbacks and the team's supervisor "ben".
    func store(_ engine: TestEngine) throws -> (TestStore, [RecordedResponse]) {
        let test = try TestStore(engine: engine)
        _ = try test.store.addUser("ben", role: .supervisor, by: test.admin, at: now)
        let responses = try ["Ann", "Bob", "Cy"].map { try test.add($0, rating: 2, at: now.addingTimeInterval(-86_400)) }
        return (test, responses)
    }

    /// What the actions below leave in the store, ids and all.
    func contents(_ test: TestStore) throws -> [String] {
        try test.read { db in
            try [
                "SELECT id, assignee, attempts, outcome, note, done_at, done_by, due_at, revision FROM callback ORDER BY id",
                "SELECT callback_id, made_at, made_by, outcome, note, retry_at FROM call_attempt ORDER BY id",
                "SELECT response_id, cause_id, tagged_at, tagged_by FROM response_cause ORDER BY response_id, cause_id",
                "SELECT cause_id, status, owner, started_at, revision FROM fix ORDER BY cause_id",
                "SELECT response_id, amount, approved_by FROM guarantee ORDER BY id",
                "SELECT response_id, grp, speed FROM result_response ORDER BY response_id",
                "SELECT day, cause_id, responses, unaged, waived FROM gap_day ORDER BY day, cause_id",
                "SELECT at, actor, action, entity, entity_id, before, after FROM audit WHERE action <> 'store.create' ORDER BY id",
            ].flatMap { sql in try db.fetchAll(sql: sql).map { row in sql.prefix(20) + ": " + String(describing: row.values) } }
        }
    }

    @Test(arguments: TestEngine.available) func aBatchComesToWhatTheSameActionsDoAlone(engine: TestEngine) throws {
        let (alone, aloneResponses) = try store(engine)
        let (batched, batchedResponses) = try store(engine)
        let admin = alone.admin
        func act(_ responses: [RecordedResponse], tag: (Int64, [String]) throws -> ActionResult, assign: (Int64, String) throws -> Void,
                 call: (Int64, CallRecord, Date) throws -> Void, move: (Int64) throws -> Void) throws {
            guard case .tags(_, let causes) = try tag(responses[0].responseId, ["car not ready", "price"]).undo else {
                Issue.record("tagging is undone by removing its tags"); return
            }
            _ = try tag(responses[1].responseId, ["car not ready"])
            try assign(responses[0].callbackId!, "ben")
            try call(responses[0].callbackId!, CallRecord(outcome: .recovered, note: "booked back in"), now)
            try call(responses[1].callbackId!, CallRecord(outcome: .noAnswer, retryAt: now.addingTimeInterval(3600)), now)
            try call(responses[1].callbackId!, CallRecord(outcome: .guarantee, amount: 80), now.addingTimeInterval(7200))
            try move(causes[0])
        }
        try act(aloneResponses, tag: { try alone.store.tag(responseId: $0, causes: $1, by: admin, at: now) },
                assign: { _ = try alone.store.assign(callbackId: $0, to: $1, by: admin, at: now) },
                call: { _ = try alone.store.recordCall(callbackId: $0, $1, by: admin, at: $2) },
                move: { _ = try alone.store.moveFix(causeId: $0, to: .inProgress, owner: "ben", by: admin, at: now) })
        try batched.store.batch { batch in
            try act(batchedResponses, tag: { try batch.tag(responseId: $0, causes: $1, by: admin, at: now) },
                    assign: { try batch.assign(callbackId: $0, to: $1, by: admin, at: now) },
                    call: { try batch.recordCall(callbackId: $0, $1, by: admin, at: $2) },
                    move: { try batch.moveFix(causeId: $0, to: .inProgress, owner: "ben", by: admin, at: now) })
        }
        let contents = try contents(batched)
        #expect(contents.count > 20)
        #expect(contents == (try self.contents(alone)))
        #expect(try batched.store.queue(limit: 10).map(\.customer) == ["Cy"])
    }

    @Test(arguments: TestEngine.available) func aRefusalTakesBackTheWholeBatch(engine: TestEngine) throws {
        let (test, responses) = try store(engine)
        let before = try contents(test)
        #expect(throws: ActionRefusal.unknown(what: "callback", id: "999")) {
            try test.store.batch { batch in
                try batch.tag(responseId: responses[0].responseId, causes: ["late"], by: test.admin, at: now)
                try batch.recordCall(callbackId: responses[0].callbackId!, CallRecord(outcome: .thanked), by: test.admin, at: now)
                try batch.recordCall(callbackId: 999, CallRecord(outcome: .thanked), by: test.admin, at: now)
            }
        }
        #expect(try contents(test) == before)
        #expect(try test.store.rootCauses().isEmpty)
    }

    @Test(arguments: TestEngine.available) func eachActionInABatchIsCheckedAsIfAlone(engine: TestEngine) throws {
        let (test, responses) = try store(engine)
        _ = try test.store.addUser("mia", role: .manager, by: test.admin, at: now)
        let mia = try test.store(as: "mia")
        let before = try contents(test)
        #expect(throws: ActionRefusal.notAllowed(account: "mia", role: .manager, action: .assign)) {
            try mia.batch { batch in
                try batch.recordCall(callbackId: responses[0].callbackId!, CallRecord(outcome: .thanked), by: "mia", at: now)
                try batch.assign(callbackId: responses[1].callbackId!, to: "mia", by: "mia", at: now)
            }
        }
        #expect(try contents(test) == before)
        try mia.batch { batch in
            try batch.recordCall(callbackId: responses[0].callbackId!, CallRecord(outcome: .thanked), by: "mia", at: now)
        }
        #expect(try test.store.queue(limit: 10).count == 2)
    }
}

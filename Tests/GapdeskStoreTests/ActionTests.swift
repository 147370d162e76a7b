import Foundation
import GapdeskDomain
import GRDB
import Testing
@testable import GapdeskStore

@Suite struct ActionTests {
    let now = TestStore.now

    func auditCount(_ store: Store, action: String) throws -> Int {
        try store.read { try $0.fetchOne(Int.self, sql: "SELECT count(*) FROM audit WHERE action = ?", arguments: [action]) ?? 0 }
    }

    @Test(arguments: TestEngine.available) func recordingACallClosesItAndAuditsWhoDidIt(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        let callback = try #require(try test.add("Ann", rating: 2).callbackId)
        let result = try test.store.recordCall(callbackId: callback, CallRecord(outcome: .thanked, note: "lovely chat"),
                                               by: test.admin, at: now)
        #expect(result.message == "Call recorded for Ann: thanked.")
        #expect(try test.store.queue(limit: 10).isEmpty)
        let entry = try #require(try test.store.read { db in
            try db.fetchOne(sql: "SELECT actor, after FROM audit WHERE action = 'call.record'")
        })
        #expect(entry["actor"] as String == test.admin)
        #expect((entry["after"] as String).contains("lovely chat"))
    }

    @Test(arguments: TestEngine.available) func theSecondPersonToRecordTheSameCallIsToldWhoWon(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        let callback = try #require(try test.add("Ann", rating: 2).callbackId)
        _ = try test.store.recordCall(callbackId: callback, CallRecord(outcome: .recovered), by: test.admin, at: now)
        #expect(throws: ActionRefusal.alreadyRecorded(by: test.admin, when: "at 09:00", outcome: "recovered")) {
            try test.store.recordCall(callbackId: callback, CallRecord(outcome: .thanked), by: test.admin, at: now.addingTimeInterval(5))
        }
        #expect(try auditCount(test.store, action: "call.record") == 1)
    }

    @Test(arguments: TestEngine.available) func noAnswerKeepsTheCallOpenAndMovesItsDueTime(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        let callback = try #require(try test.add("Ann", rating: 2).callbackId)
        let retry = now.addingTimeInterval(3 * 3600)
        _ = try test.store.recordCall(callbackId: callback, CallRecord(outcome: .noAnswer, retryAt: retry), by: test.admin, at: now)
        let row = try #require(try test.store.queue(limit: 1).first)
        #expect(row.dueAt == retry && row.attempts == 1)
        #expect(throws: ActionRefusal.self) {
            try test.store.recordCall(callbackId: callback, CallRecord(outcome: .noAnswer, retryAt: now), by: test.admin, at: now)
        }
    }

    /// No time given: two of the site's open hours later (Main opens Mon-Fri 09-17 UTC), never at night or at a weekend.
    @Test(arguments: TestEngine.available) func aRetryWithNoTimeGivenFallsInTheSitesOpenHours(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        for (received, called, due) in [("2026-02-27T16:00:00Z", "2026-02-27T16:30:00Z", "2026-03-02T10:30:00Z"),
                                        ("2026-03-01T22:00:00Z", "2026-03-01T23:20:00Z", "2026-03-02T11:00:00Z"),
                                        ("2026-03-02T09:30:00Z", "2026-03-02T10:00:00Z", "2026-03-02T12:00:00Z")] {
            let at = Clock.parseInstant(called)!
            let callback = try #require(try test.add("Ann \(received)", rating: 2, at: Clock.parseInstant(received)!).callbackId)
            let result = try test.store.recordCall(callbackId: callback, CallRecord(outcome: .noAnswer), by: test.admin, at: at)
            #expect(result.message.hasPrefix("No answer from Ann \(received); call again "), "\(result.message)")
            let row = try #require(try test.store.queue(limit: 10).first { $0.callbackId == callback })
            #expect(row.dueAt == Clock.parseInstant(due)!, "no answer at \(called): due \(Clock.formatInstant(row.dueAt)), not \(due)")
        }
    }

    @Test(arguments: TestEngine.available) func givingUpClosesTheCallAndCountsItNotReached(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        let recorded = try test.add("Ann", rating: 2)
        let callback = try #require(recorded.callbackId)
        _ = try test.store.recordCall(callbackId: callback, CallRecord(outcome: .noAnswer, retryAt: now.addingTimeInterval(3600)),
                                      by: test.admin, at: now)
        let result = try test.store.recordCall(callbackId: callback, CallRecord(outcome: .unreachable, note: "number no longer in use"),
                                               by: test.admin, at: now.addingTimeInterval(7200))
        #expect(result.message == "Call recorded for Ann: not reached.")
        #expect(try test.store.queue(limit: 10).isEmpty)
        let group = try test.store.read { db in
            try db.fetchOne(String.self, sql: "SELECT grp FROM result_response WHERE response_id = ?", arguments: [recorded.responseId])
        }
        #expect(group == ResultGroup.notReached.rawValue)
    }

    @Test(arguments: TestEngine.available) func aGuaranteeNeedsItsAmountAndRecordsIt(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        let recorded = try test.add("Ann", rating: 1)
        let callback = try #require(recorded.callbackId)
        #expect(throws: ActionRefusal.self) {
            try test.store.recordCall(callbackId: callback, CallRecord(outcome: .guarantee), by: test.admin, at: now)
        }
        try test.store.changeSetting("team.currency", to: "£", by: test.admin, at: now)
        let result = try test.store.recordCall(callbackId: callback, CallRecord(outcome: .guarantee, amount: 120), by: test.admin, at: now)
        #expect(result.message == "Call recorded for Ann: guarantee invoked, £120.00 waived.")
        let detail = try #require(try test.store.responseDetail(id: recorded.responseId))
        #expect(detail.guaranteeTotal == 120)
        #expect(detail.attempts.map(\.outcome) == [.guarantee])
    }

    @Test(arguments: TestEngine.available) func undoReopensTheCallUnlessSomeoneChangedItSince(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        let callback = try #require(try test.add("Ann", rating: 2).callbackId)
        let result = try test.store.recordCall(callbackId: callback, CallRecord(outcome: .thanked), by: test.admin, at: now)
        #expect(try test.store.undo(result.undo, by: test.admin, at: now) == "Undone: the call to Ann is open again.")
        #expect(try test.store.queue(limit: 10).map(\.callbackId) == [callback])
        #expect(try test.store.responseDetail(id: 1)?.attempts.isEmpty == true)
        #expect(try auditCount(test.store, action: "undo call.record") == 1)

        let again = try test.store.recordCall(callbackId: callback, CallRecord(outcome: .recovered), by: test.admin, at: now)
        _ = try test.store.undo(again.undo, by: test.admin, at: now)
        _ = try test.store.recordCall(callbackId: callback, CallRecord(outcome: .thanked), by: test.admin, at: now)
        #expect(throws: ActionRefusal.self, "an old undo must not overwrite a newer change") {
            try test.store.undo(again.undo, by: test.admin, at: now)
        }
    }

    /// The tag picker opens on what is reported at the response's own site
    /// (a York garage's bill, not the parcel depot's busiest cause), then on
    /// what is most reported anywhere.
    @Test(arguments: TestEngine.available) func causesAreOfferedMostUsedAtTheResponsesSiteFirst(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        for name in ["Ann", "Bob", "Cat"] { try test.add(name, rating: 1, tags: ["parcel left in the rain"], site: "Depot") }
        try test.add("Dan", rating: 2, tags: ["bill higher than quoted"], site: "York")
        try test.add("Eve", rating: 2, tags: ["courtesy car late"], site: "Depot")
        let york = try test.add("Fay", rating: 2, site: "York")
        #expect(try test.store.rootCauses().first?.name == "parcel left in the rain", "most used overall")
        #expect(try test.store.rootCauses(forResponse: york.responseId).map(\.name)
                == ["bill higher than quoted", "parcel left in the rain", "courtesy car late"])
    }

    @Test(arguments: TestEngine.available) func taggingCreatesNewCausesAndRefusesDuplicates(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        let response = try test.add("Ann", rating: 2).responseId
        _ = try test.store.tag(responseId: response, causes: ["Keys lost", " "], kind: .delivery, by: test.admin, at: now)
        let cause = try #require(try test.store.rootCauses().first { $0.name == "Keys lost" })
        #expect(cause.kind == .delivery)
        #expect(throws: ActionRefusal.self) {
            try test.store.tag(responseId: response, causes: ["keys LOST"], by: test.admin, at: now)
        }
        #expect(throws: ActionRefusal.unknown(what: "response", id: "999")) {
            try test.store.tag(responseId: 999, causes: ["x"], by: test.admin, at: now)
        }
    }

    @Test(arguments: TestEngine.available) func fixesMoveAndRefuseAStaleChange(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        for account in ["ben", "chloe"] { _ = try test.store.addUser(account, role: .supervisor, by: test.admin, at: now) }
        try test.add("Ann", rating: 2, tags: ["late"])
        let cause = try #require(try test.store.rootCauses().first).id
        #expect(throws: ActionRefusal.self, "an owner is someone on the team") {
            try test.store.moveFix(causeId: cause, to: .inProgress, owner: "bne", by: test.admin, at: now)
        }
        _ = try test.store.moveFix(causeId: cause, to: .inProgress, owner: "ben", effort: 3, expectedRevision: 0, by: test.admin, at: now)
        let gap = try #require(try test.store.gaps(now: now).first)
        #expect(gap.fixStatus == .inProgress && gap.owner == "ben" && gap.effort == 3)
        #expect(throws: ActionRefusal.changedMeanwhile(by: test.admin, when: "at 09:00")) {
            try test.store.moveFix(causeId: cause, to: .done, expectedRevision: 0, by: test.admin, at: now)
        }
        _ = try test.store.setOwner(causeId: cause, owner: "chloe", by: test.admin, at: now)
        #expect(try test.store.gapDetail(causeId: cause)?.fix?.owner == "chloe")
        #expect(try test.store.gapDetail(causeId: cause)?.fix?.status == .inProgress)
    }

    @Test(arguments: TestEngine.available) func accountsWithoutTheRightRoleAreRefused(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        let callback = try #require(try test.add("Ann", rating: 2).callbackId)
        if engine == .sqlite {
            #expect(throws: ActionRefusal.notAllowed(account: "stranger", role: nil, action: .recordCall)) {
                try test.store(as: "stranger").recordCall(callbackId: callback, CallRecord(outcome: .thanked), by: "stranger", at: now)
            }
        } else {
            // The server shows a login without a role nothing at all.
            let refusal = #expect(throws: StoreError.self) { try test.store(as: "stranger") }
            #expect(refusal?.description.contains("gapdesk user add stranger --role manager") == true)
        }
        // A role given in the table alone is a role (on PostgreSQL the row grants the server's group role).
        try test.store.transaction(changes: []) { db in
            try db.execute(sql: "INSERT INTO app_user VALUES ('mia', 'manager', 0, 'tester')")
        }
        #expect(throws: ActionRefusal.notAllowed(account: "mia", role: .manager, action: .assign)) {
            try test.store(as: "mia").assign(callbackId: callback, to: "mia", by: "mia", at: now)
        }
        _ = try test.store(as: "mia").recordCall(callbackId: callback, CallRecord(outcome: .thanked), by: "mia", at: now)
    }

    @Test(arguments: TestEngine.available) func aReadOnlyStoreChangesNothing(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        let callback = try #require(try test.add("Ann", rating: 2).callbackId)
        let readOnly = try Store.open(path: test.path, readOnly: true)
        #expect(throws: ActionRefusal.readOnly) {
            try readOnly.recordCall(callbackId: callback, CallRecord(outcome: .thanked), by: test.admin, at: now)
        }
        #expect(try readOnly.queue(limit: 5).count == 1)
    }

    @Test(arguments: TestEngine.available) func settingsChangeIsValidatedAuditedAndReDecidesCritical(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        try test.add("Four", rating: 4)
        #expect(try test.store.lowRated(limit: 5).count == 1)
        #expect(throws: SettingError.self) { try test.store.changeSetting("critical.below.csat5", to: "7", by: test.admin, at: now) }
        #expect(throws: SettingError.unknown(key: "nonsense")) { try test.store.changeSetting("nonsense", to: "1", by: test.admin, at: now) }
        try test.store.changeSetting("critical.below.csat5", to: "4", by: test.admin, at: now)
        #expect(try test.store.lowRated(limit: 5).isEmpty, "a 4 is no longer critical")
        #expect(try test.store.setting("critical.below.csat5").value == "4")
        #expect(try auditCount(test.store, action: "settings.set") == 1)
    }

    @Test(arguments: TestEngine.available) func siteHoursAreSettingsToo(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        try test.add("Ann", rating: 2, site: "Leeds")
        try test.store.changeSetting("site.Leeds.hours", to: "mon-sat 08:00-18:00 Europe/London", by: test.admin, at: now)
        #expect(try test.store.setting("site.leeds.hours").value == "mon-sat 08:00-18:00 Europe/London")
        #expect(throws: (any Error).self) {
            try test.store.changeSetting("site.Nowhere.hours", to: "mon-fri 09:00-17:00", by: test.admin, at: now)
        }
    }
}

import Foundation
import GapdeskDomain
import Testing
@testable import GapdeskStore

/// "Mine": what the logged-in person owes, on both engines, within site scope.
@Suite struct MineTests {
    let now = TestStore.now

    @Test(arguments: TestEngine.available) func myOpenCallsFixesAndFollowupsAreMine(engine: TestEngine) throws {
        let test = try TestStore.withManagers(["amira", "ben"], engine: engine)
        let late = try test.add("Late", rating: 1, at: now.addingTimeInterval(-5 * 86_400), tags: ["late"])
        let soon = try test.add("Soon", rating: 2, at: now.addingTimeInterval(-3_600), tags: ["rude"])
        let bens = try test.add("Ben's", rating: 2, at: now.addingTimeInterval(-7_200))
        let done = try test.add("Done", rating: 2, at: now.addingTimeInterval(-9 * 86_400))
        for (recorded, who) in [(soon, "amira"), (late, "amira"), (bens, "ben"), (done, "amira")] {
            _ = try test.store.assign(callbackId: try #require(recorded.callbackId), to: who, by: test.admin, at: now)
        }
        _ = try test.store.recordCall(callbackId: try #require(done.callbackId), CallRecord(outcome: .thanked), by: test.admin, at: now)
        let late_ = try #require(try test.store.causeId(named: "late")), rude = try #require(try test.store.causeId(named: "rude"))
        _ = try test.store.moveFix(causeId: late_, to: .inProgress, owner: "amira", by: test.admin, at: now)
        _ = try test.store.moveFix(causeId: rude, to: .inProgress, owner: "ben", by: test.admin, at: now)

        let amira = try test.store(as: "amira")
        let mine = try amira.mine(now: now)
        #expect(mine.account == "amira")
        #expect(mine.calls.map(\.customer) == ["Late", "Soon"], "open, assigned to her, overdue first")
        #expect(mine.openCalls == 2 && mine.overdueCalls == 1)
        #expect(mine.fixes.map(\.gap.name) == ["late"] && mine.fixes[0].gap.fixStatus == .inProgress && mine.fixes[0].since == now)
        #expect(mine.followups.isEmpty && mine.followupsToMake == 0)
        let ben = try test.store(as: "ben").mine(now: now)
        #expect(ben.calls.map(\.customer) == ["Ben's"] && ben.fixes.map(\.gap.name) == ["rude"])
    }

    @Test(arguments: TestEngine.available) func aLoginLimitedToSitesSeesItsOwnSitesCallsOnly(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        let leeds = try test.add("Ann", rating: 1, site: "Leeds")
        let york = try test.add("Bo", rating: 1, site: "York")
        _ = try test.store.addUser("lee", role: .manager, sites: ["Leeds"], by: test.admin, at: now)
        for recorded in [leeds, york] { _ = try test.store.assign(callbackId: try #require(recorded.callbackId), to: "lee", by: test.admin, at: now) }
        let mine = try test.store(as: "lee").mine(now: now)
        #expect(mine.calls.map(\.customer) == ["Ann"] && mine.openCalls == 1, "a call at a site lee cannot see is not counted as lee's")
    }
}

/// The team: per person, calls assigned, made, on time, overdue now; fixes; follow-ups told; kept as calls are
/// recorded and undone, equal to a count from the rows, on both engines.
@Suite struct TeamTests {
    let now = TestStore.now

    @Test(arguments: TestEngine.available) func eachPersonsCallsFixesAndFollowupsInTheWindow(engine: TestEngine) throws {
        let test = try TestStore.withManagers(["amira", "ben"], engine: engine)
        let hour = 3_600.0
        // Received last Wednesday, due Thursday: overdue now. Friday's, due Monday 10:00: not yet.
        let late = try test.add("Late", rating: 1, at: Clock.parseInstant("2026-02-25T10:00:00Z")!, tags: ["late"])
        let today = try test.add("Today", rating: 2, at: Clock.parseInstant("2026-02-27T10:00:00Z")!)
        let made = try test.add("Made", rating: 2, at: Clock.parseInstant("2026-02-26T12:00:00Z")!)
        let slow = try test.add("Slow", rating: 2, at: Clock.parseInstant("2026-02-20T12:00:00Z")!)
        let early = try test.add("Early", rating: 2, at: Clock.parseInstant("2026-02-27T11:00:00Z")!)
        for (recorded, who) in [(late, "amira"), (today, "amira"), (made, "amira"), (slow, "ben"), (early, "ben")] {
            _ = try test.store.assign(callbackId: try #require(recorded.callbackId), to: who, by: test.admin, at: now)
        }
        // Early's first try found nobody; its retry fell due today at 08:00, before now: overdue today.
        _ = try test.store.recordCall(callbackId: try #require(early.callbackId),
                                      CallRecord(outcome: .noAnswer, retryAt: Clock.parseInstant("2026-03-02T08:00:00Z")!), by: test.admin,
                                      at: Clock.parseInstant("2026-02-27T16:00:00Z")!)
        let amira = try test.store(as: "amira")
        _ = try test.store.recordCall(callbackId: try #require(made.callbackId), CallRecord(outcome: .thanked), by: test.admin,
                                      at: Clock.parseInstant("2026-02-27T09:00:00Z")!)
        _ = try test.store.recordCall(callbackId: try #require(slow.callbackId), CallRecord(outcome: .recovered), by: test.admin,
                                      at: Clock.parseInstant("2026-02-28T09:00:00Z")!)
        // A call recorded and undone counts for nobody.
        let undone = try test.store.recordCall(callbackId: try #require(today.callbackId), CallRecord(outcome: .thanked), by: test.admin, at: now)
        _ = try test.store.undo(undone.undo, by: test.admin, at: now)
        let cause = try #require(try test.store.causeId(named: "late"))
        _ = try test.store.moveFix(causeId: cause, to: .inProgress, owner: "amira", by: test.admin, at: now.addingTimeInterval(-hour))
        let team = try amira.team(now: now)
        let byName = Dictionary(uniqueKeysWithValues: team.lines.map { ($0.account, $0) })
        let a = try #require(byName["amira"]), b = try #require(byName["ben"])
        // Late and Made fell due in the window, and Today's falls due today (at 10:00, after now: not overdue).
        #expect((a.assigned, a.overdueNow, a.fixesOwned, a.fixesStarted) == (3, 1, 1, 1), "\(a)")
        let closer = try #require(byName[test.admin])
        #expect((closer.made, closer.madeOnTime) == (2, 1), "the admin closed Made on time and Slow late: \(closer)")
        #expect((b.assigned, b.overdueNow) == (2, 1), "Slow fell due in the window and was closed; Early is overdue since 08:00: \(b)")
        #expect(team.lines.first?.account == "amira", "most overdue first, then by name")
        #expect(try test.read { db in try TeamSummary.verify(db) } == nil, "kept as written")
    }

    @Test(arguments: TestEngine.available) func aLoginLimitedToSitesCountsItsSitesCallsOnly(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        let leeds = try test.add("Ann", rating: 1, at: Clock.parseInstant("2026-02-25T10:00:00Z")!, site: "Leeds")
        let york = try test.add("Bo", rating: 1, at: Clock.parseInstant("2026-02-25T10:00:00Z")!, site: "York")
        _ = try test.store.addUser("amira", role: .manager, by: test.admin, at: now)
        for recorded in [leeds, york] { _ = try test.store.assign(callbackId: try #require(recorded.callbackId), to: "amira", by: test.admin, at: now) }
        _ = try test.store.addUser("lee", role: .manager, sites: ["Leeds"], by: test.admin, at: now)
        let amira = try #require(try test.store(as: "lee").team(now: now).lines.first { $0.account == "amira" })
        #expect((amira.assigned, amira.overdueNow) == (1, 1), "only Leeds's call: \(amira)")
        #expect(try test.store.team(now: now).lines.first { $0.account == "amira" }?.overdueNow == 2, "the whole team's")
        if engine == .postgres {
            // The server keeps the figure and shows lee Leeds's rows only; nobody but the server writes it.
            let read = try test.psql(as: "lee", "SELECT count(DISTINCT site_id) FROM team_day")
            #expect(read.ok && read.output.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "\(read.output)")
            let write = try test.psql(as: "lee", "UPDATE team_day SET made = made + 1")
            #expect(!write.ok && write.output.contains("permission denied"), "\(write.output)")
        }
    }
}

extension TestStore {
    /// A new store on `engine` with these managers, who see every site.
    static func withManagers(_ accounts: [String], engine: TestEngine) throws -> TestStore {
        let test = try TestStore(engine: engine)
        for account in accounts { _ = try test.store.addUser(account, role: .manager, by: test.admin, at: now) }
        return test
    }
}

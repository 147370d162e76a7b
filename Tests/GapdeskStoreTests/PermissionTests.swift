import Foundation
import GapdeskDomain
import GRDB
import Testing
@testable import GapdeskStore

/// Who may write what, checked by the store for every write, whatever calls it.
@Suite struct PermissionTests {
    let now = TestStore.now

    /// Every kind of write, each on its own fresh target so one account's try does not change another's.
    static let writes: [(ActionKind, @Sendable (TestStore, String) throws -> Void)] = [
        (.recordCall, { test, actor in
            let call = try #require(try test.add("Call \(actor)", rating: 2).callbackId)
            _ = try test.store(as: actor).recordCall(callbackId: call, CallRecord(outcome: .thanked), by: actor, at: TestStore.now)
        }),
        (.tag, { test, actor in
            let response = try test.add("Tag \(actor)", rating: 2).responseId
            _ = try test.store(as: actor).tag(responseId: response, causes: ["late"], by: actor, at: TestStore.now)
        }),
        (.assign, { test, actor in
            let call = try #require(try test.add("Assign \(actor)", rating: 2).callbackId)
            _ = try test.store(as: actor).assign(callbackId: call, to: "amira", by: actor, at: TestStore.now)
        }),
        (.moveFix, { test, actor in
            let cause = try #require(try test.store.causeId(named: "late"))
            _ = try test.store(as: actor).moveFix(causeId: cause, to: .inProgress, by: actor, at: TestStore.now)
        }),
        (.setOwner, { test, actor in
            let cause = try #require(try test.store.causeId(named: "late"))
            _ = try test.store(as: actor).setOwner(causeId: cause, owner: "ben", by: actor, at: TestStore.now)
        }),
        (.addResponse, { test, actor in
            _ = try test.store(as: actor).addResponse(NewResponse(customer: "Added by \(actor)", site: "Main", scale: .csat5, rating: 2,
                                                       receivedAt: TestStore.now), by: actor, at: TestStore.now)
        }),
        (.importFile, { test, actor in
            let run = try test.store(as: actor).beginImport(source: "x.csv", by: actor, at: TestStore.now)
            _ = try test.store(as: actor).importBatch([.response(NewResponse(externalId: "i-\(actor)", customer: "Imported", site: "Main", scale: .csat5, rating: 2,
                                                        receivedAt: TestStore.now))], lines: [2], run: run, source: "x.csv", by: actor, at: TestStore.now)
        }),
        (.changeSettings, { test, actor in try test.store(as: actor).changeSetting("fix.quiet_days", to: "10", by: actor, at: TestStore.now) }),
        (.manageUsers, { test, actor in _ = try test.store(as: actor).addUser("newcomer", role: .manager, by: actor, at: TestStore.now) }),
        (.followup, { test, actor in
            // A gap fixed 45 days ago, verified since: its customer is to be told.
            let past = TestStore.now.addingTimeInterval(-60 * 86_400)
            try test.add("Told \(actor)", rating: 2, at: past, tags: ["gone \(actor)"])
            let cause = try #require(try test.store.causeId(named: "gone \(actor)"))
            _ = try test.store.moveFix(causeId: cause, to: .done, by: test.admin, at: TestStore.now.addingTimeInterval(-45 * 86_400))
            _ = try test.store(as: actor).createFollowups(causeId: cause, by: actor, at: TestStore.now)
        }),
    ]

    func store(_ engine: TestEngine, with accounts: [String: Role]) throws -> TestStore {
        let test = try TestStore(engine: engine)
        _ = try test.store.addUser("ben", role: .manager, by: test.admin, at: now)
        for (account, role) in accounts where account != test.admin {
            _ = try test.store.addUser(account, role: role, by: test.admin, at: now)
        }
        _ = try test.store.tag(responseId: test.add("Seed", rating: 2).responseId, causes: ["late"], by: test.admin, at: now)
        return test
    }

    func auditSize(_ store: Store) throws -> Int {
        try store.read { try $0.fetchOne(Int.self, sql: "SELECT count(*) FROM audit") ?? 0 }
    }

    @Test(arguments: TestEngine.available) func everyWriteIsCheckedForEveryRole(engine: TestEngine) throws {
        let roles: [String: Role?] = ["nobody": nil, "mia": .manager, "sam": .supervisor, "ada": .admin]
        for (kind, write) in Self.writes {
            for (account, role) in roles {
                let test = try store(engine, with: roles.compactMapValues { $0 })
                // The store's own writes (seeding a call, a response) are the admin's; only the write itself is the account's.
                let allowed = role?.may(kind) ?? false
                do {
                    try write(test, account)
                    #expect(allowed, "\(account) (\(role?.rawValue ?? "no role")) was allowed to \(kind.rawValue)")
                } catch let refusal as StoreError where engine == .postgres && role == nil {
                    #expect(refusal.description.contains("gapdesk user add \(account)"), "\(refusal)")
                } catch let refusal as ActionRefusal {
                    #expect(!allowed, "\(account) was refused \(kind.rawValue): \(refusal)")
                    guard case .notAllowed = refusal else { Issue.record("\(kind.rawValue) by \(account): \(refusal)"); continue }
                    let seeded = try test.store.read { try $0.fetchOne(Int.self, sql: "SELECT count(*) FROM audit WHERE actor = ?", arguments: [account]) }
                    #expect(seeded == 0, "a refused write leaves no trace")
                }
            }
        }
    }

    @Test(arguments: TestEngine.available) func onlyAnAdminRecordsAPastAndARefusedOneLeavesNothing(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        _ = try test.store.addUser("sam", role: .supervisor, by: test.admin, at: now)
        func record(_ store: Store, as actor: String) throws {
            try store.recordPast(rowsAhead: 1, by: actor) { records in
                let site = try records.site("Harbour", hours: .standard)
                let customer = try records.customer(name: "Ann", phone: "0100 1", email: nil, value: nil, siteId: site)
                _ = try records.response(externalId: "past-1", contactId: nil, customerId: customer, siteId: site, staffId: nil, scale: .csat5,
                                         rating: 2, comment: "late", channel: "survey", receivedAt: now.addingTimeInterval(-86_400))
            }
        }
        #expect(throws: ActionRefusal.notAllowed(account: "sam", role: .supervisor, action: .manageUsers)) {
            try record(try test.store(as: "sam"), as: "sam")
        }
        #expect(try test.store.sites().isEmpty && test.store.look().isEmpty)
        try record(test.store, as: test.admin)
        try test.store.rebuildSummaries()
        let row = try #require(try test.store.lowRated(limit: 5).first)
        #expect(row.customer == "Ann" && row.site == "Harbour" && row.callback == nil, "a past records what happened: no call unless one was made")
        #expect(try test.store.loopFigures(clock: Clock(now: now, timeZone: TimeZone(identifier: "UTC")!)).critical30d == 1,
                "the summaries are rebuilt from what was recorded")
    }

    @Test func theRolesAreTheDocumentedOnes() {
        let manager: Set<ActionKind> = [.recordCall, .tag, .addResponse, .importFile, .followup]
        let supervisor = manager.union([.assign, .moveFix, .setOwner, .changeSettings])
        for kind in ActionKind.allCases {
            #expect(Role.manager.may(kind) == manager.contains(kind), "\(kind)")
            #expect(Role.supervisor.may(kind) == supervisor.contains(kind), "\(kind)")
            #expect(Role.admin.may(kind), "\(kind)")
        }
    }

    @Test(arguments: TestEngine.available) func aRefusalNamesWhoCanHelp(engine: TestEngine) throws {
        let test = try store(engine, with: ["sam": .supervisor, "mia": .manager])
        #expect(throws: ActionRefusal.self) { try test.store(as: "sam").addUser("x", role: .manager, by: "sam", at: now) }
        do { _ = try test.store(as: "sam").addUser("x", role: .manager, by: "sam", at: now) } catch {
            #expect(String(describing: error) == "sam is a supervisor and may not manage users; ask an admin.")
        }
        do { try test.store(as: "mia").changeSetting("fix.quiet_days", to: "10", by: "mia", at: now) } catch {
            #expect(String(describing: error) == "mia is a manager and may not change settings; ask a supervisor or an admin.")
        }
        do { try test.store(as: "nobody").changeSetting("fix.quiet_days", to: "10", by: "nobody", at: now) } catch {
            let sentence = engine == .sqlite ? "nobody has no role in this store, so can look but not change anything" : "nobody has no role in the store"
            #expect(String(describing: error).contains(sentence) && String(describing: error).contains("gapdesk user add nobody"))
        }
    }

    @Test(arguments: TestEngine.available) func aReadOnlySessionWritesNothingAndSaysWhy(engine: TestEngine) throws {
        let test = try store(engine, with: [:])
        let readOnly = try Store.open(path: test.path, readOnly: true)
        let before = try auditSize(test.store)
        let attempts: [() throws -> Void] = [
            { _ = try readOnly.addResponse(NewResponse(customer: "Y", site: "Main", scale: .csat5, rating: 1, receivedAt: now), by: test.admin, at: now) },
            { try readOnly.changeSetting("fix.quiet_days", to: "10", by: test.admin, at: now) },
            { _ = try readOnly.addUser("x", role: .manager, by: test.admin, at: now) },
            { _ = try readOnly.beginImport(source: "x", by: test.admin, at: now) },
            { _ = try readOnly.tag(responseId: 1, causes: ["x"], by: test.admin, at: now) },
            { _ = try readOnly.remeasureValueMedian(by: test.admin) },
        ]
        for attempt in attempts {
            let refusal = #expect(throws: ActionRefusal.self) { try attempt() }
            #expect(refusal == .readOnly)
            #expect(refusal?.description.contains("Run it without --read-only") == true)
        }
        #expect(try auditSize(test.store) == before)
    }

    @Test(arguments: TestEngine.available) func undoNeedsTheRightsOfWhatItTakesBack(engine: TestEngine) throws {
        let test = try store(engine, with: ["mia": .manager])
        let cause = try #require(try test.store.causeId(named: "late"))
        let moved = try test.store.moveFix(causeId: cause, to: .inProgress, by: test.admin, at: now)
        #expect(throws: ActionRefusal.self, "a manager may not move a fix back either") { try test.store(as: "mia").undo(moved.undo, by: "mia", at: now) }
        #expect(try test.store.undo(moved.undo, by: test.admin, at: now).contains("Undone"))
    }

    @Test(arguments: TestEngine.available) func theStoreCreatedEntryIsDatedByTheClockGiven(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        let created = try #require(try test.store.auditEntries(since: nil, limit: 1).first)
        #expect(created.at == TestStore.now && created.after == "role=admin (created the store)")
        #expect(try test.store.creator() == test.admin)
    }
}

/// Numbers people type are finite and in range, or refused with the range; no figure is ever infinite or NaN.
@Suite struct BoundsTests {
    let now = TestStore.now

    @Test(arguments: TestEngine.available) func amountsEffortsAndSettingsOutOfRangeAreRefusedWithTheRange(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        let call = try #require(try test.add("Ann", rating: 1, tags: ["late"]).callbackId)
        for amount in [1e308, -1, .infinity, .nan, 1_000_000.01] {
            do {
                _ = try test.store.recordCall(callbackId: call, CallRecord(outcome: .guarantee, amount: amount), by: test.admin, at: now)
                Issue.record("\(amount) was accepted")
            } catch {
                #expect(String(describing: error).contains("from 0 to 1,000,000"), "\(error)")
            }
        }
        let cause = try #require(try test.store.causeId(named: "late"))
        for effort in [1e-300, 0, -2, 1e308, .nan, 1_000.5] {
            do {
                _ = try test.store.moveFix(causeId: cause, to: .inProgress, effort: effort, by: test.admin, at: now)
                Issue.record("effort \(effort) was accepted")
            } catch {
                #expect(String(describing: error).contains("from 0.1 to 1,000"), "\(error)")
            }
        }
        #expect(throws: SettingError.self) { try test.store.changeSetting("ranking.money_per_point", to: "1e308", by: test.admin, at: now) }
        #expect(throws: SettingError.self) { try test.store.changeSetting("ranking.half_life_days", to: "nan", by: test.admin, at: now) }
        #expect(throws: ActionRefusal.self) {
            try test.store.recordCall(callbackId: call, CallRecord(outcome: .noAnswer, retryAt: now.addingTimeInterval(400 * 86_400)), by: test.admin, at: now)
        }
    }

    /// Random amounts, efforts and settings, within and far outside their ranges.
    @Test(arguments: TestEngine.available) func noFigureIsEverInfiniteOrNaN(engine: TestEngine) throws {
        let test = try TestStore(engine: engine, demo: 400)
        var random = SeededRandom(seed: 99)
        func wild() -> Double {
            switch Int.random(in: 0..<6, using: &random) {
            case 0: return Double.random(in: 0...1_000_000, using: &random)
            case 1: return Double.random(in: 0.1...1_000, using: &random)
            case 2: return pow(10, Double.random(in: -300...308, using: &random))
            case 3: return -Double.random(in: 0...1e9, using: &random)
            case 4: return [Double.infinity, .nan, .greatestFiniteMagnitude, .leastNonzeroMagnitude][Int.random(in: 0..<4, using: &random)]
            default: return Double(Int.random(in: 0...100, using: &random))
            }
        }
        let settings = TeamSettings.definitions.map(\.key)
        let causes = try test.store.rootCauses().map(\.id)
        for _ in 0..<120 {
            switch Int.random(in: 0..<3, using: &random) {
            case 0:
                if let call = try test.store.queue(limit: 1).first {
                    _ = try? test.store.recordCall(callbackId: call.callbackId, CallRecord(outcome: .guarantee, amount: wild()), by: test.admin, at: now)
                }
            case 1:
                _ = try? test.store.moveFix(causeId: causes[Int.random(in: 0..<causes.count, using: &random)], to: .inProgress, effort: wild(),
                                            by: test.admin, at: now)
            default:
                try? test.store.changeSetting(settings[Int.random(in: 0..<settings.count, using: &random)], to: String(wild()), by: test.admin, at: now)
            }
            for gap in try test.store.gaps(now: now) {
                for figure in [gap.score, gap.weightedSum, gap.waived, gap.moneyAtRisk] {
                    #expect(figure.isFinite, "\(gap.name)")
                }
            }
        }
    }
}

import Foundation
import GapdeskDomain
import Testing
@testable import GapdeskStore

/// A site's store moves into the group's: everything once, merged, checked.
@Suite struct MigrationTests {
    let now = TestStore.now

    func figures(_ store: Store) throws -> [String] {
        let gaps = try store.gaps(now: now).map { "\($0.name) \($0.countInWindow) \($0.customers30d) \(String(format: "%.6f", $0.score))" }
        let results = try store.results(now: now).counts
        let returns = ResultGroup.allCases.map { "\($0) \(results.group($0))" } + CallSpeed.allCases.map { "\($0) \(results.speed($0))" }
        return gaps + returns + ["queue \(try store.queueCount(cap: 100_000).count)", "critical \(try store.lowRatedCount(cap: 100_000).count)",
                                 "followups \(try store.followupCounts())"]
            + (try store.coverage(now: now, by: .staff).lines.map { "\($0.name) rated \($0.share.successes) of \($0.share.trials)" })
    }

    @Test(arguments: TestEngine.available) func aSitesStoreMovesInOnceAndAddsUp(engine: TestEngine) throws {
        let site = try TestStore(demo: 400)
        _ = try site.store.addUser("lee", role: .manager, sites: ["Northgate York Service"], by: site.admin, at: now)
        let group = try TestStore(engine: engine)
        let moved = try group.store.migrate(from: site.store, by: group.admin, at: now)
        // Only the admin both stores share (on SQLite, the same account) was there already.
        #expect(moved.allSatisfy(\.checked) && moved.allSatisfy { $0.alreadyThere == 0 || $0.table == "app_user" }, "\(moved)")
        let responses = try site.read { try $0.fetchOne(Int.self, sql: "SELECT count(*) FROM response") }
        #expect(responses ?? 0 > 600 && moved.first { $0.table == "response" }?.added == responses, "every response: 400, 200 from the year before, those asked")
        let (moved1, site1) = (try figures(group.store), try figures(site.store))
        #expect(moved1 == site1, "the group's figures are the site's: \(zip(moved1, site1).filter { $0 != $1 })")
        #expect(try group.store.users().first { $0.account == "lee" }?.sites == ["Northgate York Service"])
        #expect(try group.store.auditEntries(since: nil, limit: 5_000).contains { $0.after?.contains("moved from store.sqlite") == true })
        // A rerun adds nothing.
        let again = try group.store.migrate(from: site.store, by: group.admin, at: now)
        #expect(again.allSatisfy { $0.added == 0 && $0.checked }, "\(again)")
        let (after, expected) = (try figures(group.store), try figures(site.store))
        #expect(after == expected, "\(zip(after, expected).filter { $0 != $1 })")
    }

    @Test(arguments: TestEngine.available) func sitesAndCustomersMergeByNameAndPhone(engine: TestEngine) throws {
        let site = try TestStore()
        try site.add("Ann Lee", rating: 1, phone: "0100 1", tags: ["late"], site: "Leeds")
        try site.add("Bo", rating: 2, phone: "0100 2", site: "York")
        let group = try TestStore(engine: engine)
        try group.add("Ann Lee", rating: 2, at: now.addingTimeInterval(-86_400), phone: "0100 1", site: "leeds")
        let moved = try group.store.migrate(from: site.store, by: group.admin, at: now)
        #expect(moved.first { $0.table == "site" } == MigrationCount(table: "site", source: 2, added: 1, alreadyThere: 1))
        #expect(moved.first { $0.table == "customer" } == MigrationCount(table: "customer", source: 2, added: 1, alreadyThere: 1))
        #expect(try group.store.sites().map(\.name) == ["leeds", "York"])
        let ann = try #require(try group.store.lowRated(limit: 10).first { $0.customer == "Ann Lee" && $0.tags == ["late"] })
        #expect(try group.store.responseDetail(id: ann.responseId)?.history.count == 1, "one customer with both responses")
    }

    @Test(arguments: TestEngine.available) func rowsTheSiteHoldsTwiceMoveInOnce(engine: TestEngine) throws {
        let site = try TestStore()
        try site.add("Ann Lee", rating: 1, phone: "0100 1", site: "Leeds")
        // A contact file without ids, imported twice: the same visit twice in the site's store.
        let visit = PreparedRow.contact(NewContact(customer: "Ann Lee", phone: "0100 1", site: "Leeds", kind: .visit, occurredAt: now))
        for source in ["visits.csv", "visits again.csv"] {
            let run = try site.store.beginImport(source: source, by: site.admin, at: now)
            _ = try site.store.importBatch([visit], lines: [2], run: run, source: source, by: site.admin, at: now)
        }
        let group = try TestStore(engine: engine)
        let moved = try group.store.migrate(from: site.store, by: group.admin, at: now)
        #expect(moved.first { $0.table == "contact" } == MigrationCount(table: "contact", source: 2, added: 1, alreadyThere: 1), "\(moved)")
        #expect(moved.allSatisfy { $0.checked })
        let again = try group.store.migrate(from: site.store, by: group.admin, at: now)
        #expect(again.allSatisfy { $0.added == 0 && $0.checked }, "\(again)")
    }
}

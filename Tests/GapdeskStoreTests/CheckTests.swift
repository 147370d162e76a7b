import Foundation
import GapdeskDomain
import GRDB
import Testing
@testable import GapdeskStore

/// `gapdesk check`: the store's own fsck, on both engines.
@Suite struct CheckTests {
    let now = TestStore.now

    /// Runs SQL as the store's owner with its rules held back: what only
    /// someone who owns the file or the tables can do, and check must see.
    func asOwnerBypassingRules(_ test: TestStore, _ sql: String) throws {
        switch test.engine {
        case .sqlite:
            // Whoever can write the file can drop the audit's triggers, write, and put them back.
            try test.store.pool.writeWithoutTransaction { db in
                let triggers = try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit'")
                try db.execute(sql: "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; " + sql)
                for trigger in triggers { try db.execute(sql: trigger) }
            }
        case .postgres:
            try test.read { _ in }
            let connection = try PGConnection(TestStore.address(database: test.database!, user: nil))
            try connection.runScript("BEGIN; SET LOCAL session_replication_role = replica; " + sql + "; COMMIT")
        }
    }

    @Test(arguments: TestEngine.available) func aNewStoreAndTheDemoPass(engine: TestEngine) throws {
        let new = try TestStore(engine: engine)
        let fresh = try new.store.check()
        #expect(fresh.passed, "\(fresh.parts.filter { !$0.problems.isEmpty })")
        #expect(fresh.parts.map(\.name) == ["integrity", "schema", "figures", "audit"] && fresh.auditHead?.entry == 1)
        let demo = try TestStore(engine: engine, demo: 600)
        let report = try demo.store.check()
        #expect(report.passed, "\(report.parts.filter { !$0.problems.isEmpty })")
        #expect(report.version == Store.schemaVersion)
        let head = try #require(report.auditHead)
        #expect(try demo.store.auditHead()?.entry == head.entry && head.chain.count == 64)
    }

    @Test(arguments: TestEngine.available) func anAuditEntryRewrittenByTheOwnerIsNamed(engine: TestEngine) throws {
        let test = try TestStore(engine: engine, demo: 300)
        let entries = try test.store.auditEntries(since: nil, limit: 10_000)
        let target = entries[entries.count / 2]
        try asOwnerBypassingRules(test, "UPDATE audit SET after = 'nothing happened' WHERE id = \(target.id)")
        let report = try test.store.check()
        let audit = try #require(report.parts.first { $0.name == "audit" })
        #expect(!report.passed && audit.problems.count == 1)
        #expect(audit.problems.first?.hasPrefix("entry \(target.id) does not follow the one before") == true, "\(audit.problems)")
        #expect(report.parts.filter { !$0.problems.isEmpty }.map(\.name) == ["audit"], "only the audit is broken")
    }

    @Test(arguments: TestEngine.available) func anEntryRemovedFromTheAuditIsNamedByTheOneAfterIt(engine: TestEngine) throws {
        let test = try TestStore(engine: engine, demo: 300)
        let entries = try test.read { db in try db.fetchAll(Int64.self, sql: "SELECT id FROM audit ORDER BY id") }
        let (removed, next) = (entries[10], entries[11])
        try asOwnerBypassingRules(test, "DELETE FROM audit WHERE id = \(removed)")
        let audit = try #require(try test.store.check().parts.first { $0.name == "audit" })
        #expect(audit.problems.first?.hasPrefix("entry \(next) does not follow") == true, "\(audit.problems)")
    }

    @Test(arguments: TestEngine.available) func aSummaryRowEditedIsNamedWithHowMuchItDiffers(engine: TestEngine) throws {
        let test = try TestStore(engine: engine, demo: 300)
        let row = try #require(try test.read { db in
            try db.fetchOne(sql: "SELECT day, critical FROM loop_day WHERE critical > 0 ORDER BY day LIMIT 1")
        })
        let (day, critical): (Int64, Int) = (row[0], row[1])
        try test.read { _ in }
        try asOwnerBypassingRules(test, "UPDATE loop_day SET critical = critical + 3 WHERE day = \(day)")
        let report = try test.store.check()
        let figures = try #require(report.parts.first { $0.name == "figures" })
        let date = Date(timeIntervalSince1970: Double(day * 86_400)).formatted(.iso8601.year().month().day())
        #expect(figures.problems == ["loop_day, day \(date): critical \(critical + 3) where the rows give \(critical) (3 too many)"])
        #expect(report.parts.filter { !$0.problems.isEmpty }.map(\.name) == ["figures"])
    }

    @Test(arguments: TestEngine.available) func everyFigureIsCompared(engine: TestEngine) throws {
        let edits = [
            ("pressure", "response_day", "UPDATE response_day SET top = top + 1 WHERE day = (SELECT min(day) FROM response_day)"),
            ("gaps", "gap_customer", "DELETE FROM gap_customer WHERE customer_id = (SELECT min(customer_id) FROM gap_customer)"),
            ("results", "result_day", "DELETE FROM result_day WHERE day = (SELECT min(day) FROM result_day)"),
            ("results", "result_response", "UPDATE result_response SET grp = 'thanked' WHERE grp = 'not-called' AND response_id = "
                + "(SELECT min(response_id) FROM result_response WHERE grp = 'not-called')"),
            ("gaps", "store_meta", "UPDATE store_meta SET value = '1' WHERE key = 'value_median'"),
            ("gaps", "response_cause", "UPDATE response_cause SET received_at = received_at - 86400 WHERE response_id = "
                + "(SELECT min(response_id) FROM response_cause)"),
            ("coverage", "contact_day", "UPDATE contact_day SET rated = rated - 1 WHERE day = (SELECT min(day) FROM contact_day WHERE rated > 0)"),
            ("coverage", "rated_visit", "DELETE FROM rated_visit WHERE customer_id = (SELECT min(customer_id) FROM rated_visit)"),
            ("team", "team_day", "UPDATE team_day SET made = made + 1 WHERE day = (SELECT min(day) FROM team_day)"),
        ]
        for (figure, table, sql) in edits {
            let copy = try TestStore(engine: engine, demo: 300)
            try asOwnerBypassingRules(copy, sql)
            let found = try Figures.all.compactMap { figure in try copy.read { try figure.verify($0) } }
            #expect(found.map(\.figure) == [figure], "\(table): \(found)")
            #expect(found.first?.table == table, "\(table): \(found)")
        }
    }

    @Test func checkWritesNothing() throws {
        let test = try TestStore(demo: 300)
        let before = try Data(contentsOf: URL(fileURLWithPath: test.path))
        let report = try Store.open(path: test.path, readOnly: true).check()
        #expect(report.passed)
        #expect(try Data(contentsOf: URL(fileURLWithPath: test.path)) == before)
    }

    /// The server's own checks of its pages and indexes are amcheck's: run where
    /// the database has it, and said plainly where it has not.
    @Test(.enabled(if: TestEngine.server != nil, "needs GAPDESK_TEST_POSTGRES"))
    func onAServerTheIntegrityCheckIsAmcheckWhereTheDatabaseHasIt() throws {
        let test = try TestStore(engine: .postgres, demo: 100)
        let without = try #require(try test.store.check().parts.first)
        #expect(without.name == "integrity" && without.problems.isEmpty && without.checked.contains("were not checked: that needs the amcheck extension"))
        let connection = try PGConnection(TestStore.address(database: test.database!, user: nil))
        try connection.runScript("CREATE EXTENSION amcheck")
        let report = try test.store.check()
        #expect(report.passed, "\(report.parts.filter { !$0.problems.isEmpty })")
        #expect(report.parts.first?.checked == "every constraint validated, every table's pages and every index checked by amcheck")
    }

    @Test(.enabled(if: TestEngine.server != nil, "needs GAPDESK_TEST_POSTGRES"))
    func onAServerALoginLimitedToSitesIsToldToCheckAsOneThatSeesEverySite() throws {
        let test = try TestStore(engine: .postgres, demo: 300)
        let site = try #require(try test.store.sites().first?.name)
        _ = try test.store.addUser("lee", role: .manager, sites: [site], by: test.admin, at: now)
        #expect(throws: StoreError.self) { try test.store(as: "lee").check() }
    }
}

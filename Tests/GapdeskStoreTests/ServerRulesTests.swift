import Foundation
import Synchronization
import GapdeskDomain
import Testing
@testable import GapdeskStore

/// On PostgreSQL the server itself enforces who may do what: a login that
/// goes round gapdesk with psql can do no more than gapdesk would let it.
@Suite(.enabled(if: TestEngine.server != nil, "needs GAPDESK_TEST_POSTGRES"))
struct ServerRulesTests {
    let now = TestStore.now

    func psql(_ test: TestStore, as account: String, _ sql: String) throws -> (ok: Bool, output: String) {
        try test.psql(as: account, sql)
    }

    func store() throws -> TestStore {
        let test = try TestStore(engine: .postgres)
        _ = try test.store.addUser("mia", role: .manager, by: test.admin, at: now)
        _ = try test.store.addUser("sam", role: .supervisor, by: test.admin, at: now)
        _ = try test.store(as: "mia")
        try test.add("Ann", rating: 1, tags: ["late"])
        let cause = try #require(try test.store.causeId(named: "late"))
        _ = try test.store.moveFix(causeId: cause, to: .inProgress, owner: test.admin, by: test.admin, at: now)
        return test
    }

    @Test func twoDatabasesGivingTheSameNewLoginARoleAtOnceBothSucceed() throws {
        let tests = try [TestStore(engine: .postgres), TestStore(engine: .postgres)]
        let stores = tests.map(\.store), admin = tests[0].admin
        for _ in 0..<12 {
            let account = "race_" + UUID().uuidString.prefix(8).lowercased()
            let failures = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                do {
                    _ = try stores[index].addUser(account, role: .manager, by: admin, at: now)
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            #expect(failures.withLock { $0 } == [])
            try TestStore.superuser("DROP OWNED BY \(account); DROP ROLE \(account)")
        }
    }

    @Test func aManagerImportsOnAServerThatDeniesTemporaryTablesToEveryone() throws {
        let test = try store()
        // Hardened servers revoke the default; imports stage their rows in temporary tables (COPY, then INSERT … SELECT).
        try TestStore.superuser("REVOKE TEMPORARY ON DATABASE \(try #require(test.database)) FROM PUBLIC")
        let mia = try test.store(as: "mia")
        let run = try mia.beginImport(source: "export.csv", by: "mia", at: now)
        let rows = [PreparedRow.response(NewResponse(externalId: "e-1", customer: "Bo", phone: "0100 2", site: "Main", scale: .csat5,
                                                   rating: 2, receivedAt: now))]
        #expect(try mia.importBatch(rows, lines: [2], run: run, source: "export.csv", by: "mia", at: now).counts.imported == 1)
    }

    @Test func aManagerThroughPsqlCannotMoveAFixAddAUserOrRewriteTheAudit() throws {
        let test = try store()
        // What a manager may do, psql may do too.
        #expect(try psql(test, as: "mia", "SELECT count(*) FROM response").output == "1")
        #expect(try psql(test, as: "mia", "UPDATE callback SET note = 'rang twice'").ok)
        // What a manager may not do, the server refuses.
        for sql in ["UPDATE fix SET status = 'done'",
                    "INSERT INTO fix(cause_id, status, updated_at, updated_by) VALUES (1, 'done', 0, 'mia')",
                    "UPDATE callback SET assignee = 'mia'",
                    "INSERT INTO app_user VALUES ('eve', 'admin', 0, 'mia')",
                    "UPDATE app_user SET role = 'admin' WHERE account = 'mia'",
                    "INSERT INTO setting VALUES ('fix.quiet_days', '1', 0, 'mia')",
                    "UPDATE audit SET actor = 'someone else'",
                    "DELETE FROM audit",
                    "TRUNCATE audit"] {
            let attempt = try psql(test, as: "mia", sql)
            #expect(!attempt.ok && attempt.output.contains("permission denied"), "\(sql): \(attempt.output)")
        }
        #expect(try test.store.gapDetail(causeId: 1)?.fix?.status == .inProgress)
        #expect(try test.store.role(of: "mia") == .manager && test.store.role(of: "eve") == nil)
        // Not even the store's owner rewrites the audit.
        let owner = try psql(test, as: test.admin, "UPDATE audit SET actor = 'x'")
        #expect(!owner.ok && owner.output.contains("the audit is append-only"), "\(owner.output)")
    }

    @Test func theAuditNamesTheLoginWhateverTheClientClaims() throws {
        let test = try store()
        // Nobody inserts into the audit; through the server's own function, the entry is the login's.
        let inserted = try psql(test, as: "mia", "INSERT INTO audit(at, actor, action, entity, entity_id) VALUES (0, 'sam', 'record-call', 'callback', '1')")
        #expect(!inserted.ok && inserted.output.contains("permission denied"), "\(inserted.output)")
        #expect(try psql(test, as: "mia", "SELECT gapdesk_audit(0, 'record-call', 'callback', '1', NULL, NULL)").ok)
        let actor = try psql(test, as: "mia", "SELECT actor FROM audit WHERE action = 'record-call'")
        #expect(actor.output == "mia", "\(actor.output)")
        // Through gapdesk, acting as another account than the login is refused.
        let refusal = #expect(throws: ActionRefusal.self) {
            try test.store(as: "mia").tag(responseId: 1, causes: ["rude"], by: "sam", at: now)
        }
        #expect(refusal?.description.contains("you act as your login, mia") == true)
    }

    @Test func aRoleInTheStoreIsMembershipOfTheServersGroupRole() throws {
        let test = try store()
        let database = try #require(test.database)
        // Logins are the server's, shared by the tests' databases: this store's groups only.
        func groups(_ account: String) throws -> String {
            try psql(test, as: test.admin, """
                SELECT string_agg(g.rolname, ',' ORDER BY g.rolname) FROM pg_auth_members m
                JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
                WHERE u.rolname = '\(account)' AND g.rolname LIKE '\(database)\\_%'
                """).output
        }
        #expect(try groups("mia") == "\(database)_manager")
        _ = try test.store.addUser("mia", role: .supervisor, by: test.admin, at: now)
        #expect(try groups("mia") == "\(database)_supervisor")
        #expect(try psql(test, as: "mia", "UPDATE fix SET owner = 'mia'").ok, "a supervisor may")
        _ = try test.store.removeUser("mia", by: test.admin, at: now)
        #expect(try groups("mia").isEmpty)
        #expect(try !psql(test, as: "mia", "SELECT count(*) FROM response").ok, "without a role the server shows nothing")
    }

    @Test func aLoginLimitedToSitesSeesNoOtherSitesCustomersEvenThroughPsql() throws {
        let test = try TestStore(engine: .postgres)
        try test.add("Ann", rating: 1, tags: ["late"], site: "Leeds")
        try test.add("Bo", rating: 2, tags: ["late"], site: "York")
        try test.add("Cy", rating: 1, comment: "Dublin's words", tags: ["late"], site: "Dublin")
        _ = try test.store.addUser("lee", role: .manager, sites: ["Leeds", "York"], by: test.admin, at: now)
        _ = try test.store(as: "lee")
        #expect(try psql(test, as: "lee", "SELECT string_agg(name, ',' ORDER BY name) FROM customer").output == "Ann,Bo")
        #expect(try psql(test, as: "lee", "SELECT count(*) FROM response WHERE comment LIKE 'Dublin%'").output == "0")
        #expect(try psql(test, as: "lee", "SELECT count(*) FROM callback").output == "2")
        #expect(try psql(test, as: "lee", "SELECT string_agg(name, ',' ORDER BY name) FROM site").output == "Leeds,York")
        // Writes at another site find nothing to change, or are refused.
        #expect(try psql(test, as: "lee", "UPDATE callback SET note = 'x' RETURNING id").output.split(separator: "\n").count == 2)
        let elsewhere = try psql(test, as: "lee", """
            INSERT INTO response(external_id, customer_id, site_id, scale, rating, shortfall, critical, channel, received_at)
            SELECT 'x', id, (SELECT id FROM site WHERE name = 'Leeds'), 'csat5', 1, 1, 1, 'phone', 0 FROM customer LIMIT 1
            """)
        #expect(elsewhere.ok, "at their own site: \(elsewhere.output)")
        let dublin = try #require(try test.store.sites().first { $0.name == "Dublin" }?.id)
        let refused = try psql(test, as: "lee", """
            INSERT INTO response(external_id, customer_id, site_id, scale, rating, shortfall, critical, channel, received_at)
            SELECT 'y', id, \(dublin), 'csat5', 1, 1, 1, 'phone', 0 FROM customer LIMIT 1
            """)
        #expect(!refused.ok && refused.output.contains("row-level security"), "\(refused.output)")
        // The whole team's figures stay whole when lee works.
        let lee = try test.store(as: "lee")
        let call = try #require(try lee.queue(limit: 5).first)
        _ = try lee.recordCall(callbackId: call.callbackId, CallRecord(outcome: .thanked), by: "lee", at: now)
        _ = try lee.addResponse(NewResponse(customer: "Cy", phone: "0100 Cy", site: "York", scale: .csat5, rating: 1, receivedAt: now, tags: ["late"]),
                                by: "lee", at: now)
        let gaps = try test.store.gaps(now: now).map { "\($0.name) \($0.countInWindow) \($0.customers30d)" }
        try test.store.transaction(changes: []) { db in try GapSummary.rebuild(db); try ResultSummary.rebuild(db) }
        #expect(try test.store.gaps(now: now).map { "\($0.name) \($0.countInWindow) \($0.customers30d)" } == gaps)
        // A phone known only at a site lee does not see makes a new customer at lee's site: the other is neither shown nor changed.
        #expect(try test.store.read { db in try db.fetchOne(Int.self, sql: "SELECT count(*) FROM customer WHERE name = 'Cy'") } == 2)
        #expect(try psql(test, as: "lee", "SELECT count(*) FROM customer WHERE name = 'Cy'").output == "1")
    }
}

import Foundation
import GapdeskDomain
import Testing
@testable import GapdeskStore

/// The server's word, tried through psql as each login would: who did a
/// thing is the login, roles come from the store's own, the store's marks
/// and the median are the owner's and the server's, sites stay apart.
@Suite(.enabled(if: TestEngine.server != nil, "needs GAPDESK_TEST_POSTGRES"))
struct ServerWordTests {
    let now = TestStore.now

    func store() throws -> TestStore {
        let test = try TestStore(engine: .postgres)
        try test.add("Ann", rating: 1, phone: "0100 1", tags: ["late"], site: "Leeds")
        try test.add("Bo", rating: 2, phone: "0100 2", tags: ["late"], site: "York")
        _ = try test.store.addUser("mia", role: .manager, by: test.admin, at: now)
        _ = try test.store.addUser("sam", role: .supervisor, sites: ["Leeds"], by: test.admin, at: now)
        _ = try test.store.addUser("lee", role: .manager, sites: ["Leeds"], by: test.admin, at: now)
        return test
    }

    @Test func aManagersWritesNameTheManagerWhateverTheyClaim() throws {
        let test = try store()
        let callback = try #require(try test.store.queue(limit: 1).first?.callbackId)
        let closed = try test.psql(as: "mia", """
            UPDATE callback SET done_by = 'amira', outcome = 'thanked', done_at = 1772442000 WHERE id = \(callback) RETURNING done_by
            """)
        #expect(closed.ok && closed.output == "mia", "\(closed.output)")
        let attempt = try test.psql(as: "mia", """
            INSERT INTO call_attempt(callback_id, made_at, made_by, outcome) VALUES (\(callback), 1772442000, 'amira', 'thanked') RETURNING made_by
            """)
        #expect(attempt.ok && attempt.output == "mia", "\(attempt.output)")
        let tag = try test.psql(as: "mia", """
            INSERT INTO response_cause(response_id, cause_id, tagged_at, tagged_by) SELECT 1, id, 0, 'amira' FROM root_cause RETURNING tagged_by
            """)
        #expect(!tag.ok || tag.output == "mia", "\(tag.output)")
        // A colleague is then told who really did it.
        let refusal = #expect(throws: ActionRefusal.self) {
            try test.store(as: "sam").recordCall(callbackId: callback, CallRecord(outcome: .thanked), by: "sam", at: now)
        }
        #expect(refusal?.description.contains("mia") == true, "\(String(describing: refusal))")
    }

    @Test func theStoresMarksAreItsOwnersAndTheMedianTheServers() throws {
        let test = try store()
        for sql in ["UPDATE store_meta SET value = 'payroll' WHERE key = 'role_prefix'",
                    "INSERT INTO store_meta VALUES ('demo', 'made by mia')",
                    "UPDATE store_meta SET value = 'mia' WHERE key = 'creator'",
                    "INSERT INTO store_meta VALUES ('value_median', '1') ON CONFLICT (key) DO UPDATE SET value = '1'"] {
            // Since schema 15 no role may write the table at all (before, a trigger refused the owner's marks).
            let attempt = try test.psql(as: "mia", sql)
            #expect(!attempt.ok && attempt.output.contains("permission denied for table store_meta"), "\(sql): \(attempt.output)")
        }
        #expect(try test.store.isDemo() == false && test.store.creator() == test.admin)
        // Measured by the server from the customers, as gapdesk measures it.
        _ = try test.store.addResponse(NewResponse(customer: "Cy", phone: "0100 3", customerValue: 1234, site: "Leeds", scale: .csat5, rating: 1,
                                                   receivedAt: now), by: test.admin, at: now)
        #expect(try test.psql(as: "mia", "SELECT gapdesk_measure_median()").ok)
        let stored = try test.read { db in try GapSummary.storedMedian(db) }
        let measured = try test.read { db in try GapSummary.measureMedian(db) }
        #expect(stored == 1200 && stored == measured)
    }

    @Test func aLoginOfOneStoreNeverGainsARoleInAnotherOnTheSameServer() throws {
        let (first, second) = (try store(), try TestStore(engine: .postgres))
        let otherPrefix = try #require(try second.read { db in try db.fetchOne(String.self, sql: "SELECT value FROM store_meta WHERE key = 'role_prefix'") })
        // Even the owner pointing its marks at the other store moves no grant there.
        #expect(try first.psql(as: first.admin, "UPDATE store_meta SET value = '\(otherPrefix)' WHERE key = 'role_prefix'").ok)
        _ = try first.store.addUser("mia", role: .admin, by: first.admin, at: now)
        _ = try first.store.addUser("eve", role: .manager, by: first.admin, at: now)
        let memberships = try first.psql(as: first.admin, """
            SELECT count(*) FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
            WHERE u.rolname IN ('mia', 'eve') AND g.rolname LIKE '\(otherPrefix)\\_%'
            """)
        #expect(memberships.output == "0", "\(memberships.output)")
        #expect(throws: StoreError.self) { try second.store(as: "mia") }
    }

    @Test func aLoginLimitedToSitesMatchesOnlyTheCustomersItSees() throws {
        let test = try store()
        // The server's lookups answer lee nothing about York's customer.
        #expect(try test.psql(as: "lee", "SELECT count(*) FROM gapdesk_customers_by_phone('[\"0100 2\"]')").output == "0")
        #expect(try test.psql(as: "lee", "SELECT count(*) FROM gapdesk_customers_by_phone('[\"0100 1\"]')").output == "1")
        #expect(try test.psql(as: "mia", "SELECT count(*) FROM gapdesk_customers_by_phone('[\"0100 2\"]')").output == "1")
        // Feedback at Leeds with York's customer's phone is a new customer at Leeds; York's is neither shown nor changed.
        let lee = try test.store(as: "lee")
        _ = try lee.addResponse(NewResponse(customer: "Robert", phone: "0100 2", customerValue: 50, site: "Leeds", scale: .csat5, rating: 2,
                                            receivedAt: now), by: "lee", at: now)
        #expect(try test.psql(as: "lee", "SELECT string_agg(name, ',' ORDER BY name) FROM customer").output == "Ann,Robert")
        #expect(try test.psql(as: test.admin, "SELECT name || ' ' || coalesce(value::text, '-') FROM customer WHERE phone = '0100 2' ORDER BY id")
                    .output == "Bo -\nRobert 50")
    }

    @Test func theTeamsSettingsAreChangedOnlyByALoginThatSeesEverySite() throws {
        let test = try store()
        for sql in ["INSERT INTO setting VALUES ('ranking.window_days', '2', 0, 'sam')",
                    "UPDATE site SET opens = 0"] {
            let attempt = try test.psql(as: "sam", sql)
            #expect(!attempt.ok && attempt.output.contains("sees every site"), "\(sql): \(attempt.output)")
        }
        #expect(try test.store.teamSettings().rankingWindowDays == 90)
        _ = try test.store.addUser("sam", role: .supervisor, by: test.admin, at: now)
        #expect(try test.psql(as: "sam", "INSERT INTO setting VALUES ('ranking.window_days', '60', 0, 'x') RETURNING changed_by").output == "sam")
    }

    @Test func theAuditKeepsTheServersClockWhateverTheClientSays() throws {
        let test = try store()
        let direct = try test.psql(as: "mia", "INSERT INTO audit(at, actor, action, entity, entity_id, written_at) VALUES (0, 'sam', 'x', 'y', 'z', 1)")
        #expect(!direct.ok && direct.output.contains("permission denied"), "\(direct.output)")
        #expect(try test.psql(as: "mia", "SELECT gapdesk_audit(0, 'x', 'y', 'z', NULL, NULL)").ok)
        let written = try test.psql(as: test.admin, "SELECT actor || ' ' || written_at FROM audit WHERE action = 'x'")
        let parts = written.output.split(separator: " ")
        #expect(written.ok && parts.first == "mia", "\(written.output)")
        #expect(abs((Double(parts.last ?? "") ?? 0) - Date().timeIntervalSince1970) < 300, "\(written.output)")
        #expect(try test.store.check().parts.first { $0.name == "audit" }?.problems == [])
    }

    @Test func whatALoginWritesThroughPsqlTheServerAuditsUnderItsLoginAndClock() throws {
        let test = try store()
        let callback = try #require(try test.store.queue(limit: 1).first?.callbackId)
        let received = try #require(try test.read { db in try db.fetchOne(Int64.self, sql: "SELECT created_at FROM callback WHERE id = ?", arguments: [callback]) })
        let started = Date().timeIntervalSince1970
        // The attacks: a call closed in someone else's name, attempts removed, an entry invented.
        #expect(try test.psql(as: "mia", "UPDATE callback SET done_by = 'amira', outcome = 'thanked', done_at = \(received + 60) WHERE id = \(callback)").ok)
        _ = try test.psql(as: "mia", "INSERT INTO call_attempt(callback_id, made_at, made_by, outcome) VALUES (\(callback), \(received + 60), 'x', 'thanked')")
        #expect(try test.psql(as: "mia", "DELETE FROM call_attempt").ok)
        let invented = try test.psql(as: "mia", "INSERT INTO audit(at, actor, action, entity, entity_id) VALUES (0, 'sam', 'x', 'y', 'z')")
        #expect(!invented.ok && invented.output.contains("permission denied"), "\(invented.output)")
        let entries = try test.psql(as: test.admin, """
            SELECT action || ' ' || entity || ' ' || entity_id || ' ' || actor || ' ' || (written_at >= \(Int64(started) - 5)) || ' ' || coalesce(after, before)
            FROM audit WHERE action LIKE 'row.%' ORDER BY id
            """).output.split(separator: "\n").map(String.init)
        #expect(entries.count == 3, "\(entries)")
        #expect(entries.first?.hasPrefix("row.update callback \(callback) mia true ") == true, "\(entries)")
        #expect(entries.first?.contains("\"done_by\": \"mia\"") == true && entries.first?.contains("\"outcome\": \"thanked\"") == true, "\(entries)")
        #expect(entries.dropFirst().first?.hasPrefix("row.insert call_attempt") == true, "\(entries)")
        #expect(entries.last?.hasPrefix("row.delete call_attempt") == true && entries.last?.contains("mia true") == true, "\(entries)")
        // The call's own history shows the change made outside gapdesk.
        let response = try #require(try test.read { db in try db.fetchOne(Int64.self, sql: "SELECT response_id FROM callback WHERE id = ?", arguments: [callback]) })
        let history = try #require(try test.store.responseDetail(id: response)).audit.map(\.action)
        #expect(history.contains("row.update"), "\(history)")
        #expect(try test.store.check().parts.first { $0.name == "audit" }?.problems == [])
    }

    @Test func gapdesksOwnWordsStandForTheServersEntriesOfTheSameWrite() throws {
        let test = try store()
        let callback = try #require(try test.store.queue(limit: 1).first?.callbackId)
        _ = try test.store(as: "mia").recordCall(callbackId: callback, CallRecord(outcome: .thanked), by: "mia", at: now)
        // Stored: gapdesk's entry and the server's; shown: gapdesk's.
        let stored = try test.psql(as: test.admin, "SELECT string_agg(action, ',' ORDER BY id) FROM audit WHERE actor = 'mia'").output
        #expect(stored.contains("call.record") && stored.contains("row.update"), "\(stored)")
        let response = try #require(try test.read { db in try db.fetchOne(Int64.self, sql: "SELECT response_id FROM callback WHERE id = ?", arguments: [callback]) })
        let shown = try #require(try test.store.responseDetail(id: response)).audit.map(\.action)
        #expect(shown.contains("call.record") && !shown.contains { $0.hasPrefix("row.") }, "\(shown)")
        #expect(try test.store.auditEntries(since: nil, limit: 100).allSatisfy { !$0.action.hasPrefix("row.") })
        // The time an entry states is checked by the server too.
        let later = Int64(Date().timeIntervalSince1970) + 86_400
        let refused = try test.psql(as: "mia", "SELECT gapdesk_audit(\(later), 'call.record', 'callback', '1', NULL, NULL)")
        #expect(!refused.ok && refused.output.contains("after the server's clock"), "\(refused.output)")
    }

    @Test func aTimeARowStatesIsNeverAfterTheServersClockNorBeforeWhatItRecords() throws {
        let test = try store()
        let callback = try #require(try test.store.queue(limit: 1).first?.callbackId)
        let received = try #require(try test.read { db in try db.fetchOne(Int64.self, sql: "SELECT created_at FROM callback WHERE id = ?", arguments: [callback]) })
        let response = try #require(try test.read { db in try db.fetchOne(Int64.self, sql: "SELECT response_id FROM callback WHERE id = ?", arguments: [callback]) })
        let tomorrow = Int64(Date().timeIntervalSince1970) + 86_400
        for (sql, words) in [
            ("UPDATE callback SET outcome = 'thanked', done_at = \(received - 3600) WHERE id = \(callback)", "before its feedback arrived"),
            ("UPDATE callback SET outcome = 'thanked', done_at = \(tomorrow) WHERE id = \(callback)", "after the server's clock"),
            ("INSERT INTO call_attempt(callback_id, made_at, made_by, outcome) VALUES (\(callback), 1577836800, 'mia', 'thanked')", "before its feedback arrived"),
            ("INSERT INTO guarantee(response_id, callback_id, amount, approved_by, invoked_at) VALUES (\(response), \(callback), 5, 'mia', \(tomorrow))",
             "after the server's clock"),
            ("""
             WITH cause AS (INSERT INTO root_cause(name, created_at) VALUES ('cold', 0) RETURNING id)
             INSERT INTO response_cause(response_id, cause_id, tagged_at, tagged_by) SELECT \(response), id, 0, 'mia' FROM cause
             """, "before its feedback arrived"),
        ] {
            let attempt = try test.psql(as: "mia", sql)
            #expect(!attempt.ok && attempt.output.contains(words), "\(sql): \(attempt.output)")
        }
        let fix = try test.psql(as: "sam", "INSERT INTO fix(cause_id, status, updated_at, updated_by) SELECT id, 'open', 0, 'sam' FROM root_cause LIMIT 1")
        #expect(!fix.ok && fix.output.contains("before its root cause was named"), "\(fix.output)")
        #expect(try test.store.queue(limit: 10).contains { $0.callbackId == callback })
    }
}

import Foundation
import GapdeskDomain
import Testing
@testable import GapdeskStore

/// The server is the authority, tried through psql as an insider would: a
/// manager and a supervisor limited to Leeds, and a login with no role, run
/// the attacks an insider knows and then every statement on every table.
/// Afterwards the owner's ranking, queue, settings, call history, marks and
/// role memberships are what they were, the figures are what the rows give,
/// every change that went through is in the audit under its login, and
/// nothing of York was read or changed.
@Suite(.enabled(if: TestEngine.server != nil, "needs GAPDESK_TEST_POSTGRES"))
struct ServerAuthorityTests {
    let now = TestStore.now
    /// Written into every York row that names a person, so a leak shows in whatever a Leeds login reads.
    static let yorkMark = "ZQXYORK"
    static let logins = ["lee", "sam", "nora"]

    func store() throws -> TestStore {
        let test = try TestStore(engine: .postgres)
        try test.add("Ann", rating: 1, phone: "0100 1", tags: ["late"], site: "Leeds")
        try test.add("Di", rating: 5, phone: "0100 4", site: "Leeds")
        try test.add("Bo \(Self.yorkMark)", rating: 2, phone: "0999 \(Self.yorkMark)", comment: "\(Self.yorkMark) late again",
                     tags: ["late"], site: "York")
        try test.add("Cy \(Self.yorkMark)", rating: 1, phone: "0998 \(Self.yorkMark)", comment: "\(Self.yorkMark) rude",
                     tags: ["rude"], site: "York")
        let york = try #require(try test.store.queue(limit: 10).first { $0.customer.contains(Self.yorkMark) })
        _ = try test.store.recordCall(callbackId: york.callbackId, CallRecord(outcome: .noAnswer), by: test.admin, at: now)
        let late = try #require(try test.store.causeId(named: "late"))
        _ = try test.store.moveFix(causeId: late, to: .inProgress, owner: test.admin, by: test.admin, at: now)
        try test.store.changeSetting("ranking.window_days", to: "60", by: test.admin, at: now)
        _ = try test.store.addUser("lee", role: .manager, sites: ["Leeds"], by: test.admin, at: now)
        _ = try test.store.addUser("sam", role: .supervisor, sites: ["Leeds"], by: test.admin, at: now)
        try TestStore.login("nora")
        return test
    }

    /// What the owner sees and trusts, in words.
    func ownersView(_ test: TestStore) throws -> [String: String] {
        func owner(_ sql: String) throws -> String { try test.psql(as: test.admin, sql).output }
        let york = "(SELECT id FROM site WHERE name = 'York')"
        return [
            "ranking": try test.store.gaps(now: now).map { "\($0)" }.joined(separator: "\n"),
            "queue": try test.store.queue(limit: 100).map { "\($0)" }.joined(separator: "\n"),
            "settings": try owner("SELECT string_agg(key || '=' || value, ',' ORDER BY key) FROM setting"),
            "calls": try owner("SELECT string_agg(concat_ws('|', id, response_id, due_at, outcome, done_at, done_by, assignee), ',' ORDER BY id) FROM callback"),
            "attempts": try owner("SELECT string_agg(concat_ws('|', id, callback_id, made_at, made_by, outcome), ',' ORDER BY id) FROM call_attempt"),
            "marks": try owner("SELECT string_agg(key || '=' || value, ',' ORDER BY key) FROM store_meta WHERE key NOT LIKE 'rebuild.%'"),
            "memberships": try owner("""
                SELECT string_agg(g.rolname || '>' || m.rolname, ',' ORDER BY g.rolname, m.rolname) FROM pg_auth_members a
                JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles m ON m.oid = a.member
                WHERE g.rolname LIKE current_database() || '%' OR m.rolname IN ('lee', 'sam', 'nora')
                    AND g.rolname !~ '_(manager|supervisor|admin)$'
                """),
            "york": try owner("""
                SELECT md5(string_agg(t, ',' ORDER BY t)) FROM (
                    SELECT r::text AS t FROM response r WHERE site_id = \(york)
                    UNION ALL SELECT c::text FROM customer c WHERE name LIKE '%\(Self.yorkMark)%'
                    UNION ALL SELECT c::text FROM callback c JOIN response r ON r.id = c.response_id WHERE r.site_id = \(york)
                    UNION ALL SELECT x::text FROM response_cause x JOIN response r ON r.id = x.response_id WHERE r.site_id = \(york)) AS rows
                """),
        ]
    }

    func expectFiguresAndAuditHold(_ test: TestStore) throws {
        let report = try test.store.check()
        #expect(report.passed, "\(report.parts.flatMap(\.problems))")
    }

    @Test func theInsidersAttacksChangeNothingTheOwnerTrusts() throws {
        let test = try store()
        let before = try ownersView(test)
        let yorkPhone = "0999 \(Self.yorkMark)"
        let refused: [(String, String)] = [
            ("lee", "UPDATE store_meta SET value = 'payroll' WHERE key = 'role_prefix'"),
            ("lee", "UPDATE gap_day SET unaged = unaged * 1000"),
            ("lee", "DELETE FROM gap_day"),
            ("lee", "INSERT INTO gap_day(day, cause_id, responses, unaged, unaged_valued, waived, customers_last, value_last) VALUES (20000, 1, 1, 1, 0, 0, 0, 0)"),
            ("lee", "UPDATE loop_day SET on_time = fell_due"),
            ("lee", "UPDATE gap_customer SET last_day = last_day + 1"),
            ("lee", "DELETE FROM gap_place_day"),
            ("lee", "UPDATE response_day SET top = responses"),
            ("lee", "UPDATE result_response SET grp = 'thanked'"),
            ("lee", "DELETE FROM result_day"),
            ("lee", "UPDATE store_meta SET value = '1' WHERE key = 'value_median'"),
            ("lee", "INSERT INTO store_meta VALUES ('demo', 'made by lee')"),
            ("lee", "UPDATE store_meta SET value = 'lee' WHERE key = 'creator'"),
            ("lee", "INSERT INTO audit(at, actor, action, entity, entity_id) VALUES (0, 'amira', 'record-call', 'callback', '1')"),
            ("lee", "UPDATE audit SET actor = 'amira'"),
            ("lee", "UPDATE fix SET recurrences = 99"),
            ("lee", "SELECT gapdesk_loop_recount(ARRAY[20000::bigint])"),
            ("lee", "SELECT gapdesk_gaps_recount('{}', '{}', ARRAY[20000::bigint], ARRAY[1::bigint])"),
            ("lee", "INSERT INTO app_user(account, role, added_at, added_by) VALUES ('lee2', 'admin', 0, 'lee')"),
            ("sam", "INSERT INTO setting(key, value, changed_at, changed_by) VALUES ('ranking.window_days', '2', 0, 'sam')"),
            ("sam", "DELETE FROM app_user_site WHERE account = 'sam'"),
            ("sam", "UPDATE site SET opens = 0"),
            ("nora", "SELECT count(*) FROM response"),
            ("nora", "UPDATE callback SET done_by = 'amira'"),
        ]
        for (login, sql) in refused {
            let attempt = try test.psql(as: login, sql)
            #expect(!attempt.ok, "\(login): \(sql) went through: \(attempt.output)")
        }
        // No login but the owner may run what writes a figure: every recount and every adder.
        let writers = "FROM pg_proc WHERE proname ~ '^gapdesk_.*_(recount|add)$'"
        #expect(Int(try test.psql(as: test.admin, "SELECT count(*) \(writers)").output) ?? 0 >= 8)
        for login in ["lee", "sam"] {
            let callable = try test.psql(as: test.admin, "SELECT string_agg(proname, ', ') \(writers) AND has_function_privilege('\(login)', oid, 'EXECUTE')")
            #expect(callable.output.isEmpty, "\(login) may run \(callable.output)")
        }
        // What a limited login may run reaches its own sites only.
        #expect(try test.psql(as: "lee", "SELECT count(*) FROM gapdesk_customers_by_phone('[\"\(yorkPhone)\"]')").output == "0")
        let yorkCall = try test.psql(as: test.admin, "SELECT min(callback_id) FROM call_attempt").output
        #expect(try test.psql(as: "lee", """
            UPDATE callback SET done_by = 'amira', outcome = 'thanked', done_at = 1772442000 WHERE id = \(yorkCall) RETURNING id
            """).output.isEmpty)
        #expect(try test.psql(as: "lee", "DELETE FROM call_attempt RETURNING id").output.isEmpty)
        // A tag's time is checked for the login's own responses, and another site's response time is never named.
        let leedsResponse = try test.psql(as: test.admin, "SELECT min(id) FROM response WHERE site_id = (SELECT id FROM site WHERE name = 'Leeds')").output
        let yorkResponse = try test.psql(as: test.admin, "SELECT min(id) FROM response WHERE site_id = (SELECT id FROM site WHERE name = 'York')").output
        let early = "INSERT INTO response_cause(response_id, cause_id, tagged_at, tagged_by) SELECT %@, max(id), 0, 'lee' FROM root_cause"
        let ownEarly = try test.psql(as: "lee", early.replacingOccurrences(of: "%@", with: leedsResponse))
        #expect(!ownEarly.ok && ownEarly.output.contains("before its feedback arrived"), "\(ownEarly.output)")
        let hiddenEarly = try test.psql(as: "lee", early.replacingOccurrences(of: "%@", with: yorkResponse))
        #expect(!hiddenEarly.ok && hiddenEarly.output.contains("row-level security") && !hiddenEarly.output.contains("arrived"),
                "\(hiddenEarly.output)")
        // A supervisor's fix moved through psql: the server counts its recurrences, whatever was written.
        #expect(try test.psql(as: "sam", "UPDATE fix SET recurrences = 99, note = 'from psql'").ok)
        #expect(try test.psql(as: test.admin, "SELECT recurrences FROM fix").output == "0")
        // Anyone who writes may ask the server to count a figure again: it counts from the rows.
        #expect(try test.psql(as: "lee", "SELECT gapdesk_figures_rebuild('gaps')").ok)

        var after = try ownersView(test)
        #expect(after.removeValue(forKey: "queue") == before["queue"])
        for (key, value) in before where key != "queue" { #expect(after[key] == value, "\(key) changed") }
        try expectFiguresAndAuditHold(test)
        // The fix's change is the supervisor's in the audit (and so is the server's count it caused).
        let entries = try test.psql(as: test.admin, "SELECT DISTINCT actor || ' ' || action FROM audit WHERE entity = 'fix' AND action LIKE 'row.%'")
        #expect(entries.output == "sam row.update", "\(entries.output)")
    }

    @Test func everyStatementOnEveryTableIsTheServersToAllow() throws {
        let test = try store()
        let before = try ownersView(test)
        let tables = try test.psql(as: test.admin, """
            SELECT string_agg(table_name || ':' || (SELECT column_name FROM information_schema.columns c
                WHERE c.table_schema = 'public' AND c.table_name = t.table_name ORDER BY ordinal_position LIMIT 1), ',' ORDER BY table_name)
            FROM information_schema.tables t WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
            """).output.split(separator: ",").map { $0.split(separator: ":").map(String.init) }
        #expect(tables.count >= 25, "\(tables)")
        // Written only by the owner and the server, whoever asks; the team's settings by a login that sees every site.
        let serversOwn: Set<String> = ["loop_day", "response_day", "gap_day", "gap_customer", "gap_place_day", "result_response", "result_day",
                                       "audit", "gapdesk_migration", "app_user", "app_user_site", "store_meta"]
        var wentThrough: [(login: String, table: String, sql: String)] = []
        for login in Self.logins {
            for table in tables {
                let (name, column) = (table[0], table[1])
                // Reading: nothing of York, through any table.
                let read = try test.psql(as: login, "SELECT * FROM \(name)")
                #expect(!read.output.contains(Self.yorkMark), "\(login) read York's rows through \(name)")
                #expect(login != "nora" || !read.ok, "nora, with no role, read \(name)")
                let copied = try test.psql(as: login, "COPY \(name) TO STDOUT")
                #expect(!copied.output.contains(Self.yorkMark), "\(login) copied York's rows out of \(name)")
                for sql in ["INSERT INTO \(name) SELECT * FROM \(name) LIMIT 1 RETURNING 1",
                            "UPDATE \(name) SET \(column) = \(column) RETURNING 1",
                            "DELETE FROM \(name) WHERE \(column) IS NOT NULL AND false RETURNING 1",
                            "TRUNCATE \(name) CASCADE",
                            "COPY \(name) FROM STDIN"] {
                    let attempt = try test.psql(as: login, sql)
                    let wrote = attempt.ok && !attempt.output.isEmpty
                    if login == "nora" || serversOwn.contains(name) || sql.hasPrefix("TRUNCATE") {
                        #expect(!attempt.ok, "\(login): \(sql) went through: \(attempt.output)")
                    }
                    #expect(!(wrote && name == "setting"), "\(login), limited to Leeds, changed the team's settings: \(sql)")
                    if wrote { wentThrough.append((login, name, sql)) }
                }
            }
        }
        // Every row a login changed is in the audit, under that login, timed by the server's clock.
        let audited = Set(try test.psql(as: test.admin, """
            SELECT DISTINCT actor || ' ' || entity FROM audit WHERE action LIKE 'row.%' AND written_at >= extract(epoch FROM now()) - 3600
            """).output.split(separator: "\n").map(String.init))
        let auditedTables: Set<String> = ["site", "staff", "customer", "contact", "response", "root_cause", "response_cause", "callback",
                                          "call_attempt", "guarantee", "fix", "followup", "setting", "app_user", "app_user_site"]
        for write in wentThrough where auditedTables.contains(write.table) {
            #expect(audited.contains("\(write.login) \(write.table)"), "\(write.login): \(write.sql) is not in the audit")
        }
        let after = try ownersView(test)
        for (key, value) in before { #expect(after[key] == value, "\(key) changed") }
        try expectFiguresAndAuditHold(test)
    }
}

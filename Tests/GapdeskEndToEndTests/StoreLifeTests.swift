import Foundation
import GapdeskDomain
@testable import GapdeskStore
import GRDB
import Testing

/// A store that lives for years, through the real binary: checked, tampered
/// with, made by an older gapdesk and upgraded.
extension EndToEnd { @Suite struct StoreLifeTests {
    static let now = "2026-03-02T09:00:00Z"

    func demo(_ scratch: Scratch) throws -> String {
        let db = scratch.path("demo.sqlite")
        let built = try Binary.run(["demo", "--no-ui", "--db", db, "--now", Self.now, "--responses", "800"], home: scratch.url)
        #expect(built.status == 0, "\(built.stderr)")
        return db
    }

    @Test func checkPassesOnTheDemoAndPrintsTheHeadTheAuditReportPrints() throws {
        let scratch = try Scratch()
        let db = try demo(scratch)
        let check = try Binary.run(["check", "--db", db], home: scratch.url)
        #expect(check.status == 0 && check.stdout.contains("Passed in"), "\(check.stdout)\(check.stderr)")
        let head = try #require(check.stdout.split(separator: "\n").first { $0.contains("audit head: entry") })
        let entry = head.split(separator: " ")[3].dropLast()
        let audit = try Binary.run(["report", "audit", "--db", db, "--limit", "3"], home: scratch.url)
        #expect(audit.stdout.contains("Audit head: entry \(entry), \(head.split(separator: " ").last!)"), "\(audit.stdout)")
        let meeting = try Binary.run(["report", "gaps", "--format", "markdown", "--db", db, "--now", Self.now], home: scratch.url)
        #expect(meeting.stdout.contains("Audit head: entry \(entry)"))
    }

    @Test func checkNamesWhatWasTamperedWithAndExitsOne() throws {
        let scratch = try Scratch()
        let db = try demo(scratch)
        #expect(try Binary.shell("sqlite3 \(db) \"DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'nobody' WHERE id = 40\"") == 0)
        #expect(try Binary.shell("sqlite3 \(db) \"UPDATE response_day SET responses = responses + 2 WHERE day = (SELECT max(day) FROM response_day)\"") == 0)
        let check = try Binary.run(["check", "--db", db], home: scratch.url)
        #expect(check.status == 1, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("entry 40 does not follow the one before"))
        #expect(check.stdout.contains("trigger audit_no_update: missing"))
        #expect(check.stdout.contains("response_day, day ") && check.stdout.contains("(2 too many)"), "\(check.stdout)")
        #expect(check.stdout.contains("FAILED in"))
        let missing = try Binary.run(["check", "--db", scratch.path("nothing.sqlite")], home: scratch.url)
        #expect(missing.status == 2 && missing.stderr.contains("There is no gapdesk store"), "\(missing.stderr)")
    }

    @Test func aStoreMadeByAnOlderGapdeskIsRefusedWithTheCommandThatUpgradesItThenUpgraded() throws {
        let scratch = try Scratch()
        let db = scratch.path("old.sqlite")
        let queue = try DatabaseQueue(path: db)
        try SQLiteSchema.migrator(upTo: 10).migrate(queue)
        let account = Account.current()
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO app_user(account, role, added_at, added_by) VALUES (?, 'admin', 0, ?);
                INSERT INTO audit(at, actor, action, entity, entity_id, after) VALUES (0, ?, 'user.manage', 'user', ?, 'role=admin (created the store)');
                """, arguments: [account, account, account, account])
        }
        try queue.close()
        for arguments in [["report", "gaps"], ["open", "--read-only"], ["call", "record", "1", "--outcome", "thanked"]] {
            let refused = try Binary.run(arguments + ["--db", db], home: scratch.url)
            #expect(refused.status != 0 && refused.stderr.contains("gapdesk upgrade --db \(db)"), "\(arguments): \(refused.stderr)")
            #expect(!refused.stderr.contains("--read-only"), "\(arguments) never typed --read-only: \(refused.stderr)")
        }
        let dry = try Binary.run(["upgrade", "--dry-run", "--db", db], home: scratch.url)
        #expect(dry.status == 0 && dry.stdout.contains("is at schema 10") && dry.stdout.contains("v11: the store's mark, the audit's chain"))
        #expect(try Binary.run(["report", "gaps", "--db", db], home: scratch.url).status != 0, "a dry run changes nothing")
        let upgraded = try Binary.run(["upgrade", "--db", db, "--now", Self.now], home: scratch.url)
        #expect(upgraded.status == 0 && upgraded.stdout.contains("A copy of the store as it was: \(db).schema10-"), "\(upgraded.stdout)\(upgraded.stderr)")
        let check = try Binary.run(["check", "--db", db], home: scratch.url)
        #expect(check.status == 0, "\(check.stdout)")
        let again = try Binary.run(["upgrade", "--db", db], home: scratch.url)
        #expect(again.status == 0 && again.stdout.contains("nothing to upgrade"))
    }
}}

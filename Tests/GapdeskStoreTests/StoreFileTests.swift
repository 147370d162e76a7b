import Foundation
import GRDB
import GRDBSQLite
import Testing
import GapdeskDomain
@testable import GapdeskStore

@Suite struct StoreFileTests {
    func temporaryPath(_ name: String = "store.sqlite") -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gapdesk-file-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent(name).path
    }

    @Test func aNewStoreIsReadableAndWritableByItsOwnerOnly() throws {
        let path = temporaryPath()
        _ = try Store.create(path: path, creator: "ann", at: Date(timeIntervalSince1970: 1_772_442_000))
        let mode = try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode & 0o777 == 0o600)
    }

    @Test func sqliteKeepsNoMemoryStatistics() throws {
        // They cost a process-wide lock on each allocation; without them SQLite reports none in use.
        let test = try TestStore()
        _ = try test.store.queue(limit: 10)
        #expect(sqlite3_memory_used() == 0)
    }

    @Test func theCreatorIsAdmin() throws {
        let store = try Store.create(path: temporaryPath(), creator: "ann", at: Date(timeIntervalSince1970: 1_772_442_000))
        #expect(try store.role(of: "ann") == .admin)
        #expect(try store.role(of: "bob") == nil)
    }

    @Test func openingAMissingStoreSaysSoAndCreatesNothing() {
        let path = temporaryPath()
        #expect(throws: StoreError.missing(path: path)) { try Store.open(path: path) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func aFileThatIsNotAStoreIsRefusedAndLeftAlone() throws {
        let path = temporaryPath("notes.txt")
        try Data("shopping list\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.notAStore(path: path)) { try Store.open(path: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "shopping list\n")
    }

    @Test func anotherSQLiteDatabaseIsNotTakenForAStore() throws {
        let path = temporaryPath("other.sqlite")
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "CREATE TABLE t(x)") }
        try queue.close()
        #expect(throws: StoreError.notAStore(path: path)) { try Store.open(path: path) }
    }

    /// Bytes of a file and the names beside it, to compare before and after.
    func snapshot(_ path: String) throws -> (Data, [String]) {
        let folder = (path as NSString).deletingLastPathComponent
        return (try Data(contentsOf: URL(fileURLWithPath: path)), try FileManager.default.contentsOfDirectory(atPath: folder).sorted())
    }

    @Test func aFileThatIsNotAStoreIsNeverWrittenTo() throws {
        let empty = temporaryPath("empty.sqlite")
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()), "a fixture file")
        let rollback = temporaryPath("other.db")
        var queue = try DatabaseQueue(path: rollback)
        try queue.write { try $0.execute(sql: "CREATE TABLE t(x); INSERT INTO t VALUES (1)") }
        try queue.close()
        let wal = temporaryPath("wal.db")
        var configuration = Configuration()
        configuration.journalMode = .wal
        queue = try DatabaseQueue(path: wal, configuration: configuration)
        try queue.write { try $0.execute(sql: "CREATE TABLE response(x); CREATE TABLE notes(y); INSERT INTO notes VALUES ('kept')") }
        try queue.close()
        // Named like gapdesk's tables, and GRDB's: a name is not a mark.
        let lookalike = temporaryPath("lookalike.sqlite")
        queue = try DatabaseQueue(path: lookalike)
        try queue.write { try $0.execute(sql: "CREATE TABLE response(x); CREATE TABLE store_meta(key, value); CREATE TABLE grdb_migrations(identifier)") }
        try queue.close()
        for path in [empty, rollback, wal, lookalike] {
            let before = try snapshot(path)
            for readOnly in [false, true] {
                #expect(throws: StoreError.notAStore(path: path)) { try Store.open(path: path, readOnly: readOnly) }
            }
            let after = try snapshot(path)
            #expect(after.0 == before.0, "\(path) changed")
            #expect(after.1 == before.1, "files appeared beside \(path): \(after.1)")
        }
    }

    @Test func creatingOverAnExistingFileIsRefused() throws {
        let path = temporaryPath()
        _ = try Store.create(path: path, creator: "ann", at: Date(timeIntervalSince1970: 1_772_442_000))
        #expect(throws: StoreError.self) { try Store.create(path: path, creator: "ann", at: Date(timeIntervalSince1970: 1_772_442_000)) }
    }

    @Test func aStoreFromANewerVersionIsRefused() throws {
        let path = temporaryPath()
        let store = try Store.create(path: path, creator: "ann", at: Date(timeIntervalSince1970: 1_772_442_000))
        try store.pool.write { try $0.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES ('v99: from the future')") }
        #expect(throws: StoreError.newerVersion(path: path)) { try Store.open(path: path) }
    }

    @Test func aStoreFromAnOlderVersionIsRefusedUntilUpgraded() throws {
        let path = temporaryPath()
        let queue = try DatabaseQueue(path: path)
        try SQLiteSchema.migrator(upTo: 1).migrate(queue)
        // A critical response from yesterday, called back an hour later, written as version 1 did.
        let now = Clock.parseInstant("2026-03-02T09:00:00Z")!.epochSeconds
        // Its admin is whoever runs the test, who upgrades it.
        let admin = Account.current()
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO app_user(account, role, added_at, added_by) VALUES ('\(admin)', 'admin', 0, 'ann');
                INSERT INTO site(id, name, time_zone, opens, closes, days) VALUES (1, 'Leeds', 'UTC', 32400, 61200, '1,2,3,4,5');
                INSERT INTO customer(id, name, site_id) VALUES (1, 'Bo', 1);
                INSERT INTO response(id, external_id, customer_id, site_id, scale, rating, shortfall, critical, channel, received_at)
                    VALUES (1, 'x-1', 1, 1, 'csat5', 2, 0.75, 1, 'survey', \(now - 86_400));
                INSERT INTO callback(response_id, created_at, first_due_at, due_at, outcome, done_at, done_by)
                    VALUES (1, \(now - 86_400), \(now - 60_000), \(now - 60_000), 'thanked', \(now - 82_800), 'ann');
                INSERT INTO root_cause(id, name, created_at) VALUES (1, 'late', 0);
                INSERT INTO response_cause(response_id, cause_id, tagged_at, tagged_by) VALUES (1, 1, 0, 'ann');
                """)
        }
        try queue.close()
        let refusal = StoreError.needsUpgrade(path: path, from: 1, to: Store.schemaVersion)
        #expect(throws: refusal) { try Store.open(path: path) }
        #expect(throws: refusal) { try Store.open(path: path, readOnly: true) }
        #expect(refusal.description.contains("gapdesk upgrade --db \(path)") && !refusal.description.contains("--read-only"))
        let (plan, copy) = try Store.upgrade(path: path, at: Date(epochSeconds: now))
        #expect(plan.from == 1 && plan.to == Store.schemaVersion && plan.steps.count == Store.schemaVersion - 1)
        let kept = try #require(copy)
        #expect(try DatabaseQueue(path: kept).read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") } == ["v1: the feedback loop"],
                "the copy is the store as it was")
        #expect(try Store.upgrade(path: path, at: Date(epochSeconds: now)).copy == nil, "a second upgrade finds nothing to do")
        let store = try Store.open(path: path)
        let indexes = try store.pool.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'response' AND name LIKE 'response_by_%' ORDER BY name")
        }
        #expect(indexes == ["response_by_customer"], "responses by time alone are read through daily summaries")
        // The daily figures are counted from what was already there.
        let figures = try store.loopFigures(clock: Clock(now: Date(epochSeconds: now), timeZone: TimeZone(identifier: "UTC")!))
        #expect(figures.critical30d == 1 && figures.shareOnTime30d == 1 && figures.medianTimeToCall30d == 3_600)
        #expect(try store.pool.read { try Int.fetchOne($0, sql: "SELECT sum(responses) FROM response_day") } == 1)
        let gap = try #require(try store.gaps(now: Date(epochSeconds: now)).first)
        #expect(gap.countInWindow == 1 && gap.customers30d == 1 && abs(gap.score - 0.75 * pow(0.5, 1.0 / 30)) < 1e-12)
    }

    @Test func aSummaryRebuildCutShortIsFinishedAtTheNextOpen() throws {
        let test = try TestStore(demo: 300)
        let before = try test.store.gaps(now: TestStore.now)
        // As if an upgrade was killed after its migrations, before its rebuilds.
        try test.store.pool.write { db in
            try db.execute(sql: "DELETE FROM gap_day; INSERT INTO store_meta(key, value) VALUES ('rebuild.gaps', '1')")
        }
        let reopened = try Store.open(path: test.path)
        let after = try reopened.gaps(now: TestStore.now)
        #expect(after == before)
        #expect(try reopened.pool.readSession { try Figures.marked($0) }.isEmpty)
    }

    @Test func theAuditRefusesChanges() throws {
        let test = try TestStore()
        try test.add("Ann", rating: 2)
        #expect(throws: DatabaseError.self) { try test.store.pool.write { try $0.execute(sql: "UPDATE audit SET actor = 'x'") } }
        #expect(throws: DatabaseError.self) { try test.store.pool.write { try $0.execute(sql: "DELETE FROM audit") } }
    }

    /// A command suggested for a store names that store, unless gapdesk would find it without being told.
    @Test func hintsCarryTheStoreTheyWereShownFor() {
        let plain = StoreLocation(environment: ["HOME": "/home/ann"])
        #expect(plain.argument(for: "/home/ann/.local/share/gapdesk/gapdesk.sqlite") == "")
        let here = FileManager.default.currentDirectoryPath
        #expect(plain.argument(for: "team.sqlite").hasSuffix(here + "/team.sqlite") && plain.argument(for: "team.sqlite").hasPrefix(" --db "))
        #expect(plain.argument(for: "/srv/our team.sqlite") == " --db '/srv/our team.sqlite'")
        #expect(plain.argument(for: "/srv/ann's.sqlite") == " --db '/srv/ann'\\''s.sqlite'")
        #expect(plain.argument(for: "host=db password=secret dbname=team") == " --db 'host=db password=\(Secrets.mask) dbname=team'")
        let env = StoreLocation(environment: ["HOME": "/home/ann", "GAPDESK_DB": "/srv/team.sqlite"])
        #expect(env.argument(for: "/srv/team.sqlite") == "")
    }

    @Test func theDefaultLocationFollowsXDG() {
        let xdg = StoreLocation(environment: ["HOME": "/home/ann", "XDG_DATA_HOME": "/data"])
        #expect(xdg.defaultStorePath == "/data/gapdesk/gapdesk.sqlite")
        let plain = StoreLocation(environment: ["HOME": "/home/ann"])
        #expect(plain.defaultStorePath == "/home/ann/.local/share/gapdesk/gapdesk.sqlite")
        #expect(plain.stateDirectory == "/home/ann/.local/state/gapdesk")
        let relative = StoreLocation(environment: ["HOME": "/home/ann", "XDG_DATA_HOME": "relative/path"])
        #expect(relative.defaultStorePath == "/home/ann/.local/share/gapdesk/gapdesk.sqlite", "XDG says relative paths are ignored")
        let env = StoreLocation(environment: ["HOME": "/home/ann", "GAPDESK_DB": "/srv/team.sqlite"])
        #expect(env.storePath(option: nil) == "/srv/team.sqlite")
        #expect(env.storePath(option: "/tmp/mine.sqlite") == "/tmp/mine.sqlite")
    }
}

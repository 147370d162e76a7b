import Foundation
import GapdeskDomain
import GRDB
import Testing
@testable import GapdeskStore

/// Every shipped version of the store upgrades to what a new store holds.
/// Each `Shipped/ENGINE-vN.sql` is the data of a store made by the build that
/// shipped version N (`gapdesk demo --seed 5 --responses 90 --now
/// 2026-03-02T09:00:00Z`, then a response added, a guarantee recorded, a
/// response tagged and a fix marked done through that build's command line),
/// every table but the migrations' own, as that build wrote it, summaries
/// included.
@Suite struct UpgradeTests {
    static let now = Clock.parseInstant("2026-03-02T09:00:00Z")!
    /// The versions a gapdesk was released at (version 6 came and went within one change).
    static let shippedSQLite = [1, 2, 3, 4, 5, 7, 8, 9, 10]
    static let shippedPostgreSQL = [10]

    static func rows(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "sql", subdirectory: "Shipped"))
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// A store file at `version`: its migrations, then the rows that version wrote.
    static func sqliteStore(atVersion version: Int, in folder: URL) throws -> String {
        let path = folder.appendingPathComponent("v\(version).sqlite").path
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try SQLiteSchema.migrator(upTo: version).migrate(queue)
        try queue.write { db in
            try db.execute(sql: try rows("sqlite-v\(version)"))
            // Whoever runs the test is its admin, as the account that made it was.
            try db.execute(sql: "UPDATE app_user SET account = ? WHERE account = 'root'", arguments: [Account.current()])
        }
        try queue.close()
        return path
    }

    /// A database of the test server at `version`: its migrations as the
    /// store's owner, then the rows that version wrote (the server's
    /// triggers held back: they are what wrote those rows' derived columns then).
    static func postgresStore(atVersion version: Int, withRows: Bool = true) throws -> (address: String, database: String) {
        let database = "gdu_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        try TestStore.superuser("CREATE DATABASE \(database)")
        let connection = try PGConnection(TestStore.address(database: database, user: nil))
        try connection.runScript("BEGIN")
        try PGSchema.make(PGSession(connection), upTo: version)
        if withRows {
            try connection.runScript("SET LOCAL session_replication_role = replica")
            try connection.runScript(try rows("postgres-v\(version)"))
        }
        try connection.runScript("COMMIT")
        return (TestStore.address(database: database, user: nil), database)
    }

    /// What a manager and a supervisor read: every figure and list, by content (ids differ between stores).
    static func figures(_ store: Store) throws -> [String] {
        let clock = Clock(now: now, timeZone: TimeZone(identifier: "UTC")!)
        let gaps = try store.gaps(now: now).map {
            "gap \($0.name) \($0.countInWindow) \($0.customers30d) \(String(format: "%.9f", $0.score)) \($0.fixStatus.map { "\($0)" } ?? "-")"
        }
        let queue = try store.queue(limit: 1_000).map { "call \($0.customer) \($0.dueAt.epochSeconds) \($0.attempts) \($0.assignee ?? "-")" }
        let lowRated = try store.lowRated(limit: 1_000).map {
            "low \($0.customer) \($0.rating) \($0.receivedAt.epochSeconds) \($0.tags.sorted()) \($0.callback?.outcome.map { "\($0)" } ?? "-")"
        }
        let loop = try store.loopFigures(clock: clock)
        let results = try store.results(now: now).counts
        let returns = ResultGroup.allCases.map { "returns \($0) \(results.group($0))" } + CallSpeed.allCases.map { "speed \($0) \(results.speed($0))" }
        let pressure = try store.pressureSignals(now: now)
        return gaps + queue + lowRated + returns + ["loop \(loop)", "pressure \(pressure.staff.count) \(pressure.sites.count)",
                                                   "followups \(try store.followupCounts())"]
    }

    /// The same rows moved into a store made by this build, which counts every summary afresh.
    static func headFigures(of upgraded: Store) throws -> [String] {
        let head = try TestStore()
        _ = try head.store.migrate(from: upgraded, by: head.admin, at: now)
        return try figures(head.store)
    }

    @Test(arguments: shippedSQLite) func aSQLiteStoreOfEveryShippedVersionUpgradesToWhatANewStoreHolds(version: Int) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gapdesk-upgrade-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try Self.sqliteStore(atVersion: version, in: folder)
        #expect(throws: StoreError.needsUpgrade(path: path, from: version, to: Store.schemaVersion)) { try Store.open(path: path) }
        let (plan, copy) = try Store.upgrade(path: path, at: Self.now)
        #expect(plan.from == version && plan.steps.count == Store.schemaVersion - version)
        #expect(copy.map { FileManager.default.fileExists(atPath: $0) } == true)
        let upgraded = try Store.open(path: path)
        let (after, head) = (try Self.figures(upgraded), try Self.headFigures(of: upgraded))
        #expect(after.count > 40, "the store holds calls, feedback and gaps to compare")
        #expect(after == head, "\(zip(after, head).filter { $0 != $1 }.prefix(5))")
        let check = try upgraded.check()
        #expect(check.passed, "\(check.parts.filter { !$0.problems.isEmpty })")
    }

    @Test(.enabled(if: TestEngine.server != nil, "needs GAPDESK_TEST_POSTGRES"), arguments: shippedPostgreSQL)
    func aPostgreSQLStoreOfEveryShippedVersionUpgradesToWhatANewStoreHolds(version: Int) throws {
        let (address, database) = try Self.postgresStore(atVersion: version)
        defer { TestStore.drop(database: database) }
        #expect(throws: StoreError.self) { try Store.open(path: address) }
        let (plan, copy) = try Store.upgrade(path: address, at: Self.now)
        #expect(plan.from == version && plan.to == Store.schemaVersion && copy == nil)
        let upgraded = try Store.open(path: address)
        let (after, head) = (try Self.figures(upgraded), try Self.headFigures(of: upgraded))
        #expect(after.count > 40)
        #expect(after == head, "\(zip(after, head).filter { $0 != $1 }.prefix(5))")
        let check = try upgraded.check()
        #expect(check.passed, "\(check.parts.filter { !$0.problems.isEmpty })")
    }

    @Test(arguments: shippedSQLite) func theFrozenMigrationsMakeWhatEachShippedVersionMade(version: Int) throws {
        // The fixture's first line: the SHA-256 of the schema the shipped build made, as the sqlite3 shell lists it.
        let shipped = try #require(try Self.rows("sqlite-v\(version)").split(separator: "\n").first?.dropFirst("-- schema ".count))
        let queue = try DatabaseQueue()
        try SQLiteSchema.migrator(upTo: version).migrate(queue)
        let listing = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT type, name, sql FROM sqlite_master ORDER BY type, name")
                .map { "\($0[0] as String)|\($0[1] as String)|\($0[2] as String? ?? "")\n" }.joined()
        }
        #expect(SHA256.hex(listing) == String(shipped))
    }
}

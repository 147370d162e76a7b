import Foundation
import GapdeskDemo
import GapdeskDomain
import Testing
@testable import GapdeskStore

/// The engines the contract cases run on: SQLite always; PostgreSQL when
/// `GAPDESK_TEST_POSTGRES` holds a superuser's connection string to a
/// throwaway server (`.ci/run` starts one with scripts/postgres-throwaway.sh).
enum TestEngine: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    static let server: String? = ProcessInfo.processInfo.environment["GAPDESK_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

    static var available: [TestEngine] { server == nil ? [.sqlite] : [.sqlite, .postgres] }

    var testDescription: String { rawValue }
}

/// A fresh store, removed when the test ends: a file in a temporary folder, or
/// a database of its own on the test server.
final class TestStore {
    let engine: TestEngine
    let store: Store
    let admin: String
    private let directory: URL?
    /// The test's own database on the server (PostgreSQL).
    let database: String?
    static let now = Clock.parseInstant("2026-03-02T09:00:00Z")!

    init(engine: TestEngine = .sqlite, demo responses: Int? = nil, seed: UInt64 = 7) throws {
        self.engine = engine
        switch engine {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gapdesk-test-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            directory = folder
            database = nil
            admin = "tester"
            store = try Store.create(path: folder.appendingPathComponent("store.sqlite").path, creator: admin, at: Self.now)
        case .postgres:
            let name = "gdt_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
            try Self.superuser("CREATE DATABASE \(name)")
            directory = nil
            database = name
            admin = "postgres"
            store = try Store.create(path: Self.address(database: name, user: nil), creator: admin, at: Self.now)
        }
        if let responses {
            var generator = DemoGenerator(options: DemoOptions(responses: responses, seed: seed, now: Self.now))
            _ = try generator.generate(into: store, actor: admin)
        }
    }

    var path: String { store.path }

    /// The store as `account` uses it: on SQLite the same store (the account
    /// is who the operating system says runs gapdesk); on PostgreSQL a
    /// connection of that login's own (made for the test when missing).
    func store(as account: String, readOnly: Bool = false) throws -> Store {
        guard let database else { return (readOnly ? try Store.open(path: path, readOnly: true) : store).seen(by: account) }
        try Self.login(account)
        return try Store.open(path: Self.address(database: database, user: account), readOnly: readOnly)
    }

    /// Makes a login on the test server when it has none. Tests running side
    /// by side may create the same login at once: the loser's error is no error.
    static func login(_ account: String) throws {
        try superuser("DO $$ BEGIN CREATE ROLE \"\(account)\" LOGIN; "
                      + "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$")
    }

    /// The connection string for `account`'s login to this test's database.
    func address(as account: String) -> String {
        Self.address(database: database ?? "", user: account)
    }

    deinit {
        if let directory { try? FileManager.default.removeItem(at: directory) }
        if let database { Self.drop(database: database) }
    }

    /// Drops a test database and the group roles its store made (roles are
    /// the server's, not the database's: left behind they pile up by thousands).
    static func drop(database: String) {
        try? superuser("DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
        let prefix = PGEngine.rolePrefix(database)
        try? superuser("DROP ROLE IF EXISTS \(prefix)_manager, \(prefix)_supervisor, \(prefix)_admin")
    }

    static func address(database: String, user: String?) -> String {
        (TestEngine.server ?? "") + " dbname=\(database)" + (user.map { " user=\($0)" } ?? "")
    }

    static func superuser(_ sql: String) throws {
        try PGConnection(TestEngine.server ?? "").runScript(sql)
    }

    /// Records a phoned-in response at a plain site (Mon-Fri 09-17 UTC).
    @discardableResult
    func add(_ customer: String, rating: Int, scale: RatingScale = .csat5, at: Date = TestStore.now,
             phone: String? = "", comment: String = "", tags: [String] = [], site: String = "Main") throws -> RecordedResponse {
        try store.addResponse(NewResponse(customer: customer, phone: phone == "" ? "0100 \(customer)" : phone, site: site, scale: scale, rating: rating,
                                          comment: comment, receivedAt: at, tags: tags), by: admin, at: at)
    }

    /// Runs `sql` with psql as `account` (a PostgreSQL case); answers whether it succeeded and what it printed.
    func psql(as account: String, _ sql: String) throws -> (ok: Bool, output: String) {
        guard case .postgres = engine else { preconditionFailure("a PostgreSQL case") }
        try Self.login(account)
        return try Self.shell("/usr/bin/psql", [address(as: account), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql])
    }

    /// Runs `sql` with the sqlite3 shell on the store's file (a SQLite case), as any other program could.
    func sqlite3(_ sql: String) throws -> (ok: Bool, output: String) {
        guard case .sqlite = engine else { preconditionFailure("a SQLite case") }
        return try Self.shell("/usr/bin/sqlite3", [path, sql])
    }

    /// Runs a database's shell; whether it succeeded, and what it printed (both streams).
    private static func shell(_ executable: String, _ arguments: [String]) throws -> (ok: Bool, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        // A COPY FROM STDIN reads nothing, never the terminal.
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus == 0, text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// A read of the store's tables, on either engine.
    func read<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        try store.read(body)
    }
}

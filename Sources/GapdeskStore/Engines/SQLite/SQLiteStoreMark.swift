import Foundation
import GRDB
import GRDBSQLite

/// How a file is known to be a gapdesk store, never by its table names:
/// SQLite's `application_id` in the file's header holds gapdesk's own number
/// from schema 11 on; a store made before that is known by its migrations
/// table holding gapdesk's own migration names, in order, from the first.
///
/// The file is looked at before SQLite opens it for writing (which would
/// switch another program's database to WAL mode, or turn an empty file into
/// a database). A store in use has a -wal file, and its latest pages may be
/// there rather than in the file: it is read the usual way, read-only.
/// Otherwise the file is read as it stands (SQLite's `immutable`: no locks,
/// and no -wal or -shm files made beside someone else's database), and again
/// the usual way if it came into use meanwhile.
enum SQLiteStoreMark {
    /// "gapd" in ASCII.
    static let applicationId: Int32 = 0x6761_7064

    static func check(path: String) throws(StoreError) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .unreadable(path: path) }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        try? handle.close()
        guard header == Data("SQLite format 3\u{0}".utf8) else { throw .notAStore(path: path) }
        let inUse = { FileManager.default.fileExists(atPath: path + "-wal") }
        do {
            if !inUse(), (try? isStore(URL(fileURLWithPath: path).absoluteString + "?immutable=1")) == true { return }
            guard inUse(), try isStore(path) else { throw StoreError.notAStore(path: path) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw SQLiteEngine.classifyOpening(error, path: path, readOnly: true)
        }
    }

    /// Whether the database at `location` (a path or a `file:` URI) carries
    /// gapdesk's mark, through SQLite's C interface (so a URI works whatever
    /// SQLite was built with), read-only.
    private static func isStore(_ location: String) throws -> Bool {
        var connection: OpaquePointer?
        defer { sqlite3_close(connection) }
        func check(_ code: Int32) throws {
            guard code == SQLITE_OK || code == SQLITE_ROW || code == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: connection.map { String(cString: sqlite3_errmsg($0)) })
            }
        }
        try check(sqlite3_open_v2(location, &connection, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nil))
        sqlite3_busy_timeout(connection, Int32(SQLiteEngine.busyTimeout * 1000))
        func strings(_ sql: String) throws -> [String] {
            var statement: OpaquePointer?
            defer { sqlite3_finalize(statement) }
            try check(sqlite3_prepare_v2(connection, sql, -1, &statement, nil))
            var values: [String] = []
            while true {
                let step = sqlite3_step(statement)
                if step == SQLITE_DONE { return values }
                try check(step)
                values.append(sqlite3_column_text(statement, 0).map { String(cString: $0) } ?? "")
            }
        }
        if try strings("PRAGMA application_id") == [String(applicationId)] { return true }
        guard try strings("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'grdb_migrations'") == ["1"] else { return false }
        let applied = try strings("SELECT identifier FROM grdb_migrations ORDER BY rowid")
        let known = SQLiteSchema.migrations.map(\.identifier)
        return !applied.isEmpty && applied.count <= known.count && Array(known.prefix(applied.count)) == applied
    }
}

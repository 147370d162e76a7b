import Foundation
import GRDB

/// A `SQLSession` over one GRDB database access.
final class GRDBSession: SQLSession {
    let db: Database
    var dialect: SQLDialect { .sqlite }

    init(_ db: Database) { self.db = db }

    /// Column names by statement: a row per response in an import reads the same few queries.
    private var columns: [String: SQLColumns] = [:]
    /// The next free id of each table rows are being written to (`nextId`).
    private var nextIds: [String: Int64] = [:]

    /// One statement is prepared once per connection and reused (GRDB's cache);
    /// several, separated by semicolons, are run as a script.
    func execute(sql: String, arguments: SQLArguments) throws {
        if sql.contains(";") {
            try db.execute(sql: sql, arguments: Self.arguments(arguments))
        } else {
            let statement = try SQLiteStatement(db, sql, cached: true)
            statement.bind(arguments)
            try statement.run()
        }
    }

    var changesCount: Int { db.changesCount }

    func prepare(_ sql: String) throws -> any SQLStatement { try SQLiteStatement(db, sql) }

    func forEachRow(sql: String, arguments: SQLArguments, _ body: (SQLRow) throws -> Void) throws {
        // Through SQLite's C interface: GRDB's argument arrays and rows cost
        // more than the lookups themselves on the import's path.
        let statement = try SQLiteStatement(db, sql, cached: true)
        let columns = self.columns[sql] ?? SQLColumns(statement.columnNames)
        self.columns[sql] = columns
        statement.bind(arguments)
        try statement.forEachRow(columns, body)
    }

    func scan(sql: String, arguments: SQLArguments, _ body: (SQLRow) throws -> Void) throws {
        // Not the cached statement: `body` may run the same query for other rows meanwhile.
        let statement = try SQLiteStatement(db, sql)
        statement.bind(arguments)
        try statement.forEachRow(SQLColumns(statement.columnNames), body)
    }

    func insertRows(into table: String, columns: [String], _ rows: [[SQLValue]], conflict: String) throws {
        guard !rows.isEmpty else { return }
        assert(rows.allSatisfy { $0.count == columns.count }, "a row for \(table) without a value for each column")
        nextIds[table] = nil  // counted again from what is stored, whoever writes next
        // Many rows a statement: SQLite opens the table and each of its indexes once a statement, not once a row.
        // Such a statement would need a statement journal (a temporary file written page by page) to undo a part
        // done should a later row fail; OR FAIL keeps that part instead, and the error that follows rolls the whole
        // transaction back. An update on conflict always keeps one, so those rows go one at a time.
        let perStatement = conflict.contains("DO UPDATE") ? 1 : max(1, min(Self.rowsPerInsert, Self.placeholdersPerInsert / columns.count))
        func statement(rows: Int) throws -> SQLiteStatement {
            let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
            return try SQLiteStatement(db, """
                INSERT\(rows > 1 ? " OR FAIL" : "") INTO \(table)(\(columns.joined(separator: ", "))) \
                VALUES \(Array(repeating: row, count: rows).joined(separator: ", ")) \(conflict)
                """, cached: true)
        }
        var rest = rows[...]
        if rest.count >= perStatement, perStatement > 1 {
            let many = try statement(rows: perStatement)
            while rest.count >= perStatement {
                many.bind(rows: rest.prefix(perStatement))
                try many.run()
                rest = rest.dropFirst(perStatement)
            }
        }
        guard !rest.isEmpty else { return }
        let one = try statement(rows: 1)
        for row in rest {
            one.bind(rows: CollectionOfOne(row))
            try one.run()
        }
    }

    /// Rows an INSERT writes at once, and the placeholders it may have: 64
    /// rows of the widest table (16 columns), far below SQLite's limit of 32,766.
    private static let rowsPerInsert = 64
    private static let placeholdersPerInsert = 1_024

    func updateRows(_ table: String, key: String, columns: [String], _ rows: [[SQLValue]]) throws {
        guard !rows.isEmpty else { return }
        let statement = try SQLiteStatement(db, "UPDATE \(table) SET \(columns.map { "\($0) = ?" }.joined(separator: ", ")) WHERE \(key) = ?",
                                            cached: true)
        for row in rows {
            statement.bind(SQLArguments(Array(row.dropFirst()) + [row[0]]))
            try statement.run()
        }
    }

    /// The transaction holds SQLite's one write lock: the ids after the
    /// largest stored, and after those already handed out, are free.
    func nextId(_ table: String, ahead: Int) throws -> Int64 {
        let id = try nextIds[table] ?? (fetchOne(Int64.self, sql: "SELECT coalesce(max(id), 0) + 1 FROM \(table)") ?? 1)
        nextIds[table] = id + 1
        return id
    }

    func writeMark() throws -> WriteMark? {
        WriteMark(others: try fetchOne(Int64.self, sql: "PRAGMA data_version") ?? 0, here: Int64(db.totalChangesCount))
    }

    static func arguments(_ arguments: SQLArguments) -> StatementArguments {
        StatementArguments(arguments.values.map { value -> DatabaseValue in
            switch value {
            case .null: .null
            case .integer(let integer): integer.databaseValue
            case .real(let real): real.databaseValue
            case .text(let text): text.databaseValue
            case .blob(let data): data.databaseValue
            }
        })
    }
}

extension DatabaseReader {
    /// A read transaction as a `SQLSession`.
    func readSession<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        try read { try body(GRDBSession($0)) }
    }
}

extension DatabaseWriter {
    /// A write transaction as a `SQLSession`.
    func writeSession<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        try write { try body(GRDBSession($0)) }
    }
}

import Foundation
import GRDB

/// A `SQLSession` over one GRDB database access.
final class GRDBSession: SQLSession {
    let db: Database
    var dialect: SQLDialect { .sqlite }

    init(_ db: Database) { self.db = db }

    /// Column names by statement: a row per response in an import reads the same few queries.
    private var columns: [String: SQLColumns] = [:]

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

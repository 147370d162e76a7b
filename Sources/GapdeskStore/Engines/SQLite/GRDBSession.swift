import Foundation
import GRDB

/// A `SQLSession` over one GRDB database access.
final class GRDBSession: SQLSession {
    let db: Database
    var dialect: SQLDialect { .sqlite }

    init(_ db: Database) { self.db = db }

    func execute(sql: String, arguments: SQLArguments) throws {
        try db.execute(sql: sql, arguments: Self.arguments(arguments))
    }

    var changesCount: Int { db.changesCount }

    func prepare(_ sql: String) throws -> any SQLStatement { try SQLiteStatement(db, sql) }

    func forEachRow(sql: String, arguments: SQLArguments, _ body: (SQLRow) throws -> Void) throws {
        let statement = try db.cachedStatement(sql: sql)
        let columns = SQLColumns(statement.columnNames)
        let cursor = try Row.fetchCursor(statement, arguments: Self.arguments(arguments))
        while let row = try cursor.next() {
            var values: [SQLValue] = []
            values.reserveCapacity(row.count)
            for value in row.databaseValues { values.append(Self.value(value)) }
            try body(SQLRow(columns: columns, values: values))
        }
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

    static func value(_ value: DatabaseValue) -> SQLValue {
        switch value.storage {
        case .null: .null
        case .int64(let integer): .integer(integer)
        case .double(let real): .real(real)
        case .string(let text): .text(text)
        case .blob(let data): .blob(data)
        }
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

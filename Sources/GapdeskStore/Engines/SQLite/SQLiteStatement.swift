import Foundation
import GRDB
import GRDBSQLite

/// A prepared statement driven through SQLite's C interface. Binding through
/// GRDB's argument arrays measured about three times the cost per row on this
/// kind of machine, and recording responses is the import's hot path.
struct SQLiteStatement: SQLStatement {
    private let statement: Statement
    private let connection: OpaquePointer?
    private var handle: OpaquePointer { statement.sqliteStatement }
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// `cached`: the connection's statement for this SQL, prepared once and reused
    /// (never two uses at a time: a read must end before the same SQL runs again).
    init(_ db: Database, _ sql: String, cached: Bool = false) throws {
        statement = cached ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql)
        connection = db.sqliteConnection
        if cached { sqlite3_reset(statement.sqliteStatement) }
    }

    /// Binds each value to its placeholder, in order.
    func bind(_ arguments: SQLArguments) {
        // Placeholders left without a value are NULL, not the last row's (every value bound: nothing to clear).
        if arguments.values.count < sqlite3_bind_parameter_count(handle) { sqlite3_clear_bindings(handle) }
        for (offset, value) in arguments.values.enumerated() { bind(Int32(offset + 1), value) }
    }

    /// Binds rows one after the other, each to its own placeholders (an
    /// INSERT of several rows); every placeholder gets a value.
    func bind(rows: some Sequence<[SQLValue]>) {
        var index: Int32 = 1
        for row in rows {
            for value in row {
                bind(index, value)
                index += 1
            }
        }
    }

    private func bind(_ index: Int32, _ value: SQLValue) {
        switch value {
        case .null: sqlite3_bind_null(handle, index)
        case .integer(let integer): bind(index, integer)
        case .real(let real): bind(index, real)
        case .text(let text): bind(index, text)
        case .blob(let data): bind(index, data)
        }
    }

    /// Runs a query, `body` seeing each row; `columns` names them.
    func forEachRow(_ columns: SQLColumns, _ body: (SQLRow) throws -> Void) throws {
        defer { sqlite3_reset(handle) }
        let count = sqlite3_column_count(handle)
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw failure(code) }
            var values: [SQLValue] = []
            values.reserveCapacity(Int(count))
            for column in 0..<count { values.append(value(column)) }
            try body(SQLRow(columns: columns, values: values))
        }
    }

    private func value(_ column: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, column))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, column))
        case SQLITE_BLOB:
            let bytes = sqlite3_column_blob(handle, column)
            let length = Int(sqlite3_column_bytes(handle, column))
            return .blob(bytes.map { Data(bytes: $0, count: length) } ?? Data())
        default:
            return .text(sqlite3_column_text(handle, column).map { String(cString: $0) } ?? "")
        }
    }

    var columnNames: [String] { statement.columnNames }

    func bind(_ index: Int32, _ value: Int64) { sqlite3_bind_int64(handle, index, value) }

    func bind(_ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    func bind(_ index: Int32, _ value: Double?) {
        if let value { sqlite3_bind_double(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    func bind(_ index: Int32, _ value: String?) {
        guard var value else { sqlite3_bind_null(handle, index); return }
        value.withUTF8 { bytes in
            _ = bytes.withMemoryRebound(to: CChar.self) { sqlite3_bind_text(handle, index, $0.baseAddress, Int32(bytes.count), Self.transient) }
        }
    }

    func bind(_ index: Int32, _ value: Data?) {
        guard let value else { sqlite3_bind_null(handle, index); return }
        value.withUnsafeBytes { bytes in _ = sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), Self.transient) }
    }

    func run() throws {
        defer { sqlite3_reset(handle) }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE || code == SQLITE_ROW else { throw failure(code) }
    }

    func insert() throws -> Int64 {
        try run()
        return sqlite3_last_insert_rowid(connection)
    }

    func firstIntegerAndReal() throws -> (Int64, Double?)? {
        defer { sqlite3_reset(handle) }
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW {
            return (sqlite3_column_int64(handle, 0), sqlite3_column_type(handle, 1) == SQLITE_NULL ? nil : sqlite3_column_double(handle, 1))
        }
        guard code == SQLITE_DONE else { throw failure(code) }
        return nil
    }

    func firstRow(columns: Int32) throws -> [Int64?]? {
        defer { sqlite3_reset(handle) }
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW {
            return (0..<columns).map { sqlite3_column_type(handle, $0) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, $0) }
        }
        guard code == SQLITE_DONE else { throw failure(code) }
        return nil
    }

    private func failure(_ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: statement.sql)
    }
}

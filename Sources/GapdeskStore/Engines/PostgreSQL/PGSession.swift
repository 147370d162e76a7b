import Foundation

/// A `SQLSession` over one PostgreSQL connection, inside a transaction the engine opened.
final class PGSession: SQLSession {
    let connection: PGConnection
    private(set) var changesCount = 0
    var dialect: SQLDialect { .postgres }

    init(_ connection: PGConnection) { self.connection = connection }

    func execute(sql: String, arguments: SQLArguments) throws {
        changesCount = try run(sql, arguments.values).changes
    }

    func forEachRow(sql: String, arguments: SQLArguments, _ body: (SQLRow) throws -> Void) throws {
        let result = try run(sql, arguments.values)
        for index in 0..<result.rowCount { try body(result.row(index)) }
    }

    func scan(sql: String, arguments: SQLArguments, _ body: (SQLRow) throws -> Void) throws {
        scans += 1
        let cursor = "gapdesk_scan_\(scans)"
        // Planned for every row, not the first tenth a cursor is planned for by default.
        try connection.runScript("SET LOCAL cursor_tuple_fraction = 1; DECLARE \(cursor) NO SCROLL CURSOR FOR "
                                 + SQLPlaceholders.inline(sql, arguments, dialect: .postgres))
        while true {
            let page = try connection.runScript("FETCH 8192 FROM \(cursor)")
            for index in 0..<page.rowCount { try body(page.row(index)) }
            if page.rowCount < 8192 { break }
        }
        try connection.runScript("CLOSE \(cursor)")
    }

    /// Cursors opened by `scan`, for a name of each one's own.
    private var scans = 0

    func prepare(_ sql: String) throws -> any SQLStatement { PGStatement(session: self, sql: sql) }

    func insertRows(into table: String, columns: [String], _ rows: [[SQLValue]], conflict: String) throws {
        guard !rows.isEmpty else { return }
        let stage = try connection.stage(rows, table: table, columns: columns)
        let list = columns.joined(separator: ", ")
        try connection.runScript("INSERT INTO \(table)(\(list)) SELECT \(list) FROM \(stage) \(conflict); TRUNCATE \(stage)")
    }

    func updateRows(_ table: String, key: String, columns: [String], _ rows: [[SQLValue]]) throws {
        guard !rows.isEmpty else { return }
        let stage = try connection.stage(rows, table: table, columns: [key] + columns)
        try connection.runScript("""
            UPDATE \(table) SET \(columns.map { "\($0) = s.\($0)" }.joined(separator: ", ")) FROM \(stage) s WHERE \(table).\(key) = s.\(key);
            TRUNCATE \(stage)
            """)
    }

    func nextId(_ table: String, ahead: Int) throws -> Int64 {
        if reserved[table, default: []].isEmpty {
            let result = try run("SELECT nextval(pg_get_serial_sequence(?, 'id')) FROM generate_series(1, ?)",
                                 [.text(table), .integer(Int64(max(1, ahead)))])
            reserved[table] = ArraySlice((0..<result.rowCount).compactMap { Int64(sqlValue: result.row($0).values[0]) })
        }
        guard let id = reserved[table]?.popFirst() else { throw SQLFailure(code: .other, message: "the server reserved no id for \(table)") }
        return id
    }

    func writeMark() throws -> WriteMark? { nil }

    /// Ids taken from each table's sequence and not yet used (those left at the end are gaps, as after any rollback).
    private var reserved: [String: ArraySlice<Int64>] = [:]

    /// Several statements separated by semicolons run one by one (the
    /// extended protocol that carries arguments takes one statement at a time).
    @discardableResult
    func run(_ sql: String, _ values: [SQLValue]) throws(SQLFailure) -> PGResult {
        if values.isEmpty, sql.contains(";") { return try connection.runScript(sql) }
        return try connection.run(sql, values)
    }
}

/// Values bound one by one, sent with the statement when it runs; the
/// connection keeps the statement prepared by its SQL.
final class PGStatement: SQLStatement {
    private let session: PGSession
    private let sql: String
    private var values: [SQLValue] = []

    init(session: PGSession, sql: String) {
        self.session = session
        self.sql = sql
    }

    private func set(_ index: Int32, _ value: SQLValue) {
        let position = Int(index) - 1
        if values.count <= position { values += [SQLValue](repeating: .null, count: position - values.count + 1) }
        values[position] = value
    }

    func bind(_ index: Int32, _ value: Int64) { set(index, .integer(value)) }
    func bind(_ index: Int32, _ value: Int64?) { set(index, value.map(SQLValue.integer) ?? .null) }
    func bind(_ index: Int32, _ value: Double?) { set(index, value.map(SQLValue.real) ?? .null) }
    func bind(_ index: Int32, _ value: String?) { set(index, value.map(SQLValue.text) ?? .null) }
    func bind(_ index: Int32, _ value: Data?) { set(index, value.map(SQLValue.blob) ?? .null) }

    func run() throws { try session.run(sql, values) }

    func insert() throws -> Int64 {
        let result = try session.run(sql + " RETURNING id", values)
        guard result.rowCount == 1, let id = Int64(sqlValue: result.row(0).values[0]) else {
            throw SQLFailure(code: .other, message: "an insert returned no id")
        }
        return id
    }

    func firstRow(columns: Int32) throws -> [Int64?]? {
        try firstValues().map { values in (0..<Int(columns)).map { Int64?(sqlValue: values[$0]) ?? nil } }
    }

    func firstIntegerAndReal() throws -> (Int64, Double?)? {
        guard let values = try firstValues(), let first = Int64(sqlValue: values[0]) else { return nil }
        return (first, Double?(sqlValue: values[1]) ?? nil)
    }

    private func firstValues() throws -> [SQLValue]? {
        let result = try session.run(sql, values)
        return result.rowCount > 0 ? result.row(0).values : nil
    }
}

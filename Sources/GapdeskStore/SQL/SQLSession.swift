import Foundation

/// One connection's turn at the database, inside a transaction the store
/// opened: what every query, action and summary is written against, so the
/// same code runs on SQLite and on PostgreSQL. Statements use `?`
/// placeholders on both engines; SQL the engines spell differently comes from
/// `dialect`.
public protocol SQLSession: AnyObject {
    var dialect: SQLDialect { get }

    func execute(sql: String, arguments: SQLArguments) throws

    /// Rows changed by the last `execute`.
    var changesCount: Int { get }

    /// A statement to run many times (see `SQLStatement`).
    func prepare(_ sql: String) throws -> any SQLStatement

    /// Runs `body` on each row, in order.
    func forEachRow(sql: String, arguments: SQLArguments, _ body: (SQLRow) throws -> Void) throws

    /// As `forEachRow`, for a query that may answer millions of rows (a
    /// recount of the whole store): the rows are never all held at once.
    /// `body` may run other statements meanwhile. SQLite steps through the
    /// rows anyway; PostgreSQL reads them a few thousand at a time through a
    /// cursor, which costs round trips a short query need not make.
    func scan(sql: String, arguments: SQLArguments, _ body: (SQLRow) throws -> Void) throws

    /// Writes many rows at once (an import's batch): on PostgreSQL by COPY
    /// into a staging table and one INSERT … SELECT, a few round trips
    /// however many rows; on SQLite, in process, a prepared insert for many
    /// rows at a time. `conflict` is an `ON CONFLICT …` clause both engines
    /// read alike, or empty. A failure may leave some rows written: let it end
    /// the transaction (which rolls them back), never catch it and go on.
    func insertRows(into table: String, columns: [String], _ rows: [[SQLValue]], conflict: String) throws

    /// Sets `columns` on the rows of `table` whose `key` is each row's first value (the rest follow in order).
    func updateRows(_ table: String, key: String, columns: [String], _ rows: [[SQLValue]]) throws

    /// The id of a row of `table` this transaction is about to write, so rows
    /// that refer to each other can be written together (`insertRows`).
    /// `ahead` is how many more are likely to follow: PostgreSQL reserves that
    /// many from the table's sequence in one round trip; SQLite counts on from
    /// the largest stored id, so ids are what row-by-row inserts would give.
    func nextId(_ table: String, ahead: Int) throws -> Int64

    /// What has written to the store so far, as far as this connection can
    /// tell: the same mark at the end of one transaction and the start of the
    /// next means nobody wrote between them, so what the first read is still
    /// true. Nil on PostgreSQL, which keeps no such count: nothing read in an
    /// earlier transaction is trusted there.
    func writeMark() throws -> WriteMark?
}

/// Other connections' commits (SQLite's `data_version`) and the rows this
/// connection has changed (`sqlite3_total_changes64`): a process's other
/// writers share its connection.
public struct WriteMark: Equatable, Sendable {
    var others: Int64
    var here: Int64
}

extension SQLSession {
    public func execute(sql: String) throws { try execute(sql: sql, arguments: []) }

    public func fetchAll(sql: String, arguments: SQLArguments = []) throws -> [SQLRow] {
        var rows: [SQLRow] = []
        try forEachRow(sql: sql, arguments: arguments) { rows.append($0) }
        return rows
    }

    public func fetchOne(sql: String, arguments: SQLArguments = []) throws -> SQLRow? {
        try fetchAll(sql: sql, arguments: arguments).first
    }

    /// The first column of each row.
    public func fetchAll<T: SQLValueConvertible>(_ type: T.Type, sql: String, arguments: SQLArguments = []) throws -> [T] {
        var values: [T] = []
        try forEachRow(sql: sql, arguments: arguments) { values.append($0[0]) }
        return values
    }

    /// The first column of the first row; nil without a row or for NULL.
    public func fetchOne<T: SQLValueConvertible>(_ type: T.Type, sql: String, arguments: SQLArguments = []) throws -> T? {
        guard let row = try fetchOne(sql: sql, arguments: arguments) else { return nil }
        return Optional<T>(sqlValue: row.values[0]) ?? nil
    }

    /// Each row decoded as a record (see `SQLRecordDecoder`).
    public func fetchAll<R: Decodable>(records type: R.Type, sql: String, arguments: SQLArguments = []) throws -> [R] {
        var records: [R] = []
        try forEachRow(sql: sql, arguments: arguments) { records.append(try R(from: SQLRecordDecoder(row: $0))) }
        return records
    }

    /// The first row decoded as a record, if there is one.
    public func fetchOne<R: Decodable>(record type: R.Type, sql: String, arguments: SQLArguments = []) throws -> R? {
        try fetchOne(sql: sql, arguments: arguments).map { try R(from: SQLRecordDecoder(row: $0)) }
    }

    /// Runs an INSERT and answers the new row's `id` (both engines support `RETURNING`).
    public func insert(sql: String, arguments: SQLArguments) throws -> Int64 {
        guard let id = try fetchOne(Int64.self, sql: sql + " RETURNING id", arguments: arguments) else {
            throw SQLFailure(code: .other, message: "an insert returned no id")
        }
        return id
    }
}

/// A database failure in terms the store decides on, whatever the engine.
public struct SQLFailure: Error, CustomStringConvertible, Sendable {
    public enum Code: Sendable {
        /// Another writer holds the lock (SQLite) or a serialization conflict (PostgreSQL): try again.
        case busy
        /// A UNIQUE, CHECK or foreign key constraint refused the write.
        case constraint
        /// The server refused the account (PostgreSQL grants, policies, read-only).
        case notPermitted
        /// The connection to the server is gone, or could not be made.
        case connectionLost
        /// The server refused the login's password or credentials.
        case authentication
        /// The server's certificate could not be trusted, or ours was refused.
        case certificate
        /// The server takes no writes (a standby, or set read-only).
        case readOnlyServer
        /// The connection string cannot be read.
        case badAddress
        case other
    }

    public var code: Code
    public var message: String
    /// PostgreSQL's SQLSTATE, when the server sent one.
    public var state: String

    public init(code: Code, message: String, state: String = "") {
        self.code = code
        self.message = message
        self.state = state
    }

    public var description: String { message }
}

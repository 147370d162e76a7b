import CLibpq
import Foundation

/// One connection to a PostgreSQL server through libpq, PostgreSQL's own
/// client library. libpq reads what psql users rely on: a `postgresql://` URI
/// or `key=value` string, the PG* environment variables, `~/.pgpass`, service
/// files, and `sslmode` up to `verify-full`. Not thread-safe: its owner
/// serializes use (`PGPool`).
final class PGConnection: @unchecked Sendable {
    private let handle: OpaquePointer
    /// Statements prepared on this connection, by their SQL.
    private var prepared: [String: String] = [:]

    init(_ conninfo: String) throws(SQLFailure) {
        if let problem = PGAddress.problem(conninfo) { throw SQLFailure(code: .badAddress, message: problem) }
        guard let handle = PQconnectdb(conninfo) else {
            throw SQLFailure(code: .connectionLost, message: "libpq could not start a connection (out of memory)")
        }
        self.handle = handle
        // On failure the handle is freed by deinit (it runs: every property is set by now).
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = Self.text(PQerrorMessage(handle))
            throw SQLFailure(code: Self.connectionCode(message), message: message)
        }
        // libpq prints the server's notices on stderr, over the dashboard; gapdesk reports failures itself.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        _ = try? run("SET client_min_messages = warning", [])
    }

    deinit { PQfinish(handle) }

    var isAlive: Bool { PQstatus(handle) == CONNECTION_OK }

    /// Runs one statement with `?` placeholders and answers its rows and the count it changed.
    @discardableResult
    func run(_ sql: String, _ arguments: [SQLValue]) throws(SQLFailure) -> PGResult {
        let statement = try prepare(sql)
        let result = Self.withParameters(arguments) { values, lengths, formats in
            PQexecPrepared(handle, statement, Int32(arguments.count), values, lengths, formats, 0)
        }
        return try check(result, sql: sql)
    }

    /// Runs SQL text as it stands (several statements, no arguments): schema and
    /// session setup. Answers the last statement's result.
    @discardableResult
    func runScript(_ sql: String) throws(SQLFailure) -> PGResult {
        try check(PQexec(handle, sql), sql: sql)
    }

    private func prepare(_ sql: String) throws(SQLFailure) -> String {
        if let name = prepared[sql] { return name }
        let name = "s\(prepared.count)"
        _ = try check(PQprepare(handle, name, SQLPlaceholders.replace(sql) { "$\($0 + 1)" }, 0, nil), sql: sql)
        prepared[sql] = name
        return name
    }

    /// Copies `rows` into this connection's staging table for those columns of
    /// `table` (made on first use, with their types and no constraints: the
    /// INSERT from it checks them) and answers its name. COPY's text format:
    /// one line a row, tab between values, `\N` for NULL.
    func stage(_ rows: [[SQLValue]], table: String, columns: [String]) throws(SQLFailure) -> String {
        let key = "\(table)(\(columns.joined(separator: ",")))"
        let stage = stages[key] ?? "gapdesk_stage_\(stages.count)"
        stages[key] = stage
        // IF NOT EXISTS each time: a rolled-back transaction takes a new temporary table with it.
        try runScript("CREATE TEMPORARY TABLE IF NOT EXISTS \(stage) AS SELECT \(columns.joined(separator: ", ")) FROM \(table) WITH NO DATA")
        let sql = "COPY \(stage) FROM STDIN"
        _ = try check(PQexec(handle, sql), sql: sql, expecting: PGRES_COPY_IN)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        var failure: SQLFailure?
        func send() {
            guard failure == nil, !buffer.isEmpty else { return }
            if PQputCopyData(handle, buffer, Int32(buffer.count)) != 1 {
                failure = SQLFailure(code: isAlive ? .other : .connectionLost, message: Self.text(PQerrorMessage(handle)))
            }
            buffer.removeAll(keepingCapacity: true)
        }
        for row in rows {
            for (index, value) in row.enumerated() {
                if index > 0 { buffer.append(UInt8(ascii: "\t")) }
                Self.appendCopyText(value, to: &buffer)
            }
            buffer.append(UInt8(ascii: "\n"))
            if buffer.count >= 1 << 20 { send() }
        }
        send()
        _ = PQputCopyEnd(handle, failure?.message)
        // The COPY's own result, then nil.
        while let result = PQgetResult(handle) {
            do { _ = try check(result, sql: sql) } catch { failure = failure ?? error }
        }
        if let failure { throw failure }
        return stage
    }

    /// Staging tables made on this connection, by table and columns.
    private var stages: [String: String] = [:]

    private static func appendCopyText(_ value: SQLValue, to buffer: inout [UInt8]) {
        let backslash = UInt8(ascii: "\\")
        switch value {
        case .null:
            buffer.append(backslash)
            buffer.append(UInt8(ascii: "N"))
        case .integer(let integer):
            buffer.append(contentsOf: String(integer).utf8)
        case .text(let text):
            var text = text
            text.withUTF8 { bytes in
                for byte in bytes {
                    let escaped: UInt8? = switch byte {
                    case backslash: backslash
                    case UInt8(ascii: "\t"): UInt8(ascii: "t")
                    case UInt8(ascii: "\n"): UInt8(ascii: "n")
                    case UInt8(ascii: "\r"): UInt8(ascii: "r")
                    default: nil
                    }
                    if let escaped {
                        buffer.append(backslash)
                        buffer.append(escaped)
                    } else {
                        buffer.append(byte)
                    }
                }
            }
        case .blob:
            buffer.append(backslash)  // COPY reads "\\x…" as bytea's "\x…"
            buffer.append(contentsOf: parameterText(value)!.utf8)
        case .real:
            buffer.append(contentsOf: parameterText(value)!.utf8)
        }
    }

    /// Notifications received since the last call (after reading what the socket holds).
    func notifications() throws(SQLFailure) -> [(channel: String, payload: String)] {
        guard PQconsumeInput(handle) == 1 else {
            throw SQLFailure(code: .connectionLost, message: Self.text(PQerrorMessage(handle)))
        }
        var received: [(channel: String, payload: String)] = []
        while let notice = PQnotifies(handle) {
            received.append((String(cString: notice.pointee.relname), String(cString: notice.pointee.extra)))
            PQfreemem(notice)
        }
        return received
    }

    private func check(_ result: OpaquePointer?, sql: String, expecting expected: ExecStatusType? = nil) throws(SQLFailure) -> PGResult {
        guard let result else {
            throw SQLFailure(code: isAlive ? .other : .connectionLost, message: Self.text(PQerrorMessage(handle)))
        }
        let status = PQresultStatus(result)
        if let expected, status == expected { return PGResult(result) }
        switch status {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return PGResult(result)
        default:
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? ""
            let message = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
                ?? Self.text(PQerrorMessage(handle))
            PQclear(result)
            throw SQLFailure(code: isAlive ? Self.code(state) : .connectionLost, message: message, state: state)
        }
    }

    /// Why a connection could not be made, from libpq's words (it gives no SQLSTATE before the login is made).
    static func connectionCode(_ message: String) -> SQLFailure.Code {
        let text = message.lowercased()
        if text.contains("authentication failed") || text.contains("no password supplied") || text.contains("password is required")
            || text.contains("pg_hba.conf rejects") || text.contains("is not permitted to log in")
            || (text.contains("role \"") && text.contains("does not exist")) {
            return .authentication
        }
        if text.contains("certificate") || text.contains("ssl error") || text.contains("sslmode") || text.contains("does not support ssl") {
            return .certificate
        }
        return .connectionLost
    }

    /// SQLSTATE classes: https://www.postgresql.org/docs/current/errcodes-appendix.html
    static func code(_ state: String) -> SQLFailure.Code {
        switch state {
        case "40001", "40P01", "55P03": .busy
        case "42501": .notPermitted
        case "25006": .readOnlyServer
        case _ where state.hasPrefix("23"): .constraint
        case _ where state.hasPrefix("08"), "57P01", "57P02", "57P03": .connectionLost
        default: .other
        }
    }

    /// Arguments in libpq's text format; blobs as bytea's hex form.
    private static func withParameters<T>(_ arguments: [SQLValue],
                                          _ body: ([UnsafePointer<CChar>?], [Int32], [Int32]) -> T) -> T {
        let texts = arguments.map(parameterText)
        let copies = texts.map { $0.flatMap { strdup($0) } }
        defer { copies.forEach { $0.map { free($0) } } }
        return body(copies.map { $0.map { UnsafePointer($0) } }, [Int32](repeating: 0, count: texts.count),
                    [Int32](repeating: 0, count: texts.count))
    }

    /// A value as PostgreSQL's text input reads it; nil for NULL.
    private static func parameterText(_ value: SQLValue) -> String? {
        switch value {
        case .null: nil
        case .integer(let integer): String(integer)
        case .real(let real): real.isFinite ? "\(real)" : (real.isNaN ? "NaN" : (real > 0 ? "Infinity" : "-Infinity"))
        case .text(let text): text
        case .blob(let data): "\\x" + data.map { String(format: "%02x", $0) }.joined()
        }
    }

    /// libpq's message, passwords masked (it may quote the connection string it was given).
    static func text(_ pointer: UnsafePointer<CChar>?) -> String {
        Secrets.redacted(pointer.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "unknown error")
    }
}

/// One statement's result, read into `SQLValue`s by the column's type.
final class PGResult {
    private let handle: OpaquePointer

    init(_ handle: OpaquePointer) { self.handle = handle }
    deinit { PQclear(handle) }

    var rowCount: Int { Int(PQntuples(handle)) }

    /// Rows the statement changed (INSERT, UPDATE, DELETE).
    var changes: Int { Int(String(cString: PQcmdTuples(handle))) ?? 0 }

    lazy var columns = SQLColumns((0..<PQnfields(handle)).map { String(cString: PQfname(handle, $0)) })

    func row(_ index: Int) -> SQLRow {
        let row = Int32(index)
        let values = (0..<PQnfields(handle)).map { column -> SQLValue in
            if PQgetisnull(handle, row, column) == 1 { return .null }
            let text = String(cString: PQgetvalue(handle, row, column))
            return Self.value(text, type: PQftype(handle, column))
        }
        return SQLRow(columns: columns, values: values)
    }

    /// Type OIDs from the server's pg_type catalogue (fixed for built-in types).
    static func value(_ text: String, type: Oid) -> SQLValue {
        switch type {
        case 16: return .integer(text == "t" ? 1 : 0)                       // bool
        case 20, 21, 23, 26: return Int64(text).map(SQLValue.integer) ?? .text(text)  // int8, int2, int4, oid
        case 700, 701: return Double(text).map(SQLValue.real) ?? .text(text)  // float4, float8
        case 1700:                                                          // numeric: sums of integers
            if let integer = Int64(text) { return .integer(integer) }
            return Double(text).map(SQLValue.real) ?? .text(text)
        case 17: return .blob(Self.bytes(hex: text))                        // bytea
        default: return .text(text)
        }
    }

    /// bytea's text form ("\\x" and hex digits) as bytes, by libpq's own decoder
    /// (a dashboard refresh reads a few thousand summary blobs).
    private static func bytes(hex text: String) -> Data {
        var length = 0
        guard let bytes = PQunescapeBytea(text, &length) else { return Data() }
        defer { PQfreemem(bytes) }
        return Data(bytes: bytes, count: length)
    }
}

import CLibpq
import Foundation

/// A `--db` value that names a PostgreSQL database rather than a file: a
/// `postgresql://` or `postgres://` URI, or a libpq keyword string
/// (`host=db1 dbname=gapdesk`). Whatever it leaves out, libpq fills in the way
/// psql does (PG* variables, service files, `~/.pgpass`).
public enum PGAddress {
    public static func isPostgres(_ address: String) -> Bool {
        let trimmed = address.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("postgresql://") || trimmed.hasPrefix("postgres://") { return true }
        // A file path is not a keyword string: libpq finds no "key=value" in it.
        guard trimmed.contains("=") else { return false }
        var error: UnsafeMutablePointer<CChar>?
        let options = PQconninfoParse(trimmed, &error)
        if let error { PQfreemem(error) }
        guard let options else { return false }
        PQconninfoFree(options)
        return true
    }

    /// The address to show: libpq's reading of it, without a password.
    public static func display(_ address: String) -> String {
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(address, &error) else {
            if let error { PQfreemem(error) }
            return "a PostgreSQL database"
        }
        defer { PQconninfoFree(options) }
        var values: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { values[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        let user = values["user"].map { $0 + "@" } ?? ""
        let host = values["host"] ?? values["hostaddr"] ?? ""
        let port = values["port"].map { ":" + $0 } ?? ""
        let database = values["dbname"] ?? values["service"].map { "service " + $0 } ?? ""
        if host.isEmpty && user.isEmpty && database.isEmpty { return "the PostgreSQL database of your PG settings" }
        return "postgresql://\(user)\(host)\(port)/\(database)"
    }
}

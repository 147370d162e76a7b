import CLibpq
import Foundation

/// A `--db` value that names a PostgreSQL database rather than a file: a
/// `postgresql://` or `postgres://` URI, or a libpq keyword string
/// (`host=db1 dbname=gapdesk`). Whatever it leaves out, libpq fills in the way
/// psql does (PG* variables, service files, `~/.pgpass`).
public enum PGAddress {
    /// A URI, or text that starts as a keyword string does (`host=`,
    /// `password =`): it is a connection string even when libpq cannot read
    /// the rest, and never a file's name (nothing makes a file of it).
    public static func isPostgres(_ address: String) -> Bool {
        let trimmed = address.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("postgresql://") || trimmed.hasPrefix("postgres://") { return true }
        let keyword = trimmed.prefix { $0.isLetter || $0 == "_" }
        return !keyword.isEmpty && trimmed.dropFirst(keyword.count).drop { $0 == " " }.first == "="
    }

    /// Why libpq cannot read the address, if it cannot (passwords masked).
    static func problem(_ address: String) -> String? {
        var error: UnsafeMutablePointer<CChar>?
        let options = PQconninfoParse(address, &error)
        defer { if let options { PQconninfoFree(options) } }
        guard options == nil else { return nil }
        let reason = error.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "it cannot be read"
        if let error { PQfreemem(error) }
        return Secrets.redacted(reason)
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

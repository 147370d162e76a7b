import Foundation

/// The `?` placeholders of a statement, found outside quoted strings and
/// identifiers, and replaced: by PostgreSQL's `$1`, `$2`, ..., or by the
/// values themselves for a statement shown to a person or another tool.
enum SQLPlaceholders {
    static func replace(_ sql: String, _ replacement: (Int) -> String) -> String {
        var output = ""
        output.reserveCapacity(sql.utf8.count + 16)
        var number = 0
        var quote: Character?
        for character in sql {
            if let open = quote {
                if character == open { quote = nil }
                output.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                output.append(character)
            } else if character == "?" {
                output += replacement(number)
                number += 1
            } else {
                output.append(character)
            }
        }
        return output
    }

    /// `sql` with its arguments written in as literals both engines read.
    static func inline(_ sql: String, _ arguments: SQLArguments, dialect: SQLDialect) -> String {
        replace(sql) { index in
            switch index < arguments.values.count ? arguments.values[index] : .null {
            case .null: "NULL"
            case .integer(let integer): String(integer)
            case .real(let real): "\(real)"
            case .text(let text): "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
            case .blob(let data):
                dialect.engine == .sqlite ? "X'\(data.map { String(format: "%02x", $0) }.joined())'"
                    : "'\\x\(data.map { String(format: "%02x", $0) }.joined())'::bytea"
            }
        }
    }
}

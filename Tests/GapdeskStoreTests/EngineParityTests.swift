import Foundation
import Testing
@testable import GapdeskStore

/// The two engines hold the same store: the same tables, columns, keys and
/// indexes, so one SQL text serves both. What differs is listed here, each
/// with its reason; anything else that differs fails.
@Suite struct EngineParityTests {
    /// Differences the engines' own natures make.
    static let documented: Set<String> = [
        // SQLite orders an index's entries by rowid after its columns; PostgreSQL is told to.
        "only on sqlite: index callback_open_by_created(created_at) partial",
        "only on postgres: index callback_open_by_created(created_at,id) partial",
        "only on sqlite: index callback_open_by_due(due_at) partial",
        "only on postgres: index callback_open_by_due(due_at,id) partial",
        // The server writes audit entries of its own; each entry keeps its transaction, so a screen shows gapdesk's words for one.
        "only on postgres: column audit.xact: integer optional",
        "only on postgres: index audit_by_xact(xact)",
        // The server counts a gap's customers by their latest day again; gapdesk on SQLite moves each as it writes.
        "only on postgres: index gap_customer_by_day(cause_id,last_day)",
    ]

    /// Tables, columns (name, kind of value, whether required), primary and
    /// unique keys, references and indexes, in words both engines share.
    /// Each engine's own record of its migrations is left out.
    static func structure(_ db: any SQLSession) throws -> Set<String> {
        var lines: Set<String> = []
        if db.dialect == .sqlite {
            let tables = try db.fetchAll(String.self, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations'")
            for table in tables {
                lines.insert("table \(table)")
                for column in try db.fetchAll(sql: "SELECT name, type, \"notnull\", pk FROM pragma_table_info(?)", arguments: [table]) {
                    // A key column is required (SQLite lets a key other than an INTEGER one hold NULL, a quirk no write of gapdesk's uses).
                    let key = (column[3] as Int) > 0
                    lines.insert("column \(table).\(column[0] as String): \(kind(column[1])) \((column[2] as Int) == 1 || key ? "required" : "optional")")
                }
                for index in try db.fetchAll(sql: "SELECT name, \"unique\", origin, partial FROM pragma_index_list(?)", arguments: [table]) {
                    let name: String = index[0]
                    let columns = try db.fetchAll(String.self, sql: "SELECT name FROM pragma_index_info(?) ORDER BY seqno", arguments: [name])
                    let origin: String = index[2]
                    if origin == "pk" {
                        lines.insert("primary key \(table)(\(columns.joined(separator: ",")))")
                    } else if origin == "u" {
                        lines.insert("unique \(table)(\(columns.joined(separator: ",")))")
                    } else {
                        lines.insert("index \(index[0] as String)(\(columns.joined(separator: ",")))\((index[3] as Int) == 1 ? " partial" : "")")
                    }
                }
                let keys = try db.fetchAll(sql: "SELECT \"from\", \"table\", \"to\", on_delete FROM pragma_foreign_key_list(?)", arguments: [table])
                for key in keys {
                    let onDelete = (key[3] as String) == "NO ACTION" ? "" : " on delete \((key[3] as String).lowercased())"
                    lines.insert("reference \(table).\(key[0] as String) -> \(key[1] as String).\(key[2] as String? ?? "id")\(onDelete)")
                }
                // A WITHOUT ROWID table's primary key, and an INTEGER PRIMARY KEY, are no index of their own.
                let key = try db.fetchAll(String.self, sql: "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", arguments: [table])
                if !key.isEmpty { lines.insert("primary key \(table)(\(key.joined(separator: ",")))") }
            }
        } else {
            for row in try db.fetchAll(sql: """
                SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND c.relname <> 'gapdesk_migration'
                """) {
                lines.insert("table \(row[0] as String)")
                lines.insert("column \(row[0] as String).\(row[1] as String): \(kind(row[2])) \((row[3] as Bool) ? "required" : "optional")")
            }
            for row in try db.fetchAll(sql: """
                SELECT conrelid::regclass::text, contype, pg_get_constraintdef(oid) FROM pg_constraint
                WHERE connamespace = 'public'::regnamespace AND contype IN ('p', 'u', 'f') AND conrelid <> 'gapdesk_migration'::regclass
                """) {
                let table: String = row[0], definition: String = row[2]
                let columns = { (text: String) in text.split(separator: "(")[1].split(separator: ")")[0].replacingOccurrences(of: " ", with: "") }
                switch row[1] as String {
                case "p": lines.insert("primary key \(table)(\(columns(definition)))")
                case "u": lines.insert("unique \(table)(\(columns(definition)))")
                default:
                    let target = definition.components(separatedBy: "REFERENCES ")[1]
                    let onDelete = definition.contains("ON DELETE CASCADE") ? " on delete cascade" : ""
                    let targetTable = String(target.split(separator: "(")[0])
                    lines.insert("reference \(table).\(columns(definition)) -> \(targetTable).\(columns(target))\(onDelete)")
                }
            }
            for row in try db.fetchAll(sql: """
                SELECT i.relname, ix.indpred IS NOT NULL, array_to_string(ARRAY(SELECT pg_get_indexdef(ix.indexrelid, k, true)
                    FROM generate_series(1, ix.indnkeyatts) AS k ORDER BY k), ',')
                FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
                WHERE t.relnamespace = 'public'::regnamespace
                    AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid AND c.contype IN ('p', 'u'))
                """) {
                let columns = (row[2] as String).replacingOccurrences(of: " DESC", with: "")
                lines.insert("index \(row[0] as String)(\(columns))\((row[1] as Bool) ? " partial" : "")")
            }
        }
        return lines
    }

    /// The kind of value a column holds, in either engine's words.
    static func kind(_ type: String) -> String {
        switch type.lowercased() {
        case "integer", "bigint": "integer"
        case "real", "double precision": "real"
        case "text", "citext": "text"
        case "blob", "bytea": "bytes"
        default: type
        }
    }

    @Test(.enabled(if: TestEngine.server != nil, "needs GAPDESK_TEST_POSTGRES"))
    func theEnginesHoldTheSameTablesColumnsKeysAndIndexes() throws {
        let sqlite = try TestStore(engine: .sqlite).read { try Self.structure($0) }
        let postgres = try TestStore(engine: .postgres).read { try Self.structure($0) }
        let differences = Set(sqlite.subtracting(postgres).map { "only on sqlite: \($0)" } + postgres.subtracting(sqlite).map { "only on postgres: \($0)" })
        #expect(sqlite.count > 150, "the structure is read: \(sqlite.count) lines")
        #expect(differences.subtracting(Self.documented).isEmpty, "undocumented differences:\n\(differences.subtracting(Self.documented).sorted().joined(separator: "\n"))")
        #expect(Self.documented.subtracting(differences).isEmpty, "documented differences that are gone: \(Self.documented.subtracting(differences).sorted())")
    }
}

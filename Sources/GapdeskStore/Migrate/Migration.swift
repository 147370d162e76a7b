import Foundation
import GapdeskDomain

/// What `gapdesk migrate` did to each table.
public struct MigrationCount: Sendable, Equatable {
    public var table: String
    public var source = 0
    public var added = 0
    public var alreadyThere = 0
    /// Every row of the source has its row in the target.
    public var checked: Bool { added + alreadyThere == source }
}

extension Store {
    /// Moves every row of `source` (a site's store) into this one (the
    /// group's): sites merge by name, customers by phone, email or name at
    /// the site, everything else by what identifies it, so a rerun adds
    /// nothing. Audit entries keep their time and say who made them where.
    /// The summaries are recounted from the rows. One transaction: all or nothing.
    public func migrate(from source: Store, by actor: String, at now: Date) throws -> [MigrationCount] {
        let origin = (source.name as NSString).lastPathComponent
        return try source.read { from in
            try perform(.manageUsers, by: actor, changes: ChangeTopic.everything) { to in
                var ids: [String: [Int64: Int64]] = [:]
                var counts: [MigrationCount] = []
                // The site's store already tells its customers apart: they merge only with the group's own.
                let groupCustomers = try to.fetchOne(Int64.self, sql: "SELECT coalesce(max(id), 0) FROM customer") ?? 0
                for move in MigrationPlan.moves {
                    var count = MigrationCount(table: move.table)
                    try from.forEachRow(sql: "SELECT * FROM \(move.table)", arguments: []) { row in
                        count.source += 1
                        var values = try Self.moved(row, move, ids: ids, origin: origin)
                        let existing = try Self.existing(to, move, values, sourceRow: row, from: from, groupCustomers: groupCustomers)
                        let targetId: Int64?
                        if let existing {
                            count.alreadyThere += 1
                            targetId = existing
                        } else {
                            count.added += 1
                            if move.hasId { values.removeValue(forKey: "id") }
                            let columns = values.keys.sorted()
                            let sql = "INSERT INTO \(move.table)(\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))"
                            let arguments = SQLArguments(columns.map { values[$0]! })
                            if move.hasId {
                                targetId = try to.insert(sql: sql, arguments: arguments)
                            } else {
                                try to.execute(sql: sql, arguments: arguments)
                                targetId = nil
                            }
                        }
                        if move.hasId, let targetId { ids[move.table, default: [:]][row["id"]] = targetId }
                    }
                    counts.append(count)
                }
                for kind in Summaries.Kind.allCases { try Summaries.mark(to, kind) }
                try Summaries.rebuildMarked(to)
                try Audit.record(to, at: now, actor: actor, action: ActionKind.manageUsers.rawValue, entity: "store", entityId: origin,
                                 before: nil, after: "moved in from \(origin): " + counts.map { "\($0.table) +\($0.added)" }.joined(separator: ", "))
                return counts
            }
        }
    }

    /// The row's values with references turned into the target's ids.
    private static func moved(_ row: SQLRow, _ move: TableMove, ids: [String: [Int64: Int64]], origin: String) throws -> [String: SQLValue] {
        var values: [String: SQLValue] = [:]
        for (index, column) in row.columns.names.enumerated() { values[column] = row.values[index] }
        for (column, table) in move.references {
            guard case .integer(let old) = values[column] ?? .null else { continue }
            guard let new = ids[table]?[old] else {
                throw StoreError.failed("A \(move.table) row points at \(table) \(old), which the source store does not have; nothing was moved.")
            }
            values[column] = .integer(new)
        }
        if move.table == "audit" {
            // The target's audit names who moved it (on PostgreSQL, the login); the entry says who made it.
            let actor: String = row["actor"]
            values["after"] = .text(((row["after"] as String?) ?? "") + " (by \(actor), moved from \(origin))")
            if let table = MigrationPlan.auditEntities[row["entity"]], let old = Int64(row["entity_id"] as String), let new = ids[table]?[old] {
                values["entity_id"] = .text(String(new))
            }
        }
        return values
    }

    /// The target's row that is this one, if the target has it.
    private static func existing(_ to: any SQLSession, _ move: TableMove, _ values: [String: SQLValue], sourceRow: SQLRow,
                                 from: any SQLSession, groupCustomers: Int64) throws -> Int64? {
        let idColumn = move.hasId ? "id" : "1"
        guard let key = move.key else { return try customer(to, values, sourceRow: sourceRow, from: from, upTo: groupCustomers) }
        // A contact with an id of its own is that id; without, its customer, site, kind and time.
        let columns = move.table == "contact" && values["external_id"] != .null ? ["external_id"] : key
        let same = to.dialect.engine == .sqlite ? "IS" : "IS NOT DISTINCT FROM"
        let sql = "SELECT \(idColumn) FROM \(move.table) WHERE " + columns.map { "\($0) \(same) ?" }.joined(separator: " AND ")
        guard let row = try to.fetchOne(sql: sql, arguments: SQLArguments(columns.map { values[$0] ?? .null })) else { return nil }
        return move.hasId ? row[0] : 0
    }

    /// A customer is the target's if one of their responses is there already
    /// (a rerun), or one of the group's customers (ids `upTo`) matches them as
    /// an import would: by phone, email, or name at the site. Anonymous
    /// customers match only through their responses.
    private static func customer(_ to: any SQLSession, _ values: [String: SQLValue], sourceRow: SQLRow, from: any SQLSession,
                                 upTo groupCustomers: Int64) throws -> Int64? {
        if let response = try from.fetchOne(String.self, sql: "SELECT external_id FROM response WHERE customer_id = ? LIMIT 1",
                                            arguments: [sourceRow["id"] as Int64]),
           let id = try to.fetchOne(Int64.self, sql: "SELECT customer_id FROM response WHERE external_id = ?", arguments: [response]) {
            return id
        }
        if case .integer(1) = values["anonymous"] ?? .null { return nil }
        for column in ["phone", "email"] {
            if case .text(let text) = values[column] ?? .null, !text.isEmpty,
               let id = try to.fetchOne(Int64.self, sql: "SELECT id FROM customer WHERE \(column) = ? AND id <= ? LIMIT 1",
                                        arguments: [text, groupCustomers]) {
                return id
            }
        }
        return try to.fetchOne(Int64.self, sql: "SELECT id FROM customer WHERE name = ? AND site_id = ? AND anonymous = 0 AND id <= ? LIMIT 1",
                               arguments: SQLArguments([values["name"] ?? .null, values["site_id"] ?? .null, .integer(groupCustomers)]))
    }
}

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
                    var chunk: [SQLRow] = []
                    func moveChunk() throws {
                        try Self.move(chunk, move, from: from, to: to, origin: origin, groupCustomers: groupCustomers, ids: &ids, count: &count)
                        chunk.removeAll(keepingCapacity: true)
                    }
                    try from.forEachRow(sql: "SELECT * FROM \(move.table)", arguments: []) { row in
                        chunk.append(row)
                        if chunk.count == Self.importChunkRows { try moveChunk() }
                    }
                    try moveChunk()
                    counts.append(count)
                }
                try Figures.markAll(to)
                try Figures.rebuildMarked(to)
                try Audit.record(to, at: now, actor: actor, action: ActionKind.manageUsers.rawValue, entity: "store", entityId: origin,
                                 before: nil, after: "moved in from \(origin): " + counts.map { "\($0.table) +\($0.added)" }.joined(separator: ", "))
                return counts
            }
        }
    }

    /// Moves a chunk of a table's rows: looked for in the target together and
    /// written together (on PostgreSQL a few round trips a chunk, not a few a row).
    private static func move(_ chunk: [SQLRow], _ move: TableMove, from: any SQLSession, to: any SQLSession, origin: String,
                             groupCustomers: Int64, ids: inout [String: [Int64: Int64]], count: inout MigrationCount) throws {
        guard !chunk.isEmpty else { return }
        let values = try chunk.map { try moved($0, move, ids: ids, origin: origin) }
        let found = try existing(to, move, values, sourceRows: chunk, from: from, groupCustomers: groupCustomers)
        let columns = values[0].keys.sorted()
        var added: [[SQLValue]] = []
        // Rows the site holds twice (the same key) are one row in the target, as a rerun finds them.
        var addedKeys: [String: Int64] = [:]
        for (index, row) in chunk.enumerated() {
            count.source += 1
            let key = move.key == nil ? nil : keyText(keyColumns(move, values[index]).map { values[index][$0] ?? .null })
            let targetId: Int64
            if let existing = found[index] ?? key.flatMap({ addedKeys[$0] }) {
                count.alreadyThere += 1
                targetId = existing
            } else {
                count.added += 1
                var new = values[index]
                targetId = move.hasId ? try to.nextId(move.table, ahead: chunk.count) : 0
                if move.hasId { new["id"] = .integer(targetId) }
                if let key { addedKeys[key] = targetId }
                added.append(columns.map { new[$0] ?? .null })
            }
            if move.hasId { ids[move.table, default: [:]][row["id"]] = targetId }
        }
        if move.table == "audit" {
            try Audit.append(to, columns: columns, rows: added)
        } else {
            try to.insertRows(into: move.table, columns: columns, added, conflict: "")
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
            // The entry joins the target's own chain, sealed and dated there.
            values["chain"] = nil
            values["written_at"] = nil
            if let table = MigrationPlan.auditEntities[row["entity"]], let old = Int64(row["entity_id"] as String), let new = ids[table]?[old] {
                values["entity_id"] = .text(String(new))
            }
        }
        return values
    }

    /// The columns a row is matched by: a contact with an id of its own by
    /// that id; without, by its customer, site, kind and time.
    private static func keyColumns(_ move: TableMove, _ values: [String: SQLValue]) -> [String] {
        guard let key = move.key else { return [] }
        return move.table == "contact" && values["external_id"] != .null ? ["external_id"] : key
    }

    /// Key values as one text, the same for the same values whichever engine
    /// read them (a whole number read as real or integer alike; NULL equal to NULL).
    private static func keyText(_ values: [SQLValue]) -> String {
        values.map { value -> String in
            switch value {
            case .null: "n"
            case .integer(let integer): "i\(integer)"
            case .real(let real): real.rounded() == real && abs(real) < 9e18 ? "i\(Int64(real))" : "r\(real)"
            case .text(let text): "t" + text
            case .blob(let data): "b" + data.base64EncodedString()
            }
        }.joined(separator: "\u{1F}")
    }

    /// The target's row that is each of these (its id, or 0 for tables
    /// without ids), if the target has it. Large tables are looked up a
    /// chunk at a time by their key's first column; the few rows of small
    /// tables (sites, names, settings: matched without regard to case where
    /// the schema says so) one by one.
    private static func existing(_ to: any SQLSession, _ move: TableMove, _ values: [[String: SQLValue]], sourceRows: [SQLRow],
                                 from: any SQLSession, groupCustomers: Int64) throws -> [Int64?] {
        guard move.key != nil else { return try customers(to, values, sourceRows: sourceRows, from: from, upTo: groupCustomers) }
        guard MigrationPlan.looksUpByChunk.contains(move.table) else { return try values.map { try existing(to, move, $0) } }
        var found = [Int64?](repeating: nil, count: values.count)
        var byColumns: [[String]: [Int]] = [:]
        for (index, row) in values.enumerated() { byColumns[keyColumns(move, row), default: []].append(index) }
        for (columns, rows) in byColumns {
            var texts: Set<String> = [], integers: Set<Int64> = []
            for index in rows {
                switch values[index][columns[0]] ?? .null {
                case .text(let text): texts.insert(text)
                case .integer(let integer): integers.insert(integer)
                default: found[index] = try existing(to, move, values[index])
                }
            }
            var stored: [String: Int64] = [:]
            for (list, type) in [(SQLValue.list(texts), SQLDialect.ListedType.text), (.list(integers), .integer)] where list != .text("[]") {
                try to.forEachRow(sql: """
                    SELECT \(move.hasId ? "id" : "0"), \(columns.joined(separator: ", ")) FROM \(move.table)
                    WHERE \(columns[0]) IN \(to.dialect.listed(type))
                    """, arguments: [list]) { row in
                    let key = keyText(Array(row.values.dropFirst()))
                    if stored[key] == nil { stored[key] = row[0] }
                }
            }
            for index in rows where found[index] == nil {
                found[index] = stored[keyText(columns.map { values[index][$0] ?? .null })]
            }
        }
        return found
    }

    /// The target's row that is this one, looked up by itself.
    private static func existing(_ to: any SQLSession, _ move: TableMove, _ values: [String: SQLValue]) throws -> Int64? {
        let columns = keyColumns(move, values)
        let sql = "SELECT \(move.hasId ? "id" : "0") FROM \(move.table) WHERE " + columns.map { "\($0) \(to.dialect.isNotDistinctFrom) ?" }.joined(separator: " AND ")
        return try to.fetchOne(sql: sql, arguments: SQLArguments(columns.map { values[$0] ?? .null })).map { $0[0] }
    }

    /// A customer is the target's if one of their responses is there already
    /// (a rerun), or one of the group's customers (ids `upTo`) matches them as
    /// an import would: by phone, email, or name at the site (the oldest
    /// first). Anonymous customers match only through their responses.
    private static func customers(_ to: any SQLSession, _ values: [[String: SQLValue]], sourceRows: [SQLRow], from: any SQLSession,
                                  upTo groupCustomers: Int64) throws -> [Int64?] {
        var response: [Int64: String] = [:]
        try from.forEachRow(sql: "SELECT customer_id, external_id FROM response WHERE customer_id IN \(from.dialect.listed(.integer))",
                            arguments: [SQLValue.list(sourceRows.map { $0["id"] as Int64 })]) { row in
            if response[row[0]] == nil { response[row[0]] = row[1] }
        }
        var moved: [String: Int64] = [:]
        try to.forEachRow(sql: "SELECT external_id, customer_id FROM response WHERE external_id IN \(to.dialect.listed(.text))",
                          arguments: [SQLValue.list(Set(response.values))]) { row in moved[row[0]] = row[1] }
        func texts(_ column: String) -> Set<String> {
            Set(values.compactMap { if case .text(let text) = $0[column] ?? .null, !text.isEmpty { text } else { nil } })
        }
        var byPhone: [String: Int64] = [:], byEmail: [String: Int64] = [:], byName: [String: Int64] = [:]
        try to.forEachRow(sql: "SELECT phone, id FROM customer WHERE phone IN \(to.dialect.listed(.text)) AND id <= ? ORDER BY id",
                          arguments: [SQLValue.list(texts("phone")), SQLValue.integer(groupCustomers)]) { row in
            if byPhone[row[0]] == nil { byPhone[row[0]] = row[1] }
        }
        try to.forEachRow(sql: "SELECT email, id FROM customer WHERE email IN \(to.dialect.listed(.text)) AND id <= ? ORDER BY id",
                          arguments: [SQLValue.list(texts("email")), SQLValue.integer(groupCustomers)]) { row in
            if byEmail[row[0]] == nil { byEmail[row[0]] = row[1] }
        }
        try to.forEachRow(sql: """
            SELECT name, site_id, id FROM customer WHERE name IN \(to.dialect.listed(.text)) AND anonymous = 0 AND id <= ? ORDER BY id
            """, arguments: [SQLValue.list(texts("name")), SQLValue.integer(groupCustomers)]) { row in
            let key = keyText([row.values[0], row.values[1]])
            if byName[key] == nil { byName[key] = row[2] }
        }
        return zip(values, sourceRows).map { values, source -> Int64? in
            if let external = response[source["id"]], let id = moved[external] { return id }
            if case .integer(1) = values["anonymous"] ?? .null { return nil }
            if case .text(let phone) = values["phone"] ?? .null, let id = byPhone[phone] { return id }
            if case .text(let email) = values["email"] ?? .null, let id = byEmail[email] { return id }
            return byName[keyText([values["name"] ?? .null, values["site_id"] ?? .null])]
        }
    }
}

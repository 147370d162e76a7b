import Foundation

/// The audit's chain: each entry's `chain` is the SHA-256, in hex, of the
/// entry before it (its chain; nothing for the first) and of its own
/// content, so an entry changed, removed or slipped in afterwards breaks
/// every link after it. On PostgreSQL the server seals each entry as it is
/// written (`gapdesk_audit_seal`, which computes exactly this); on SQLite the
/// writer seals its entries before it commits. Whoever can write the file or
/// own the tables can still rewrite the whole chain: the head (the last
/// entry's number and chain, printed by `report audit` and the meeting
/// document) shows such a rewrite against any copy printed before it.
enum AuditChain {
    struct Entry: Decodable {
        var id: Int64, at: Int64, actor: String?, action: String?, entity: String?, entityId: String?, before: String?, after: String?
        /// When it was written (entries from before schema 13 have none).
        var writtenAt: Int64?
        var chain: String?
    }

    static let columns = "id, at, actor, action, entity, entity_id, before, after, written_at, chain"

    /// The chain of `entry`, which follows an entry whose chain is `previous`.
    static func link(previous: String, _ entry: Entry) -> String {
        func field(_ text: String?) -> String { text.map { "\($0.utf8.count):\($0)" } ?? "-" }
        return SHA256.hex(([previous, String(entry.id), String(entry.at), field(entry.actor), field(entry.action), field(entry.entity),
                            field(entry.entityId), field(entry.before), field(entry.after)] + (entry.writtenAt.map { [String($0)] } ?? []))
            .joined(separator: "\n"))
    }

    /// Seals, in order, the entries not sealed yet.
    static func seal(_ db: any SQLSession) throws {
        guard let first = try db.fetchOne(Int64.self, sql: "SELECT min(id) FROM audit WHERE chain IS NULL") else { return }
        var previous = try db.fetchOne(String.self, sql: "SELECT chain FROM audit WHERE id < ? ORDER BY id DESC LIMIT 1", arguments: [first]) ?? ""
        let entries = try db.fetchAll(records: Entry.self, sql: "SELECT \(columns) FROM audit WHERE id >= ? ORDER BY id", arguments: [first])
        let update = try db.prepare("UPDATE audit SET chain = ? WHERE id = ?")
        for entry in entries {
            if let chain = entry.chain {
                previous = chain
                continue
            }
            previous = link(previous: previous, entry)
            update.bind(1, previous)
            update.bind(2, entry.id)
            try update.run()
        }
    }

    /// The last entry: its number and the start of its chain, to print.
    struct Head: Equatable, Sendable {
        public var entry: Int64
        public var chain: String
        public var short: String { String(chain.prefix(12)) }
    }

    /// What walking the whole chain found.
    struct Walk {
        var entries = 0
        var head: Head?
        /// The first entry that does not follow the one before, and how.
        var broken: (entry: Int64, reason: String)?
    }

    /// Walks every entry in order, recomputing each link.
    static func walk(_ db: any SQLSession) throws -> Walk {
        var walk = Walk()
        var previous = ""
        try db.scan(sql: "SELECT \(columns) FROM audit ORDER BY id", arguments: []) { row in
            // By position: a store's audit has an entry for everything ever done.
            let entry = Entry(id: row[0], at: row[1], actor: row[2], action: row[3], entity: row[4], entityId: row[5], before: row[6],
                              after: row[7], writtenAt: row[8], chain: row[9])
            walk.entries += 1
            let expected = link(previous: previous, entry)
            if walk.broken == nil, entry.chain != expected {
                walk.broken = (entry.id, entry.chain == nil ? "it carries no chain" : "its chain is not the hash of its content and the entry before")
            }
            previous = entry.chain ?? expected
            walk.head = Head(entry: entry.id, chain: previous)
        }
        return walk
    }
}

/// Rows recorded and not yet written: they carry ids given ahead
/// (`SQLSession.nextId`), so they refer to each other before any is written,
/// and `write` sends each table's rows at once (`SQLSession.insertRows`).
/// The import's path, and the demo's.
struct PendingRows {
    /// A table and the columns its rows give; `conflict` as `insertRows` takes it.
    struct Table: Hashable {
        let name: String
        let columns: [String]
        var conflict = ""

        // A table is its name (hashing the columns too cost an import a few percent: a row per add).
        static func == (a: Table, b: Table) -> Bool { a.name == b.name }
        func hash(into hasher: inout Hasher) { hasher.combine(name) }
    }

    /// The tables in the order they are written: each refers only to those before it.
    private let order: [Table]
    private var rows: [Table: [[SQLValue]]] = [:]

    init(_ order: [Table]) { self.order = order }

    /// A row, its values in the order of `table.columns`.
    mutating func add(_ table: Table, _ values: [SQLValue]) {
        precondition(values.count == table.columns.count, "a value for each of \(table.name)'s columns")
        rows[table, default: []].append(values)
    }

    /// A row whose first column is its id, given ahead; answers the id.
    /// `values` makes the row from its id (one array a row, not two).
    mutating func add(_ table: Table, in db: any SQLSession, ahead: Int, _ values: (SQLValue) -> [SQLValue]) throws -> Int64 {
        let id = try db.nextId(table.name, ahead: ahead)
        add(table, values(.integer(id)))
        return id
    }

    /// Writes every table's rows, in order, and empties the tables.
    mutating func write(_ db: any SQLSession) throws {
        for table in order {
            guard let rows = rows[table], !rows.isEmpty else { continue }
            try db.insertRows(into: table.name, columns: table.columns, rows, conflict: table.conflict)
        }
        rows.removeAll(keepingCapacity: true)
    }
}

extension PendingRows.Table {
    // What recording a response or a contact writes (see `ResponseInserter`).
    static let customer = Self(name: "customer", columns: ["id", "name", "phone", "email", "value", "site_id", "anonymous"])
    static let contact = Self(name: "contact", columns: ["id", "kind", "site_id", "staff_id", "customer_id", "occurred_at", "summary",
                                                         "external_id", "content_hash", "import_run_id", "source_line", "given_name"])
    static let response = Self(name: "response", columns: ["id", "external_id", "contact_id", "customer_id", "site_id", "staff_id", "scale",
                                                           "rating", "shortfall", "critical", "comment", "channel", "received_at",
                                                           "content_hash", "import_run_id", "source_line"])
    static let responseCause = Self(name: "response_cause", columns: ["response_id", "cause_id", "received_at", "tagged_at", "tagged_by"],
                                    conflict: "ON CONFLICT DO NOTHING")
    static let callback = Self(name: "callback", columns: ["id", "response_id", "created_at", "first_due_at", "due_at"])
}

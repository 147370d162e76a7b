/// The rows an inserter has recorded and not yet written: they carry ids
/// given ahead (`SQLSession.nextId`), so they refer to each other before any
/// is written, and `write` sends each table's rows at once.
struct PendingRows {
    private var tables: [Table: [[SQLValue]]] = [:]

    /// In the order they are written: each refers only to those before it.
    enum Table: String, CaseIterable {
        case customer, contact, response, responseCause = "response_cause", callback

        var columns: [String] {
            switch self {
            case .customer: ["id", "name", "phone", "email", "value", "site_id", "anonymous"]
            case .contact: ["id", "kind", "site_id", "staff_id", "customer_id", "occurred_at", "summary", "external_id", "content_hash",
                            "import_run_id", "source_line"]
            case .response: ["id", "external_id", "contact_id", "customer_id", "site_id", "staff_id", "scale", "rating", "shortfall",
                             "critical", "comment", "channel", "received_at", "content_hash", "import_run_id", "source_line"]
            case .responseCause: ["response_id", "cause_id", "tagged_at", "tagged_by"]
            case .callback: ["id", "response_id", "created_at", "first_due_at", "due_at"]
            }
        }
    }

    /// A row, its values in the order of `table.columns`.
    mutating func add(_ table: Table, _ values: SQLArguments) {
        precondition(values.values.count == table.columns.count, "a value for each of \(table)'s columns")
        tables[table, default: []].append(values.values)
    }

    /// Writes every table's rows, in order, and empties the tables.
    mutating func write(_ db: any SQLSession) throws {
        for table in Table.allCases {
            guard let rows = tables[table], !rows.isEmpty else { continue }
            try db.insertRows(into: table.rawValue, columns: table.columns, rows, conflict: "")
        }
        tables.removeAll(keepingCapacity: true)
    }
}

/// How each table moves from one store to another: what identifies a row in
/// both (so a rerun adds nothing and sites and customers merge), and which
/// columns point at rows of other tables (their ids change on the way).
/// The daily summaries are not moved: the target recounts them.
struct TableMove {
    let table: String
    /// Columns that identify a row in both stores; nil for customers (see `Migration`).
    let key: [String]?
    /// Column → the table whose ids it holds.
    let references: [String: String]
    /// Whether rows have an `id` the moved rows' references follow.
    var hasId = true
}

enum MigrationPlan {
    /// In an order where every table comes after those it points at.
    static let moves: [TableMove] = [
        TableMove(table: "site", key: ["name"], references: [:]),
        TableMove(table: "staff", key: ["site_id", "name"], references: ["site_id": "site"]),
        TableMove(table: "import_run", key: ["source", "started_at", "actor"], references: [:]),
        TableMove(table: "customer", key: nil, references: ["site_id": "site"]),
        TableMove(table: "contact", key: ["customer_id", "site_id", "kind", "occurred_at", "external_id"],
                  references: ["site_id": "site", "staff_id": "staff", "customer_id": "customer", "import_run_id": "import_run"]),
        TableMove(table: "response", key: ["external_id"],
                  references: ["contact_id": "contact", "customer_id": "customer", "site_id": "site", "staff_id": "staff",
                               "import_run_id": "import_run"]),
        TableMove(table: "root_cause", key: ["name"], references: [:]),
        TableMove(table: "fix", key: ["cause_id"], references: ["cause_id": "root_cause"], hasId: false),
        TableMove(table: "response_cause", key: ["response_id", "cause_id"], references: ["response_id": "response", "cause_id": "root_cause"],
                  hasId: false),
        TableMove(table: "callback", key: ["response_id"], references: ["response_id": "response"]),
        TableMove(table: "call_attempt", key: ["callback_id", "made_at", "made_by", "outcome"], references: ["callback_id": "callback"]),
        TableMove(table: "guarantee", key: ["response_id", "invoked_at", "amount"], references: ["response_id": "response", "callback_id": "callback"]),
        TableMove(table: "followup", key: ["cause_id", "customer_id"],
                  references: ["cause_id": "root_cause", "customer_id": "customer", "response_id": "response"]),
        TableMove(table: "app_user", key: ["account"], references: [:], hasId: false),
        TableMove(table: "app_user_site", key: ["account", "site_id"], references: ["site_id": "site"], hasId: false),
        TableMove(table: "setting", key: ["key"], references: [:], hasId: false),
        TableMove(table: "audit", key: ["at", "action", "entity", "entity_id", "after"], references: [:]),
    ]

    /// The tables with a row per response or more, looked up a chunk at a
    /// time; their keys compare exactly (no column ignores case).
    static let looksUpByChunk: Set<String> = ["contact", "response", "response_cause", "callback", "call_attempt", "guarantee", "audit"]

    /// Which table an audit entry's `entity_id` names a row of.
    static let auditEntities = ["callback": "callback", "response": "response", "fix": "root_cause", "followup": "followup"]
}

/// Reads the store's upkeep makes across every site, whoever is writing: the
/// next contact that makes a return, a customer's latest day with a gap, the
/// customers a new row matches, the ids already stored, the median customer
/// value. They answer dates, ids, numbers and the names of customers the login
/// sees; never a comment.
///
/// On SQLite they are plain queries. On PostgreSQL an account limited to
/// some sites does not see the others' rows (row-level security), so each is
/// a function of the schema that runs as the store's owner (SECURITY
/// DEFINER), the same query limited to the customers the login sees.
enum UpkeepRead: String, CaseIterable {
    case nextContact = "next_contact"
    case lastTagged = "last_tagged"
    case valuedCustomers = "valued_customers"
    case middleValues = "middle_values"
    case customersByPhone = "customers_by_phone"
    case customersByEmail = "customers_by_email"
    case customersByName = "customers_by_name"
    case storedResponses = "stored_responses"
    case storedContacts = "stored_contacts"
    case contactTimes = "contact_times"

    /// The query, with `?` for its arguments in order.
    func query(_ dialect: SQLDialect) -> String {
        switch self {
        case .nextContact: "SELECT min(occurred_at) FROM contact WHERE customer_id = ? AND occurred_at > ?"
        case .lastTagged:
            "SELECT max(r.received_at) FROM response r\(dialect.indexedBy("response_by_customer")) "
                + "JOIN response_cause x ON x.response_id = r.id AND x.cause_id = ? WHERE r.customer_id = ? AND r.critical = 1"
        case .valuedCustomers: "SELECT count(*) FROM customer WHERE value > 0"
        case .middleValues: "SELECT value FROM customer WHERE value > 0 ORDER BY value LIMIT ? OFFSET ?"
        // A batch's keys at once (a JSON array, see `SQLDialect.keyTable`); where several customers share a key the
        // reader keeps the oldest.
        case .customersByPhone: "SELECT c.phone, c.id, c.value, c.name FROM \(dialect.keyTable(.text)) CROSS JOIN customer c WHERE c.phone = k.value"
        case .customersByEmail: "SELECT c.email, c.id, c.value, c.name FROM \(dialect.keyTable(.text)) CROSS JOIN customer c WHERE c.email = k.value"
        case .customersByName: "SELECT c.name, c.site_id, c.id, c.value FROM \(dialect.keyTable(.text)) CROSS JOIN customer c WHERE c.name = k.value"
        case .storedResponses:
            "SELECT r.external_id, r.content_hash, r.import_run_id, r.source_line FROM \(dialect.keyTable(.text)) "
                + "CROSS JOIN response r WHERE r.external_id = k.value"
        case .storedContacts:
            "SELECT c.external_id, c.content_hash, c.import_run_id, c.source_line FROM \(dialect.keyTable(.text)) "
                + "CROSS JOIN contact c WHERE c.external_id = k.value"
        case .contactTimes:
            "SELECT c.customer_id, c.occurred_at FROM \(dialect.keyTable(.integer)) CROSS JOIN contact c WHERE c.customer_id = k.value"
        }
    }

    /// How many arguments the PostgreSQL function takes.
    private var arity: Int {
        switch self {
        case .valuedCustomers: 0
        case .nextContact, .lastTagged, .middleValues: 2
        case .customersByPhone, .customersByEmail, .customersByName, .storedResponses, .storedContacts, .contactTimes: 1
        }
    }

    /// What a session runs for this read.
    func sql(_ dialect: SQLDialect) -> String {
        guard dialect.engine == .postgres else { return query(dialect) }
        return "SELECT * FROM gapdesk_\(rawValue)(\(Array(repeating: "?", count: arity).joined(separator: ", ")))"
    }
}

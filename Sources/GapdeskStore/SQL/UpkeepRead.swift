/// Reads the store's upkeep makes across every site, whoever is writing: the
/// next contact that makes a return, a customer's latest day with a gap, the
/// customers a new row matches, the ids already stored, the median customer
/// value. They answer dates, ids and numbers, never a name or a comment.
///
/// On SQLite they are plain queries. On PostgreSQL an account limited to
/// some sites does not see the others' rows (row-level security), so each is
/// a function that runs as the store's owner (SECURITY DEFINER), made from
/// the same query: figures stay the whole team's, and nothing more is shown.
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
        // A batch's keys at once (a JSON array, see `SQLDialect.listed`), oldest customer first.
        case .customersByPhone: "SELECT phone, id, value FROM customer WHERE phone IN \(dialect.listed(.text)) ORDER BY id"
        case .customersByEmail: "SELECT email, id, value FROM customer WHERE email IN \(dialect.listed(.text)) ORDER BY id"
        case .customersByName: "SELECT name, site_id, id, value FROM customer WHERE name IN \(dialect.listed(.text)) ORDER BY id"
        case .storedResponses:
            "SELECT external_id, content_hash, import_run_id, source_line FROM response WHERE external_id IN \(dialect.listed(.text))"
        case .storedContacts:
            "SELECT external_id, content_hash, import_run_id, source_line FROM contact WHERE external_id IN \(dialect.listed(.text))"
        case .contactTimes: "SELECT customer_id, occurred_at FROM contact WHERE customer_id IN \(dialect.listed(.integer))"
        }
    }

    /// The PostgreSQL function's arguments and result.
    private var signature: (arguments: String, result: String) {
        switch self {
        case .nextContact: ("bigint, bigint", "bigint")
        case .lastTagged: ("bigint, bigint", "bigint")
        case .valuedCustomers: ("", "bigint")
        case .middleValues: ("bigint, bigint", "SETOF double precision")
        case .customersByPhone, .customersByEmail: ("json", "TABLE(key text, id bigint, value double precision)")
        case .customersByName: ("json", "TABLE(name text, site_id bigint, id bigint, value double precision)")
        case .storedResponses, .storedContacts:
            ("json", "TABLE(external_id text, content_hash bigint, import_run_id bigint, source_line bigint)")
        case .contactTimes: ("json", "TABLE(customer_id bigint, occurred_at bigint)")
        }
    }

    private var arity: Int { signature.arguments.isEmpty ? 0 : signature.arguments.split(separator: ",").count }

    /// What a session runs for this read.
    func sql(_ dialect: SQLDialect) -> String {
        guard dialect.engine == .postgres else { return query(dialect) }
        return "SELECT * FROM gapdesk_\(rawValue)(\(Array(repeating: "?", count: arity).joined(separator: ", ")))"
    }

    /// The function's definition on PostgreSQL, from the same query.
    var definition: String {
        """
        CREATE FUNCTION gapdesk_\(rawValue)(\(signature.arguments)) RETURNS \(signature.result) LANGUAGE sql STABLE SECURITY DEFINER
        SET search_path = public, pg_temp AS $$ \(SQLPlaceholders.replace(query(.postgres)) { "$\($0 + 1)" }) $$;
        """
    }
}

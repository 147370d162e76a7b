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
    case customerByPhone = "customer_by_phone"
    case customerByEmail = "customer_by_email"
    case customerByName = "customer_by_name"
    case storedResponse = "stored_response"
    case storedContact = "stored_contact"

    /// The query, with `?` for its arguments in order.
    func query(_ dialect: SQLDialect) -> String {
        switch self {
        case .nextContact: "SELECT min(occurred_at) FROM contact WHERE customer_id = ? AND occurred_at > ?"
        case .lastTagged:
            "SELECT max(r.received_at) FROM response r\(dialect.indexedBy("response_by_customer")) "
                + "JOIN response_cause x ON x.response_id = r.id AND x.cause_id = ? WHERE r.customer_id = ? AND r.critical = 1"
        case .valuedCustomers: "SELECT count(*) FROM customer WHERE value > 0"
        case .middleValues: "SELECT value FROM customer WHERE value > 0 ORDER BY value LIMIT ? OFFSET ?"
        case .customerByPhone: "SELECT id, value FROM customer WHERE phone = ? LIMIT 1"
        case .customerByEmail: "SELECT id, value FROM customer WHERE email = ? LIMIT 1"
        case .customerByName: "SELECT id, value FROM customer WHERE name = ? AND site_id = ? LIMIT 1"
        case .storedResponse: "SELECT content_hash, import_run_id, source_line FROM response WHERE external_id = ?"
        case .storedContact: "SELECT content_hash, import_run_id, source_line FROM contact WHERE external_id = ?"
        }
    }

    /// The PostgreSQL function's arguments and result.
    private var signature: (arguments: String, result: String) {
        switch self {
        case .nextContact: ("bigint, bigint", "bigint")
        case .lastTagged: ("bigint, bigint", "bigint")
        case .valuedCustomers: ("", "bigint")
        case .middleValues: ("bigint, bigint", "SETOF double precision")
        case .customerByPhone, .customerByEmail: ("text", "TABLE(id bigint, value double precision)")
        case .customerByName: ("text, bigint", "TABLE(id bigint, value double precision)")
        case .storedResponse, .storedContact: ("text", "TABLE(content_hash bigint, import_run_id bigint, source_line bigint)")
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

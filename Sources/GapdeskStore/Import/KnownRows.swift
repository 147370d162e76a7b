/// What the store holds for the rows an inserter is about to record, read a
/// batch at a time (a few queries per batch, not a few per row: on
/// PostgreSQL each is a round trip), and kept current with what the
/// transaction records, so a later row matches what an earlier one created.
struct KnownRows {
    struct Stored { var hash: Int64?; var run: Int64?; var line: Int64? }
    /// A customer as stored: its name is what a row that matches it by phone or email is compared with.
    struct Customer { var id: Int64; var value: Double?; var name: String }
    struct NameKey: Hashable { var name: String; var siteId: Int64 }

    private(set) var responses: [String: Stored] = [:]
    private(set) var contacts: [String: Stored] = [:]
    private(set) var byPhone: [String: Customer] = [:]
    private(set) var byEmail: [String: Customer] = [:]
    private(set) var byName: [NameKey: Customer] = [:]

    /// Reads the stored ids and the customers `rows` may match. Every row is
    /// looked up before it is recorded: a key missing afterwards is not stored.
    mutating func lookUp(_ rows: some Collection<PreparedRow>, in db: any SQLSession) throws {
        var responseIds = Set<String>(minimumCapacity: rows.count), phones = Set<String>(minimumCapacity: rows.count)
        var contactIds: Set<String> = [], emails: Set<String> = [], names: Set<String> = []
        for prepared in rows {
            let identity = prepared.identity
            if let id = prepared.row.externalId {
                if case .contact = prepared.row { if contacts[id] == nil { contactIds.insert(id) } } else if responses[id] == nil { responseIds.insert(id) }
            }
            // A key read before in this transaction is still what the store holds: only this transaction writes.
            if let phone = identity.matchPhone, byPhone[phone] == nil { phones.insert(phone) }
            if identity.matchedByName { names.insert(identity.name) }
        }
        func read(_ query: UpkeepRead, _ keys: Set<String>, _ body: (SQLRow) -> Void) throws {
            guard !keys.isEmpty else { return }
            try db.forEachRow(sql: query.sql(db.dialect), arguments: [SQLValue.list(keys)], body)
        }
        try read(.storedResponses, responseIds) { responses[$0[0]] = Stored(hash: $0[1], run: $0[2], line: $0[3]) }
        try read(.storedContacts, contactIds) { contacts[$0[0]] = Stored(hash: $0[1], run: $0[2], line: $0[3]) }
        try read(.customersByPhone, phones) { Self.keep(Customer(id: $0[1], value: $0[2], name: $0[3]), for: $0[0] as String, in: &byPhone) }
        // A customer is matched by phone first: the email matters only to a row whose phone matches nobody.
        for identity in rows.lazy.map(\.identity) where identity.matchPhone.flatMap({ byPhone[$0] }) == nil {
            if let email = identity.matchEmail, byEmail[email] == nil { emails.insert(email) }
        }
        try read(.customersByEmail, emails) { Self.keep(Customer(id: $0[1], value: $0[2], name: $0[3]), for: $0[0] as String, in: &byEmail) }
        try read(.customersByName, names) { Self.keep(Customer(id: $0[2], value: $0[3], name: $0[0]), for: NameKey(name: $0[0], siteId: $0[1]), in: &byName) }
    }

    /// Several customers can share a key (merged stores, or a name at a site):
    /// the oldest is the one matched, as it always was.
    private static func keep<Key: Hashable>(_ customer: Customer, for key: Key, in known: inout [Key: Customer]) {
        if let held = known[key], held.id <= customer.id { return }
        known[key] = customer
    }

    /// What a later transaction may start from: the customers, whose number
    /// is bounded by the store's, not the file's (ids are read a batch at a time again).
    var customersOnly: KnownRows {
        var kept = self
        kept.responses = [:]
        kept.contacts = [:]
        return kept
    }

    var customerCount: Int { byPhone.count + byEmail.count + byName.count }

    mutating func recorded(response id: String, _ stored: Stored) { responses[id] = stored }
    mutating func recorded(contact id: String, _ stored: Stored) { contacts[id] = stored }

    /// A customer this transaction created, matched by later rows as the store would match it.
    mutating func created(_ customer: Customer, _ identity: CustomerIdentity, siteId: Int64) {
        if let phone = identity.matchPhone { Self.keep(customer, for: phone, in: &byPhone) }
        if let email = identity.matchEmail { Self.keep(customer, for: email, in: &byEmail) }
        Self.keep(customer, for: NameKey(name: identity.storedName, siteId: siteId), in: &byName)
    }
}

import GapdeskDomain

/// How much of the business the feedback covers (see `Coverage`):
/// - `rated_visit`: each customer, site and UTC day that feedback is about
///   (its contact's day, else the day it arrived);
/// - `contact_day`: contacts per UTC day, site, staff member (0: none named)
///   and kind, with how many were rated: their visit is in `rated_visit`.
/// Contacts and responses never change once recorded, so the writes that add
/// them keep both current: a contact counts itself, rated if its visit is
/// known; a response whose visit is new makes every contact already at that
/// visit rated. Coverage then reads a row per day and group, at any store size.
struct CoverageSummary {
    struct Key: Hashable, Comparable {
        var day: Int64, siteId: Int64, staffId: Int64, kind: String
        static func < (a: Key, b: Key) -> Bool { (a.day, a.siteId, a.staffId, a.kind) < (b.day, b.siteId, b.staffId, b.kind) }
    }

    struct Visit: Hashable {
        var customerId: Int64, siteId: Int64, day: Int64
    }

    private struct Counts: Equatable { var contacts = 0, rated = 0 }
    private var contacts: [(id: Int64, visit: Visit, key: Key)] = []
    private var visits: Set<Visit> = []

    mutating func contactRecorded(id: Int64, customerId: Int64, siteId: Int64, staffId: Int64?, kind: String, occurredAt: Int64) {
        let day = UTCDay.of(epochSeconds: occurredAt)
        contacts.append((id, Visit(customerId: customerId, siteId: siteId, day: day), Key(day: day, siteId: siteId, staffId: staffId ?? 0, kind: kind)))
    }

    /// A response about `contactAt` (its contact's time, else its arrival).
    mutating func responseRecorded(customerId: Int64, siteId: Int64, contactAt: Int64) {
        visits.insert(Visit(customerId: customerId, siteId: siteId, day: UTCDay.of(epochSeconds: contactAt)))
    }

    /// Once the rows are written: the visits that are new, and what they and the new contacts add.
    mutating func apply(_ db: any SQLSession) throws {
        defer { contacts = []; visits = [] }
        guard !contacts.isEmpty || !visits.isEmpty else { return }
        let customers = Set(visits.map(\.customerId)).union(contacts.map(\.visit.customerId))
        var known = Set<Visit>()
        try db.forEachRow(sql: "SELECT v.customer_id, v.site_id, v.day FROM \(db.dialect.keyTable(.integer)) CROSS JOIN rated_visit v WHERE v.customer_id = k.value",
                          arguments: [SQLValue.list(customers)]) { row in
            known.insert(Visit(customerId: row[0], siteId: row[1], day: row[2]))
        }
        let fresh = visits.subtracting(known)
        try db.insertRows(into: "rated_visit", columns: ["customer_id", "site_id", "day"],
                          fresh.map { [.integer($0.customerId), .integer($0.siteId), .integer($0.day)] }, conflict: "ON CONFLICT DO NOTHING")
        var counts: [Key: Counts] = [:]
        for contact in contacts {
            counts[contact.key, default: Counts()].contacts += 1
            if known.contains(contact.visit) || fresh.contains(contact.visit) { counts[contact.key]!.rated += 1 }
        }
        if !fresh.isEmpty {
            // The contacts stored before these rows at a visit that is rated now.
            let written = Set(contacts.map(\.id))
            try db.forEachRow(sql: """
                SELECT c.id, c.customer_id, c.site_id, coalesce(c.staff_id, 0), c.kind, c.occurred_at
                FROM \(db.dialect.keyTable(.integer)) CROSS JOIN contact c WHERE c.customer_id = k.value
                """, arguments: [SQLValue.list(Set(fresh.map(\.customerId)))]) { row in
                let id: Int64 = row[0], day = UTCDay.of(epochSeconds: row[5])
                guard !written.contains(id), fresh.contains(Visit(customerId: row[1], siteId: row[2], day: day)) else { return }
                counts[Key(day: day, siteId: row[2], staffId: row[3], kind: row[4]), default: Counts()].rated += 1
            }
        }
        try db.insertRows(into: "contact_day", columns: ["day", "site_id", "staff_id", "kind", "contacts", "rated"], counts.map { key, count in
            [.integer(key.day), .integer(key.siteId), .integer(key.staffId), .text(key.kind), .integer(Int64(count.contacts)), .integer(Int64(count.rated))]
        }, conflict: """
            ON CONFLICT(day, site_id, staff_id, kind) DO UPDATE SET contacts = contact_day.contacts + excluded.contacts,
                rated = contact_day.rated + excluded.rated
            """)
    }

    /// The visits feedback is about, counted from the responses.
    static let visitsCounted = """
        SELECT DISTINCT r.customer_id, r.site_id, coalesce(c.occurred_at, r.received_at) / 86400 AS day
        FROM response r LEFT JOIN contact c ON c.id = r.contact_id
        """

    /// The contacts by day and group, counted from the contacts and the visits rated.
    static let contactsCounted = """
        SELECT c.occurred_at / 86400 AS day, c.site_id, coalesce(c.staff_id, 0) AS staff_id, c.kind, count(*) AS contacts, count(v.day) AS rated
        FROM contact c LEFT JOIN rated_visit v ON v.customer_id = c.customer_id AND v.site_id = c.site_id AND v.day = c.occurred_at / 86400
        GROUP BY 1, 2, 3, 4
        """
}

extension CoverageSummary: DailyFigure {
    static let name = "coverage"
    static let tables = ["rated_visit", "contact_day"]

    /// It counts every contact and response, whatever the settings.
    static func counts(setting key: String) -> Bool { false }

    static func rebuild(_ db: any SQLSession) throws {
        try db.execute(sql: "DELETE FROM rated_visit")
        try db.execute(sql: "INSERT INTO rated_visit(customer_id, site_id, day) \(visitsCounted)")
        try db.execute(sql: "DELETE FROM contact_day")
        try db.execute(sql: "INSERT INTO contact_day(day, site_id, staff_id, kind, contacts, rated) \(contactsCounted)")
    }

    static func verify(_ db: any SQLSession) throws -> FigureDifference? {
        // A visit held that no response is about, then one a response is about that is not held.
        let stored = "SELECT customer_id, site_id, day FROM rated_visit"
        for (left, right, held) in [(stored, visitsCounted, true), (visitsCounted, stored, false)] {
            let sql = "SELECT customer_id, site_id, day FROM (\(left)) AS a EXCEPT SELECT customer_id, site_id, day FROM (\(right)) AS b LIMIT 1"
            if let row = try db.fetchOne(sql: sql) {
                let (customer, site, day): (Int64, Int64, Int64) = (row[0], row[1], row[2])
                return FigureDifference(figure: name, table: "rated_visit", key: "customer \(customer), site \(site), \(FigureComparison.day(day))",
                                        stored: held ? "rated" : nil, recounted: held ? nil : "rated")
            }
        }
        func read(_ sql: String) throws -> [Key: Counts] {
            var counts: [Key: Counts] = [:]
            try db.scan(sql: sql, arguments: []) { row in
                counts[Key(day: row[0], siteId: row[1], staffId: row[2], kind: row[3])] = Counts(contacts: row[4], rated: row[5])
            }
            return counts
        }
        return FigureComparison.first(name, "contact_day", stored: try read("SELECT day, site_id, staff_id, kind, contacts, rated FROM contact_day"),
                                      recounted: try read(contactsCounted),
                                      describe: { "\(FigureComparison.day($0.day)), site \($0.siteId), staff \($0.staffId), \($0.kind)" },
                                      words: { "contacts \($0.contacts), rated \($0.rated)" })
    }
}

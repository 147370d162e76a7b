import Foundation
import GRDB
import GapdeskDomain

/// A response to record: one phoned-in comment, or one row of an import.
public struct NewResponse: Sendable {
    public var externalId: String?
    public var customer: String
    public var phone: String?
    public var email: String?
    public var customerValue: Double?
    public var site: String
    public var staff: String?
    public var contactKind: ContactKind
    public var contactAt: Date?
    public var scale: RatingScale
    public var rating: Int
    public var comment: String
    public var channel: String
    public var receivedAt: Date
    public var tags: [String]

    public init(externalId: String? = nil, customer: String, phone: String? = nil, email: String? = nil,
                customerValue: Double? = nil, site: String, staff: String? = nil, contactKind: ContactKind = .service,
                contactAt: Date? = nil, scale: RatingScale, rating: Int, comment: String = "", channel: String = "phone",
                receivedAt: Date, tags: [String] = []) {
        self.externalId = externalId; self.customer = customer; self.phone = phone; self.email = email
        self.customerValue = customerValue; self.site = site; self.staff = staff; self.contactKind = contactKind
        self.contactAt = contactAt; self.scale = scale; self.rating = rating; self.comment = comment
        self.channel = channel; self.receivedAt = receivedAt; self.tags = tags
    }
}

/// What recording a response did.
public struct RecordedResponse: Sendable, Equatable {
    public var responseId: Int64
    public var callbackId: Int64?
    public var dueAt: Date?
    public var critical: Bool
}

extension Store {
    /// Records one response with its customer, site and staff (matched or
    /// created), its contact, its callback when critical, and its tags.
    public func addResponse(_ new: NewResponse, by actor: String, at now: Date) throws -> RecordedResponse {
        guard new.scale.contains(new.rating) else {
            throw ActionRefusal.invalid("A rating of \(new.rating) is outside the \(new.scale.code) scale (\(new.scale.bottom) to \(new.scale.top)).")
        }
        guard !new.customer.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ActionRefusal.invalid("A response needs the customer's name.")
        }
        guard !new.site.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ActionRefusal.invalid("A response needs a site.")
        }
        return try write { db in
            let recorded = try Self.insertResponse(db, new, actor: actor, settings: try Self.teamSettings(db))
            try Audit.record(db, at: now, actor: actor, action: ActionKind.addResponse.rawValue, entity: "response",
                             entityId: String(recorded.responseId), before: nil,
                             after: "\(new.customer): \(new.rating)/\(new.scale.top) at \(new.site)")
            return recorded
        }
    }

    /// What inserting created besides the response itself.
    struct Created {
        var customer = false, site = false, staff = false
    }

    static func insertResponse(_ db: Database, _ new: NewResponse, actor: String, settings: TeamSettings) throws -> RecordedResponse {
        var created = Created()
        return try insertResponse(db, new, actor: actor, settings: settings, created: &created)
    }

    static func insertResponse(_ db: Database, _ new: NewResponse, actor: String, settings: TeamSettings,
                               created: inout Created) throws -> RecordedResponse {
        let site = try findOrCreateSite(db, name: new.site, created: &created.site)
        let staffId = try new.staff.flatMap { $0.isEmpty ? nil : $0 }.map { try findOrCreateStaff(db, name: $0, siteId: site.id, created: &created.staff) }
        let customerId = try findOrCreateCustomer(db, new, siteId: site.id, created: &created.customer)
        try db.cachedStatement(sql: "INSERT INTO contact(kind, site_id, staff_id, customer_id, occurred_at, summary) VALUES (?, ?, ?, ?, ?, '')")
            .execute(arguments: [new.contactKind.rawValue, site.id, staffId, customerId, (new.contactAt ?? new.receivedAt).epochSeconds])
        let contactId = db.lastInsertedRowID
        let critical = settings.criticalRule.isCritical(new.rating, on: new.scale)
        let externalId = new.externalId ?? "manual-\(UUID().uuidString.lowercased())"
        try db.cachedStatement(sql: """
            INSERT INTO response(external_id, contact_id, customer_id, site_id, staff_id, scale, rating, shortfall,
                critical, comment, channel, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [externalId, contactId, customerId, site.id, staffId, new.scale.code, new.rating,
                                     new.scale.shortfall(new.rating), critical ? 1 : 0, new.comment, new.channel,
                                     new.receivedAt.epochSeconds])
        let responseId = db.lastInsertedRowID
        for tag in new.tags where !tag.trimmingCharacters(in: .whitespaces).isEmpty {
            let causeId = try findOrCreateCause(db, name: tag, kind: nil, at: new.receivedAt)
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO response_cause(response_id, cause_id, tagged_at, tagged_by) VALUES (?, ?, ?, ?)")
                .execute(arguments: [responseId, causeId, new.receivedAt.epochSeconds, actor])
        }
        guard critical else { return RecordedResponse(responseId: responseId, callbackId: nil, dueAt: nil, critical: false) }
        let due = CallbackRules.dueTime(receivedAt: new.receivedAt, hours: site.hours, businessDays: settings.callbackDueBusinessDays)
        try db.cachedStatement(sql: "INSERT INTO callback(response_id, created_at, first_due_at, due_at) VALUES (?, ?, ?, ?)")
            .execute(arguments: [responseId, new.receivedAt.epochSeconds, due.epochSeconds, due.epochSeconds])
        return RecordedResponse(responseId: responseId, callbackId: db.lastInsertedRowID, dueAt: due, critical: true)
    }

    static func findOrCreateSite(_ db: Database, name: String, created: inout Bool) throws -> Site {
        if let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM site WHERE name = ?"), arguments: [name]) {
            return SiteCodec.site(from: row)
        }
        let id = try insertSite(db, name: name, hours: .standard)
        created = true
        return Site(id: id, name: name, hours: .standard)
    }

    static func findOrCreateStaff(_ db: Database, name: String, siteId: Int64, created: inout Bool) throws -> Int64 {
        if let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM staff WHERE site_id = ? AND name = ?"), arguments: [siteId, name]) {
            return id
        }
        try db.execute(sql: "INSERT INTO staff(name, site_id) VALUES (?, ?)", arguments: [name, siteId])
        created = true
        return db.lastInsertedRowID
    }

    /// Matches by phone, then email, then name at the same site.
    static func findOrCreateCustomer(_ db: Database, _ new: NewResponse, siteId: Int64, created: inout Bool) throws -> Int64 {
        let phone = new.phone?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        let email = new.email?.trimmingCharacters(in: .whitespaces).lowercased().nilIfEmpty
        if let phone, let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM customer WHERE phone = ? LIMIT 1"), arguments: [phone]) {
            return id
        }
        if let email, let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM customer WHERE email = ? LIMIT 1"), arguments: [email]) {
            return id
        }
        if phone == nil && email == nil,
           let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM customer WHERE name = ? AND site_id = ? LIMIT 1"),
                                       arguments: [new.customer, siteId]) {
            return id
        }
        try db.cachedStatement(sql: "INSERT INTO customer(name, phone, email, value, site_id) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [new.customer, phone, email, new.customerValue, siteId])
        created = true
        return db.lastInsertedRowID
    }

    static func findOrCreateCause(_ db: Database, name: String, kind: GapKind?, at: Date) throws -> Int64 {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM root_cause WHERE name = ?"), arguments: [trimmed]) {
            return id
        }
        try db.execute(sql: "INSERT INTO root_cause(name, kind, team, created_at) VALUES (?, ?, NULL, ?)",
                       arguments: [trimmed, kind?.rawValue, at.epochSeconds])
        return db.lastInsertedRowID
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

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
    /// The contact the response is about, where the source says; no contact
    /// is recorded when it says neither kind nor date.
    public var contactKind: ContactKind?
    public var contactAt: Date?
    public var scale: RatingScale
    public var rating: Int
    public var comment: String
    public var channel: String
    public var receivedAt: Date
    public var tags: [String]

    public init(externalId: String? = nil, customer: String, phone: String? = nil, email: String? = nil,
                customerValue: Double? = nil, site: String, staff: String? = nil, contactKind: ContactKind? = nil,
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
        return try write([.responses, .calls]) { db in
            var inserter = try ResponseInserter(db, actor: actor)
            guard let recorded = try inserter.insert(new) else {
                throw ActionRefusal.invalid("A response with the id \(new.externalId ?? "") is already recorded.")
            }
            try inserter.finish()
            if inserter.created.valuedCustomers > 0 { try GapSummary.remeasure(db) }
            try Audit.record(db, at: now, actor: actor, action: ActionKind.addResponse.rawValue, entity: "response",
                             entityId: String(recorded.responseId), before: nil,
                             after: "\(new.customer): \(new.rating)/\(new.scale.top) at \(new.site)")
            return recorded
        }
    }

    static func findOrCreateCause(_ db: Database, name: String, kind: GapKind?, at: Date) throws -> Int64 {
        let trimmed = name.trimmedSpaces
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

import Foundation
import GapdeskDomain

/// A response to record: one phoned-in comment, or one row of an import.
public struct NewResponse: Sendable {
    public var externalId: String?
    /// Empty, with no phone and no email, for anonymous feedback.
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

    /// Feedback that names nobody: it still names a gap and counts in every
    /// figure, but there is nobody to call back.
    public var isAnonymous: Bool {
        customer.trimmedSpaces.isEmpty && (phone ?? "").trimmedSpaces.isEmpty && (email ?? "").trimmedSpaces.isEmpty
    }

    var identity: CustomerIdentity {
        CustomerIdentity(name: customer, phone: phone, email: email, value: customerValue, anonymous: isAnonymous)
    }

    /// What is wrong with it, if anything: the checks every response passes,
    /// phoned in or imported.
    public var problem: InputProblem? {
        if let problem = identity.problem(site: site, staff: staff, texts: [("comment", comment)] + tags.map { ("root_causes", $0) }) {
            return problem
        }
        guard scale.contains(rating) else {
            return InputProblem(field: "rating", kind: .range, reason: "\(rating) is outside the \(scale.code) scale (\(scale.bottom) to \(scale.top))")
        }
        return nil
    }

    /// A hash of everything but the id: the same id with another hash is a
    /// different response claiming the same id (a conflict), not a repeat.
    public var contentHash: Int64 {
        ContentHash.of([customer, phone ?? "", email ?? "", customerValue.map { String($0) } ?? "", site, staff ?? "",
                        contactKind?.rawValue ?? "", contactAt.map { String($0.epochSeconds) } ?? "", scale.code, String(rating),
                        comment, String(receivedAt.epochSeconds)] + tags)
    }
}

/// Why a response cannot be recorded: which field, what kind of problem, a sentence.
public struct InputProblem: Sendable, Equatable {
    public enum Kind: Sendable { case control, phone, tooLong, missing, range }
    public var field: String
    public var kind: Kind
    public var reason: String
}

/// What recording a response did.
public struct RecordedResponse: Sendable, Equatable {
    public var responseId: Int64
    public var callbackId: Int64?
    public var dueAt: Date?
    public var critical: Bool
    public var anonymous: Bool
    /// Critical, but too old to call back when it was recorded (`callback.max_age_days`).
    public var history = false
}

extension Store {
    /// Records one phoned-in response with its customer, site and staff
    /// (matched or created), its contact, its callback when critical, and its tags.
    @discardableResult
    public func addResponse(_ new: NewResponse, by actor: String, at now: Date) throws -> RecordedResponse {
        guard !new.customer.trimmedSpaces.isEmpty else { throw ActionRefusal.invalid("A response needs the customer's name.") }
        try StatedTime.check(new.receivedAt)
        if let problem = new.problem { throw ActionRefusal.invalid("The \(problem.field.replacingOccurrences(of: "_", with: " ")) \(problem.reason).") }
        return try perform(.addResponse, by: actor, changes: [.responses, .calls]) { db in
            var inserter = try ResponseInserter(db, actor: actor, at: now)
            guard case .recorded(let recorded) = try inserter.insert([PreparedRow(.response(new))], lines: [nil]).first else {
                throw ActionRefusal.invalid("A response with the id \(new.externalId ?? "") is already recorded.")
            }
            try inserter.finish()
            if inserter.created.valuedCustomers > 0 { try Figures.customerValuesChanged(db) }
            try Audit.record(db, at: now, actor: actor, action: ActionKind.addResponse.rawValue, entity: "response",
                             entityId: String(recorded.responseId), before: nil,
                             after: "\(new.customer): \(new.rating)/\(new.scale.top) at \(new.site)")
            return recorded
        }
    }

    static func findOrCreateCause(_ db: any SQLSession, name: String, kind: GapKind?, at: Date) throws -> Int64 {
        let trimmed = name.trimmedSpaces
        if let id = try db.fetchOne(Int64.self, sql: "SELECT id FROM root_cause WHERE name = ?", arguments: [trimmed]) {
            return id
        }
        return try db.insert(sql: "INSERT INTO root_cause(name, kind, team, created_at) VALUES (?, ?, NULL, ?)",
                       arguments: [trimmed, kind?.rawValue, at.epochSeconds])
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

import Foundation
import GapdeskDomain

/// A contact without a survey: a visit, job, delivery or sale from a contact
/// file. Most contacts are never rated, yet each one shows a customer came
/// back (see `Results`).
public struct NewContact: Sendable {
    public var externalId: String?
    public var customer: String
    public var phone: String?
    public var email: String?
    public var customerValue: Double?
    public var site: String
    public var staff: String?
    public var kind: ContactKind
    public var occurredAt: Date

    public init(externalId: String? = nil, customer: String, phone: String? = nil, email: String? = nil, customerValue: Double? = nil,
                site: String, staff: String? = nil, kind: ContactKind, occurredAt: Date) {
        self.externalId = externalId; self.customer = customer; self.phone = phone; self.email = email
        self.customerValue = customerValue; self.site = site; self.staff = staff; self.kind = kind; self.occurredAt = occurredAt
    }

    /// The customer, as a response names one: matched the same way.
    var identity: CustomerIdentity {
        CustomerIdentity(name: customer, phone: phone, email: email, value: customerValue, anonymous: false)
    }

    /// What is wrong with it, if anything: a contact must name its customer.
    public var problem: InputProblem? {
        if customer.trimmedSpaces.isEmpty && (phone ?? "").trimmedSpaces.isEmpty && (email ?? "").trimmedSpaces.isEmpty {
            return InputProblem(field: "customer", kind: .missing, reason: "a contact needs its customer: a name, a phone or an email")
        }
        return identity.problem(site: site, staff: staff, texts: [])
    }

    public var contentHash: Int64 {
        ContentHash.of([customer, phone ?? "", email ?? "", customerValue.map { String($0) } ?? "", site, staff ?? "", kind.rawValue,
                        String(occurredAt.epochSeconds)])
    }
}

/// One row of an import: a response, or a contact in a contact file.
public enum ImportRow: Sendable {
    case response(NewResponse)
    case contact(NewContact)

    public var externalId: String? {
        switch self {
        case .response(let response): response.externalId
        case .contact(let contact): contact.externalId
        }
    }

    public var contentHash: Int64 {
        switch self {
        case .response(let response): response.contentHash
        case .contact(let contact): contact.contentHash
        }
    }

    public var isAnonymous: Bool {
        if case .response(let response) = self { return response.isAnonymous }
        return false
    }

    var identity: CustomerIdentity {
        switch self {
        case .response(let response): response.identity
        case .contact(let contact): contact.identity
        }
    }

    /// What its id names: "response id" or "contact id".
    public var idName: String {
        if case .contact = self { return "contact id" }
        return "response id"
    }
}

/// An import row with what recording it needs that the row alone decides:
/// who it names, as customers are matched, and its content hash. Made where
/// the file is read, so the thread that writes does not spend its time on it.
public struct PreparedRow: Sendable {
    public let row: ImportRow
    let identity: CustomerIdentity
    public let contentHash: Int64

    public init(_ row: ImportRow) {
        self.row = row
        identity = row.identity
        contentHash = row.contentHash
    }

    public static func response(_ response: NewResponse) -> PreparedRow { PreparedRow(.response(response)) }
    public static func contact(_ contact: NewContact) -> PreparedRow { PreparedRow(.contact(contact)) }
}

/// 64-bit FNV-1a over texts, each ended by a separator: two rows with the
/// same id but another hash are a conflict, not a repeat.
enum ContentHash {
    static func of(_ texts: [String]) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for text in texts {
            for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            hash = (hash ^ 0x1F) &* 0x0000_0100_0000_01B3
        }
        return Int64(bitPattern: hash)
    }
}

/// Who a row names, as customers are matched: phone, then email, then name at the site.
struct CustomerIdentity {
    let name: String
    let phone: String?
    let email: String?
    let value: Double?
    let anonymous: Bool
    /// The phone and email as stored and matched (worked out when the identity is made, not at each match).
    let matchPhone: String?
    let matchEmail: String?

    init(name: String, phone: String?, email: String?, value: Double?, anonymous: Bool) {
        self.name = name; self.phone = phone; self.email = email; self.value = value; self.anonymous = anonymous
        matchPhone = phone?.trimmedSpaces.nilIfEmpty
        matchEmail = email?.trimmedSpaces.lowercased().nilIfEmpty
    }
    /// The name as stored (anonymous customers have none).
    var storedName: String { anonymous ? "" : name }
    /// Matched by name (at the site) only when it has neither phone nor email.
    var matchedByName: Bool { matchPhone == nil && matchEmail == nil && !anonymous }

    /// The checks every customer's text passes, with the row's other texts.
    func problem(site: String, staff: String?, texts: [(String, String)]) -> InputProblem? {
        let all: [(String, String?)] = [("customer", name), ("phone", phone), ("email", email), ("site", site), ("staff", staff)]
            + texts.map { ($0.0, Optional($0.1)) }
        if let (field, _) = all.first(where: { $0.1.map(TextRules.hasNUL) ?? false }) {
            return InputProblem(field: field, kind: .control, reason: "holds a NUL character, which would cut the text short")
        }
        if let phone, let reason = TextRules.phoneProblem(phone) { return InputProblem(field: "phone", kind: .phone, reason: reason) }
        let limits: [(String, String?, Int)] = [("customer", name, TextRules.maxName), ("email", email, TextRules.maxEmail),
                                               ("site", site, TextRules.maxSite), ("staff", staff, TextRules.maxStaff)]
            + texts.filter { $0.0 == "root_causes" }.map { ($0.0, Optional($0.1), TextRules.maxCause) }
        if let (field, text, limit) = limits.first(where: { ($0.1 ?? "").count > $0.2 }) {
            return InputProblem(field: field, kind: .tooLong, reason: "\"\((text ?? "").prefix(20))…\" is longer than \(limit) characters")
        }
        if site.trimmedSpaces.isEmpty { return InputProblem(field: "site", kind: .missing, reason: "the site is empty") }
        if let value, Limits.check(value, in: Limits.customerValue) == nil {
            return InputProblem(field: "customer_value", kind: .range, reason: "the customer's value is not \(Limits.describe(Limits.customerValue))")
        }
        return nil
    }
}

import Foundation
import GapdeskDomain
import GapdeskStore

/// Why one row was not imported: where and what.
public struct RowProblem: Error, Sendable, Equatable {
    public var line: Int
    /// The column's name in the file, or empty when the whole row is at fault.
    public var column: String
    public var kind: RejectKind
    public var reason: String

    public init(line: Int, column: String, kind: RejectKind, reason: String) {
        self.line = line; self.column = column; self.kind = kind; self.reason = reason
    }
}

/// Turns one row of an export into a response to record, or says exactly what is wrong.
public struct RowConverter: Sendable {
    public static let commentLimit = 10_000
    public let map: ColumnMap
    public let header: [String]
    public let defaultScale: RatingScale
    public let defaultSite: String?
    public let dates: DateReader
    /// Dates after this (a day after now) or before 2000 are not believed.
    public let latest: Date
    /// Rows are contacts without a survey (see `ColumnMap.isContactFile`).
    public let contacts: Bool

    public init(map: ColumnMap, header: [String], defaultScale: RatingScale, defaultSite: String?, dateOrder: DateOrder? = nil,
                now: Date, contacts: Bool = false) {
        self.map = map; self.header = header; self.defaultScale = defaultScale; self.defaultSite = defaultSite
        dates = DateReader(order: dateOrder)
        latest = now.addingTimeInterval(86_400)
        self.contacts = contacts
    }

    public struct Converted: Sendable {
        public var row: ImportRow
        public var commentCut: Bool
    }

    /// Whether the fields of one line make a row on their own: as many as the
    /// header has, with a rating (a contact file: a date) where it goes. (A
    /// line inside a quoted comment that does is a row the comment's quote swallowed.)
    public func looksLikeRow(_ fields: [String]) -> Bool {
        guard fields.count == header.count else { return false }
        if contacts {
            guard let index = map.columns[.contactDate] ?? map.columns[.receivedAt], fields.indices.contains(index) else { return false }
            if case .date = dates.read(fields[index].trimmedSpaces) { return true }
            return false
        }
        guard let index = map.columns[.rating], fields.indices.contains(index) else { return false }
        return Self.leadingInteger(fields[index].trimmedSpaces) != nil
    }

    public func convert(_ fields: [String], line: Int, expectedCount: Int?) -> Result<Converted, RowProblem> {
        if let expectedCount, fields.count != expectedCount {
            return .failure(RowProblem(line: line, column: "", kind: .columns, reason: "has \(fields.count) column\(fields.count == 1 ? "" : "s"), the header has \(expectedCount)"))
        }
        func value(_ field: Field) -> String {
            guard let index = map.columns[field], fields.indices.contains(index) else { return "" }
            return fields[index].trimmedSpaces
        }
        func column(_ field: Field) -> String {
            map.columns[field].flatMap { header.indices.contains($0) ? header[$0] : nil } ?? field.rawValue
        }
        func problem(_ field: Field, _ kind: RejectKind, _ reason: String) -> Result<Converted, RowProblem> {
            .failure(RowProblem(line: line, column: column(field), kind: kind, reason: reason))
        }
        func date(_ field: Field, _ text: String) -> Result<Date, RowProblem> {
            switch dates.read(text) {
            case .unreadable:
                return .failure(RowProblem(line: line, column: column(field), kind: .date, reason: "\"\(text.prefix(40))\" is not a date gapdesk understands"))
            case .ambiguous:
                return .failure(RowProblem(line: line, column: column(field), kind: .ambiguousDate,
                                           reason: "\"\(text.prefix(40))\" could be day/month or month/day; give --date-order dmy or mdy"))
            case .date(let date):
                if date < DateReader.earliest || date > latest {
                    return .failure(RowProblem(line: line, column: column(field), kind: .dateRange,
                                               reason: "\"\(text.prefix(40))\" is \(date < DateReader.earliest ? "before 2000" : "more than a day from now")"))
                }
                return .success(date)
            }
        }

        if contacts {
            return convertContact(value: value, rowProblem: { RowProblem(line: line, column: column($0), kind: $1, reason: $2) }, date: date, fields: fields)
        }

        // Scale: the row's own, else --scale, else CSAT.
        var scale = defaultScale
        let scaleText = value(.scale)
        if !scaleText.isEmpty {
            guard let rowScale = RatingScale(code: scaleText) else { return problem(.scale, .value, "\"\(scaleText.prefix(40))\" is not a scale (csat5, nps10 or MIN-MAX)") }
            scale = rowScale
        }
        let ratingText = value(.rating)
        if ratingText.isEmpty { return problem(.rating, .missing, "the rating is empty") }
        guard let rating = Self.leadingInteger(ratingText) else { return problem(.rating, .number, "\"\(ratingText.prefix(40))\" is not a number") }
        guard scale.contains(rating) else { return problem(.rating, .range, "\(rating) is outside the \(scale.code) scale (\(scale.bottom) to \(scale.top))") }

        let receivedText = value(.receivedAt)
        if receivedText.isEmpty { return problem(.receivedAt, .missing, "the date is empty") }
        let receivedAt: Date
        switch date(.receivedAt, receivedText) {
        case .success(let parsed): receivedAt = parsed
        case .failure(let failure): return .failure(failure)
        }

        let who: Who
        switch identify(value: value, problem: { field, kind, reason in RowProblem(line: line, column: column(field), kind: kind, reason: reason) }) {
        case .success(let found): who = found
        case .failure(let failure): return .failure(failure)
        }

        var contactAt: Date?
        let contactText = value(.contactDate)
        if !contactText.isEmpty {
            switch date(.contactDate, contactText) {
            case .success(let parsed): contactAt = parsed
            case .failure(let failure): return .failure(failure)
            }
        }
        var comment = value(.comment)
        var cut = false
        // Counting characters walks the whole text: only long ones need it.
        if comment.utf8.count > Self.commentLimit && comment.count > Self.commentLimit {
            comment = String(comment.prefix(Self.commentLimit))
            cut = true
        }
        let tags = value(.rootCauses).split(separator: ";").map { $0.trimmedSpaces }.filter { !$0.isEmpty }
        let phone = value(.phone), email = value(.email), staff = value(.staff)
        let externalId = value(.responseId)
        let response = NewResponse(
            externalId: externalId.isEmpty ? Self.contentId(fields) : externalId,
            customer: who.customer, phone: phone.isEmpty ? nil : phone, email: email.isEmpty ? nil : email, customerValue: who.value,
            site: who.site, staff: staff.isEmpty ? nil : staff, contactKind: who.kind, contactAt: contactAt, scale: scale, rating: rating,
            comment: comment, channel: "survey", receivedAt: receivedAt, tags: tags)
        if let invalid = response.problem { return problem(Field(rawValue: invalid.field) ?? .comment, Self.kind(invalid.kind), invalid.reason) }
        return .success(Converted(row: .response(response), commentCut: cut))
    }

    /// Who and where a row is about, the same in a survey file and a contact file.
    struct Who {
        var customer: String
        var site: String
        var kind: ContactKind?
        var value: Double?
    }

    private func identify(value: (Field) -> String, problem: (Field, RejectKind, String) -> RowProblem) -> Result<Who, RowProblem> {
        func failure(_ field: Field, _ kind: RejectKind, _ reason: String) -> Result<Who, RowProblem> { .failure(problem(field, kind, reason)) }
        var customer = value(.customer)
        if customer.isEmpty { customer = [value(.firstName), value(.lastName)].filter { !$0.isEmpty }.joined(separator: " ") }
        if customer.isEmpty { customer = value(.email) }
        if customer.isEmpty { customer = value(.phone) }
        var site = value(.site)
        if site.isEmpty { site = defaultSite ?? "" }
        if site.isEmpty { return failure(.site, .missing, "the site is empty (or give --site)") }
        var kind: ContactKind?
        let kindText = value(.contactKind).lowercased()
        if !kindText.isEmpty {
            guard let parsed = ContactKind(rawValue: kindText) else {
                return failure(.contactKind, .value, "\"\(kindText.prefix(40))\" is not one of \(ContactKind.names)")
            }
            kind = parsed
        }
        var customerValue: Double?
        let valueText = value(.customerValue)
        if !valueText.isEmpty {
            guard let number = Double(valueText.replacingOccurrences(of: ",", with: "")) else {
                return failure(.customerValue, .number, "\"\(valueText.prefix(40))\" is not an amount")
            }
            customerValue = number
        }
        return .success(Who(customer: customer, site: site, kind: kind, value: customerValue))
    }

    static func kind(_ problem: InputProblem.Kind) -> RejectKind {
        switch problem {
        case .control: .control
        case .phone: .phone
        case .tooLong: .tooLong
        case .missing: .missing
        case .range: .range
        }
    }

    /// A row of a contact file: who, where, when and what kind of contact.
    private func convertContact(value: (Field) -> String, rowProblem: (Field, RejectKind, String) -> RowProblem,
                                date: (Field, String) -> Result<Date, RowProblem>, fields: [String]) -> Result<Converted, RowProblem> {
        func problem(_ field: Field, _ kind: RejectKind, _ reason: String) -> Result<Converted, RowProblem> { .failure(rowProblem(field, kind, reason)) }
        let dateField: Field = map.columns[.contactDate] != nil ? .contactDate : .receivedAt
        let dateText = value(dateField)
        if dateText.isEmpty { return problem(dateField, .missing, "the contact's date is empty") }
        let occurredAt: Date
        switch date(dateField, dateText) {
        case .success(let parsed): occurredAt = parsed
        case .failure(let failure): return .failure(failure)
        }
        let who: Who
        switch identify(value: value, problem: rowProblem) {
        case .success(let found): who = found
        case .failure(let failure): return .failure(failure)
        }
        let phone = value(.phone), email = value(.email), staff = value(.staff), externalId = value(.contactId)
        let contact = NewContact(externalId: externalId.isEmpty ? Self.contentId(fields) : externalId, customer: who.customer,
                                 phone: phone.isEmpty ? nil : phone, email: email.isEmpty ? nil : email, customerValue: who.value,
                                 site: who.site, staff: staff.isEmpty ? nil : staff, kind: who.kind ?? .visit, occurredAt: occurredAt)
        if let invalid = contact.problem { return problem(Field(rawValue: invalid.field) ?? .customer, Self.kind(invalid.kind), invalid.reason) }
        return .success(Converted(row: .contact(contact), commentCut: false))
    }

    /// "4", " 4 ", "4.0" and "4 - Satisfied" all read as 4.
    static func leadingInteger(_ text: String) -> Int? {
        var digits = ""
        var sawSign = false
        for character in text {
            if character == "-" && digits.isEmpty && !sawSign { sawSign = true; continue }
            if character.isASCII && character.isNumber { digits.append(character) } else { break }
        }
        guard !digits.isEmpty, digits.count < 10, var number = Int(digits) else { return nil }
        let rest = text.dropFirst(digits.count + (sawSign ? 1 : 0))
        if let first = rest.first, first == "." {
            guard rest.dropFirst().allSatisfy({ $0 == "0" }) else { return nil }
        } else if let first = rest.first, first != " " {
            return nil
        }
        if sawSign { number = -number }
        return number
    }

    /// A stable id for rows without one: two 64-bit FNV-1a hashes of the row's fields.
    public static func contentId(_ fields: [String]) -> String {
        var a: UInt64 = 0xcbf2_9ce4_8422_2325, b: UInt64 = 0x8422_2325_cbf2_9ce4
        for field in fields {
            for byte in field.utf8 {
                a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
                b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            }
            a = (a ^ 0x1F) &* 0x0000_0100_0000_01B3
            b = (b ^ 0x1E) &* 0x0000_0100_0000_01B3
        }
        return "hash:" + String(a, radix: 16) + String(b, radix: 16)
    }
}

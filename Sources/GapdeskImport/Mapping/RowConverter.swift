import Foundation
import GapdeskDomain
import GapdeskStore

/// Why one row was not imported: where and what.
public struct RowProblem: Error, Sendable, Equatable {
    public var line: Int
    public var column: String
    public var reason: String
}

/// Turns one row of an export into a response to record, or says exactly what is wrong.
public struct RowConverter {
    public static let commentLimit = 10_000
    public let map: ColumnMap
    public let header: [String]
    public let defaultScale: RatingScale
    public let defaultSite: String?
    let dates = DateReader()

    public init(map: ColumnMap, header: [String], defaultScale: RatingScale, defaultSite: String?) {
        self.map = map; self.header = header; self.defaultScale = defaultScale; self.defaultSite = defaultSite
    }

    public struct Converted {
        public var response: NewResponse
        public var commentCut: Bool
    }

    public func convert(_ fields: [String], line: Int, expectedCount: Int?) -> Result<Converted, RowProblem> {
        if let expectedCount, fields.count != expectedCount {
            return .failure(RowProblem(line: line, column: "-", reason: "has \(fields.count) columns, the header has \(expectedCount)"))
        }
        func value(_ field: Field) -> String {
            guard let index = map.columns[field], fields.indices.contains(index) else { return "" }
            return fields[index].trimmedSpaces
        }
        func column(_ field: Field) -> String {
            map.columns[field].flatMap { header.indices.contains($0) ? header[$0] : nil } ?? field.rawValue
        }
        func problem(_ field: Field, _ reason: String) -> Result<Converted, RowProblem> {
            .failure(RowProblem(line: line, column: column(field), reason: reason))
        }

        // Scale: the row's own, else --scale, else CSAT.
        var scale = defaultScale
        let scaleText = value(.scale)
        if !scaleText.isEmpty {
            guard let rowScale = RatingScale(code: scaleText) else { return problem(.scale, "\"\(scaleText)\" is not a scale (csat5, nps10 or MIN-MAX)") }
            scale = rowScale
        }
        let ratingText = value(.rating)
        if ratingText.isEmpty { return problem(.rating, "the rating is empty") }
        guard let rating = Self.leadingInteger(ratingText) else { return problem(.rating, "\"\(ratingText.prefix(40))\" is not a number") }
        guard scale.contains(rating) else { return problem(.rating, "\(rating) is outside the \(scale.code) scale (\(scale.bottom) to \(scale.top))") }

        let receivedText = value(.receivedAt)
        if receivedText.isEmpty { return problem(.receivedAt, "the date is empty") }
        guard let receivedAt = dates.parse(receivedText) else { return problem(.receivedAt, "\"\(receivedText.prefix(40))\" is not a date gapdesk understands") }

        var customer = value(.customer)
        if customer.isEmpty { customer = [value(.firstName), value(.lastName)].filter { !$0.isEmpty }.joined(separator: " ") }
        if customer.isEmpty { customer = value(.email) }
        if customer.isEmpty { customer = value(.phone) }
        if customer.isEmpty { return problem(.customer, "the customer is empty (no name, email or phone)") }

        var site = value(.site)
        if site.isEmpty { site = defaultSite ?? "" }
        if site.isEmpty { return problem(.site, "the site is empty (or give --site)") }

        var contactAt: Date?
        let contactText = value(.contactDate)
        if !contactText.isEmpty {
            guard let date = dates.parse(contactText) else { return problem(.contactDate, "\"\(contactText.prefix(40))\" is not a date gapdesk understands") }
            contactAt = date
        }
        var kind: ContactKind?
        let kindText = value(.contactKind).lowercased()
        if !kindText.isEmpty {
            guard let parsed = ContactKind(rawValue: kindText) else { return problem(.contactKind, "\"\(kindText.prefix(40))\" is not service, delivery or sale") }
            kind = parsed
        }
        var customerValue: Double?
        let valueText = value(.customerValue)
        if !valueText.isEmpty {
            guard let number = Double(valueText.replacingOccurrences(of: ",", with: "")), number.isFinite, number >= 0 else {
                return problem(.customerValue, "\"\(valueText.prefix(40))\" is not an amount")
            }
            customerValue = number
        }
        var comment = value(.comment)
        var cut = false
        // Counting characters walks the whole text: only long ones need it.
        if comment.utf8.count > Self.commentLimit && comment.count > Self.commentLimit {
            comment = String(comment.prefix(Self.commentLimit))
            cut = true
        }
        let tags = value(.rootCauses).split(separator: ";").map { $0.prefix(80).trimmedSpaces }.filter { !$0.isEmpty }
        let phone = value(.phone), email = value(.email), staff = value(.staff)
        let externalId = value(.responseId)
        let response = NewResponse(
            externalId: externalId.isEmpty ? Self.contentId(fields) : externalId,
            customer: String(customer.prefix(200)), phone: phone.isEmpty ? nil : String(phone.prefix(40)),
            email: email.isEmpty ? nil : String(email.prefix(200)), customerValue: customerValue,
            site: String(site.prefix(120)), staff: staff.isEmpty ? nil : String(staff.prefix(120)), contactKind: kind,
            contactAt: contactAt, scale: scale, rating: rating, comment: comment, channel: "survey", receivedAt: receivedAt, tags: tags)
        return .success(Converted(response: response, commentCut: cut))
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

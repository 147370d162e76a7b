/// The fields a response is built from. The generic layout uses exactly
/// these names as column headers, in any order.
public enum Field: String, CaseIterable, Sendable {
    case responseId = "response_id"
    case receivedAt = "received_at"
    case customer, phone, email
    case customerValue = "customer_value"
    case site, staff
    case contactDate = "contact_date"
    case contactKind = "contact_kind"
    case rating, scale, comment
    case rootCauses = "root_causes"
    /// Parts of a customer's name, joined (Qualtrics and SurveyMonkey split them).
    case firstName = "first_name"
    case lastName = "last_name"
}

/// Which columns feed which fields.
public struct ColumnMap: Sendable, Equatable {
    /// Column index for each field.
    public var columns: [Field: Int]

    public init(columns: [Field: Int] = [:]) { self.columns = columns }

    /// The fields a file must provide, one way or another. A file that names
    /// no customer at all is an anonymous survey: its rows are still feedback.
    public func missing(hasSiteOption: Bool) -> [String] {
        var missing: [String] = []
        if columns[.rating] == nil { missing.append("rating") }
        if columns[.site] == nil && !hasSiteOption { missing.append("site (or give --site)") }
        return missing
    }
}

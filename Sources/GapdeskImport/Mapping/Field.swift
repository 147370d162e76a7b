/// The fields a response is built from. The generic layout uses exactly
/// these names as column headers, in any order.
public enum Field: String, CaseIterable, Sendable {
    case responseId = "response_id"
    /// A contact file's own id for each contact (else a hash of the row).
    case contactId = "contact_id"
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

    /// A file with contact dates or contact ids but no rating column is a
    /// contact file: visits, jobs, deliveries and sales, most never rated.
    public var isContactFile: Bool { columns[.rating] == nil && (columns[.contactDate] != nil || columns[.contactId] != nil) }

    /// The fields a file must provide, one way or another. A survey file that
    /// names no customer at all is anonymous: its rows are still feedback. A
    /// contact file names its customers and when each contact was.
    public func missing(hasSiteOption: Bool, contacts: Bool) -> [String] {
        var missing: [String] = []
        if contacts {
            if columns[.contactDate] == nil && columns[.receivedAt] == nil { missing.append("contact_date") }
            if [.customer, .phone, .email, .firstName, .lastName].allSatisfy({ columns[$0] == nil }) {
                missing.append("customer, phone or email")
            }
        } else if columns[.rating] == nil {
            missing.append("rating")
        }
        if columns[.site] == nil && !hasSiteOption { missing.append("site (or give --site)") }
        return missing
    }
}

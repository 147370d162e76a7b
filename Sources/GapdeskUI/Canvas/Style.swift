/// What a cell means, not how it looks: a theme turns it into colours and
/// attributes, and every style stays readable in monochrome.
public enum Style: UInt8, CaseIterable, Sendable {
    case normal
    case dim
    case bold
    case title
    case header
    case columnHeader
    case selected
    case selectedInactive
    case overdue
    case dueToday
    case done
    case warning
    case good
    case keyHint
    case status
    case error
    case border
    case tabActive
    case tabInactive
    case input
}

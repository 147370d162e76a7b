
/// What a write changed, recorded in the same transaction, so that open
/// dashboards reload only the lists it touches: at a million responses a
/// recorded call need not recompute the gap ranking.
public enum ChangeTopic: String, CaseIterable, Sendable {
    /// Callbacks and call attempts.
    case calls
    /// Responses, their tags, customers.
    case responses
    /// Root causes, fixes and guarantees (the money a gap has cost).
    case gaps
    /// Settings, users, sites: anything else.
    case other

    public static let everything = Set(allCases)
}

extension Store {
    static func mark(_ db: any SQLSession, _ topics: Set<ChangeTopic>) throws {
        guard !topics.isEmpty else { return }
        try db.execute(sql: "UPDATE change_topic SET version = version + 1 WHERE topic IN (\(topics.map { "'\($0.rawValue)'" }.joined(separator: ",")))")
    }
}

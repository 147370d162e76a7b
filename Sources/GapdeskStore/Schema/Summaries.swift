
/// The daily summaries as a whole: a migration that creates or reshapes one
/// marks it, and the store rebuilds what is marked, from the rows, with the
/// code of the day, once its migrations are done (in the same write as the
/// last of them, or at the next open if that was cut short).
enum Summaries {
    enum Kind: String, CaseIterable {
        case loop, pressure, gaps, results
    }

    static func mark(_ db: any SQLSession, _ kind: Kind) throws {
        try db.execute(sql: "INSERT INTO store_meta(key, value) VALUES (?, '1') ON CONFLICT(key) DO NOTHING", arguments: [key(kind)])
    }

    static func marked(_ db: any SQLSession) throws -> [Kind] {
        try Kind.allCases.filter { try db.fetchOne(Bool.self, sql: "SELECT count(*) > 0 FROM store_meta WHERE key = ?", arguments: [key($0)]) == true }
    }

    /// Rebuilds every marked summary and clears its mark. True when there was one.
    @discardableResult
    static func rebuildMarked(_ db: any SQLSession) throws -> Bool {
        let kinds = try marked(db)
        for kind in kinds {
            switch kind {
            case .loop: try LoopSummary.rebuild(db)
            case .pressure: try PressureSummary.rebuild(db)
            case .gaps: try GapSummary.remeasure(db, always: true)
            case .results: try ResultSummary.rebuild(db)
            }
            try db.execute(sql: "DELETE FROM store_meta WHERE key = ?", arguments: [key(kind)])
        }
        return !kinds.isEmpty
    }

    private static func key(_ kind: Kind) -> String { "rebuild." + kind.rawValue }
}

import GapdeskDomain

/// Responses per UTC day, site and staff member (0: none named), with how
/// many gave the top score and how many left a comment: what the pressure
/// signals compare. Responses never change once recorded, so the writes that
/// add them keep it current, and the signals read a few thousand rows for a
/// window of any size instead of every response in it.
struct PressureSummary {
    struct Key: Hashable, Comparable {
        var day: Int64, siteId: Int64, staffId: Int64
        static func < (a: Key, b: Key) -> Bool { (a.day, a.siteId, a.staffId) < (b.day, b.siteId, b.staffId) }
    }
    private struct Counts { var responses = 0, top = 0, comments = 0 }
    private var counts: [Key: Counts] = [:]

    mutating func responseRecorded(receivedAt: Int64, siteId: Int64, staffId: Int64?, topScore: Bool, comment: Bool) {
        let key = Key(day: UTCDay.of(epochSeconds: receivedAt), siteId: siteId, staffId: staffId ?? 0)
        counts[key, default: Counts()].responses += 1
        if topScore { counts[key]!.top += 1 }
        if comment { counts[key]!.comments += 1 }
    }

    func apply(_ db: any SQLSession) throws {
        try db.insertRows(into: "response_day", columns: ["day", "site_id", "staff_id", "responses", "top", "comments"], counts.map { key, count in
            [.integer(key.day), .integer(key.siteId), .integer(key.staffId), .integer(Int64(count.responses)), .integer(Int64(count.top)),
             .integer(Int64(count.comments))]
        }, conflict: """
            ON CONFLICT(day, site_id, staff_id) DO UPDATE SET responses = response_day.responses + excluded.responses,
                top = response_day.top + excluded.top, comments = response_day.comments + excluded.comments
            """)
    }

    /// Counts every response.
    private static func counted(_ db: any SQLSession) throws -> PressureSummary {
        var summary = PressureSummary()
        try db.scan(sql: "SELECT received_at, site_id, staff_id, shortfall = 0, comment != '' FROM response", arguments: []) { row in
            summary.responseRecorded(receivedAt: row[0], siteId: row[1], staffId: row[2], topScore: row[3], comment: row[4])
        }
        return summary
    }

    private struct TallyRow: Decodable {
        var name: String, responses: Int, topScores: Int, comments: Int
    }

    /// Tallies by staff member and by site over `days` whole UTC days ending today.
    static func tallies(_ db: any SQLSession, now: Int64, days: Int, scope: SiteScope? = nil) throws -> (staff: [PressureSignals.Tally], sites: [PressureSignals.Tally]) {
        let days = UTCDay.ending(UTCDay.of(epochSeconds: now), count: days)
        func tallies(_ name: String, _ join: String, _ group: String) throws -> [PressureSignals.Tally] {
            try db.fetchAll(records: TallyRow.self, sql: """
                SELECT \(name) AS name, sum(d.responses) AS responses, sum(d.top) AS top_scores, sum(d.comments) AS comments
                FROM response_day d \(join) WHERE d.day >= ? AND d.day <= ?\(scope.condition("d.site_id")) GROUP BY \(group)
                """, arguments: [days.lowerBound, days.upperBound]).map {
                PressureSignals.Tally(name: $0.name, responses: $0.responses, topScores: $0.topScores, comments: $0.comments)
            }
        }
        return (try tallies("st.name || ' (' || s.name || ')'", "JOIN staff st ON st.id = d.staff_id JOIN site s ON s.id = st.site_id", "d.staff_id, st.name, s.name"),
                try tallies("s.name", "JOIN site s ON s.id = d.site_id", "d.site_id, s.name"))
    }
}

extension PressureSummary: DailyFigure {
    static let name = "pressure"
    static let tables = ["response_day"]

    /// It counts every response, whatever is critical.
    static func counts(setting key: String) -> Bool { false }

    static func rebuild(_ db: any SQLSession) throws {
        try db.execute(sql: "DELETE FROM response_day")
        try counted(db).apply(db)
    }

    static func verify(_ db: any SQLSession) throws -> FigureDifference? {
        func words(_ counts: Counts) -> String? {
            counts.responses == 0 && counts.top == 0 && counts.comments == 0 ? nil
                : "responses \(counts.responses), top scores \(counts.top), with a comment \(counts.comments)"
        }
        var stored: [Key: String] = [:]
        try db.scan(sql: "SELECT day, site_id, staff_id, responses, top, comments FROM response_day", arguments: []) { row in
            stored[Key(day: row[0], siteId: row[1], staffId: row[2])] = words(Counts(responses: row[3], top: row[4], comments: row[5]))
        }
        return FigureComparison.first(name, "response_day", stored: stored, recounted: try counted(db).counts.compactMapValues(words),
                                      describe: { "\(FigureComparison.day($0.day)), site \($0.siteId), staff \($0.staffId)" })
    }
}

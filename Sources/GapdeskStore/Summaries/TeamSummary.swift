import GapdeskDomain

/// Calls per UTC day, site and person (`team_day`): those assigned to them that
/// fell due that day, those they closed that day and how many of those by
/// their first due time, and their open calls due that day (so "overdue now"
/// is a sum). Calls are assigned, recorded and undone by hand, so a write
/// counts the days its calls fall on again (`keys`, `recount`); new calls
/// come unassigned and open, and count nowhere yet.
struct TeamSummary {
    struct Row: Equatable { var assigned = 0, made = 0, onTime = 0, openDue = 0 }
    struct Key: Hashable, Comparable {
        var day: Int64, siteId: Int64, account: String
        static func < (a: Key, b: Key) -> Bool { (a.day, a.siteId, a.account) < (b.day, b.siteId, b.account) }
    }

    /// Each measure's rows from the callbacks, as (day, site, account, assigned, made, on time, open due): of one UTC day, or of every day.
    static func counted(_ db: any SQLSession, day only: Int64? = nil) throws -> [Key: Row] {
        var rows: [Key: Row] = [:]
        let day = { (column: String) in "\(column) / \(UTCDay.seconds)" }
        let within = { (column: String) in only.map { "\(column) >= \($0 * UTCDay.seconds) AND \(column) < \(($0 + 1) * UTCDay.seconds)" } ?? "1 = 1" }
        let sql = """
            SELECT \(day("c.first_due_at")) AS day, r.site_id, c.assignee AS account, count(*) AS assigned, 0 AS made, 0 AS on_time, 0 AS open_due
            FROM callback c JOIN response r ON r.id = c.response_id
            WHERE c.assignee IS NOT NULL AND \(within("c.first_due_at")) GROUP BY 1, 2, 3
            UNION ALL
            SELECT \(day("c.done_at")), r.site_id, c.done_by, 0, count(*), sum(CASE WHEN c.done_at <= c.first_due_at THEN 1 ELSE 0 END), 0
            FROM callback c JOIN response r ON r.id = c.response_id
            WHERE c.done_at IS NOT NULL AND c.done_by IS NOT NULL AND \(within("c.done_at")) GROUP BY 1, 2, 3
            UNION ALL
            SELECT \(day("c.due_at")), r.site_id, c.assignee, 0, 0, 0, count(*)
            FROM callback c JOIN response r ON r.id = c.response_id
            WHERE c.done_at IS NULL AND c.assignee IS NOT NULL AND \(within("c.due_at")) GROUP BY 1, 2, 3
            """
        try db.scan(sql: sql, arguments: []) { row in
            let key = Key(day: row[0], siteId: row[1], account: row[2])
            var counts = rows[key] ?? Row()
            counts.assigned += row[3]; counts.made += row[4]; counts.onTime += row[5]; counts.openDue += row[6]
            rows[key] = counts
        }
        return rows
    }

    static func write(_ db: any SQLSession, _ rows: [Key: Row]) throws {
        try db.insertRows(into: "team_day", columns: ["day", "site_id", "account", "assigned", "made", "on_time", "open_due"], rows.map { key, row in
            [.integer(key.day), .integer(key.siteId), .text(key.account), .integer(Int64(row.assigned)), .integer(Int64(row.made)), .integer(Int64(row.onTime)),
             .integer(Int64(row.openDue))]
        }, conflict: "")
    }
}

extension TeamSummary: FollowingFigure {
    static let name = "team"
    static let tables = ["team_day"]
    static let sources: Set<String> = ["callback"]

    static func counts(setting key: String) -> Bool { false }

    static func rebuild(_ db: any SQLSession) throws {
        try db.execute(sql: "DELETE FROM team_day")
        try write(db, try counted(db))
    }

    /// The days the touched calls fall due, were closed or are due on.
    static func keys(_ db: any SQLSession, _ touched: Touched) throws -> Set<Int64> {
        var days: Set<Int64> = []
        try db.forEachRow(sql: """
            SELECT c.first_due_at, c.due_at, c.done_at FROM \(db.dialect.keyTable(.integer)) CROSS JOIN callback c WHERE c.response_id = k.value
            """, arguments: [SQLValue.list(touched.responses)]) { row in
            for column in 0..<3 { if let at: Int64 = row[column] { days.insert(UTCDay.of(epochSeconds: at)) } }
        }
        return days
    }

    static func recount(_ db: any SQLSession, _ days: Set<Int64>) throws {
        for day in days {
            try db.execute(sql: "DELETE FROM team_day WHERE day = ?", arguments: [day])
            try write(db, try counted(db, day: day))
        }
    }

    static func verify(_ db: any SQLSession) throws -> FigureDifference? {
        var stored: [Key: Row] = [:]
        try db.scan(sql: "SELECT day, site_id, account, assigned, made, on_time, open_due FROM team_day", arguments: []) { row in
            stored[Key(day: row[0], siteId: row[1], account: row[2])] = Row(assigned: row[3], made: row[4], onTime: row[5], openDue: row[6])
        }
        return FigureComparison.first(name, "team_day", stored: stored, recounted: try counted(db),
                                      describe: { "\(FigureComparison.day($0.day)), site \($0.siteId), \($0.account)" },
                                      words: { "assigned \($0.assigned), made \($0.made), on time \($0.onTime), open due \($0.openDue)" })
    }
}

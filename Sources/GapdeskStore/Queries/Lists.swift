import Foundation
import GapdeskDomain

extension Store {
    /// Open calls, overdue first (earliest due first), bounded by `limit`.
    /// Served by `callback_open_by_due`: cost follows the rows shown.
    public func queue(filter: ListFilter = .init(), sort: QueueSort = .dueTime, limit: Int, offset: Int = 0) throws(StoreError) -> [QueueRow] {
        try read { db in
            let (sql, arguments) = Self.queueQuery(db.dialect, filter: try Self.resolvingLabels(db, filter), scope: try scope(db), sort: sort,
                                                   limit: limit, offset: offset)
            return try db.fetchAll(records: QueueRow.self, sql: sql, arguments: arguments)
        }
    }

    /// Newest critical responses first, bounded by `limit`; served by `response_critical_by_time`.
    public func lowRated(filter: ListFilter = .init(), sort: LowRatedSort = .newest, limit: Int, offset: Int = 0, causeId: Int64? = nil) throws(StoreError) -> [LowRatedRow] {
        try read { db in
            let (sql, arguments) = Self.lowRatedQuery(db.dialect, filter: try Self.resolvingLabels(db, filter), scope: try scope(db), sort: sort,
                                                      limit: limit, offset: offset,
                                                      causeId: causeId)
            let rules = try Self.taggingRules(db)
            return try db.fetchAll(records: LowRatedRow.self, sql: sql, arguments: arguments).map { row in
                var item = row
                item.suggestions = rules.suggestions(for: item.comment, site: item.site, tags: item.tags)
                return item
            }
        }
    }

    /// The filter with the sites whose short label has its site text (any case), which the site clause matches
    /// besides the names that have it.
    static func resolvingLabels(_ db: any SQLSession, _ filter: ListFilter) throws -> ListFilter {
        guard let text = filter.site, !text.isEmpty else { return filter }
        var resolved = filter
        resolved.sitesLabelled = try siteLabels(db).filter { name, label in label != name && label.localizedCaseInsensitiveContains(text) }
            .keys.sorted()
        return resolved
    }

    /// A response's causes, their names in one column (see `TagNames`).
    static func tagsColumn(_ dialect: SQLDialect) -> String {
        "(SELECT \(dialect.joinedByUnitSeparator("rc.name")) FROM response_cause x JOIN root_cause rc ON rc.id = x.cause_id "
            + "WHERE x.response_id = r.id) AS tags"
    }

    static func queueQuery(_ dialect: SQLDialect, filter: ListFilter, scope: SiteScope? = nil, sort: QueueSort = .dueTime, limit: Int, offset: Int, countOnly: Bool = false) -> (String, SQLArguments) {
        let columns = countOnly ? "1" : """
            c.id AS callback_id, r.id AS response_id, cu.name AS customer, cu.phone, s.name AS site, s.time_zone AS site_zone,
                   r.scale, r.rating, r.comment, r.received_at, c.due_at, c.attempts, c.assignee,
                   (SELECT st.name FROM staff st WHERE st.id = r.staff_id) AS staff,
                   \(tagsColumn(dialect))
            """
        let index = filter.assignee != nil ? "callback_open_by_assignee" : sort == .dueTime ? "callback_open_by_due" : "callback_open_by_created"
        // A count joins only what its filter reads: the joins always match, and
        // at a million responses they are most of a count's cost.
        let needs = countOnly ? SQLFilter.tables(filter, scope: scope) : [.response, .customer, .site]
        var sql = "SELECT \(columns) FROM callback c\(dialect.indexedBy(index))"
        if !needs.isEmpty { sql += " JOIN response r ON r.id = c.response_id" }
        if needs.contains(.customer) { sql += " JOIN customer cu ON cu.id = r.customer_id" }
        if needs.contains(.site) { sql += " JOIN site s ON s.id = r.site_id" }
        sql += " WHERE c.done_at IS NULL"
        var arguments: SQLArguments = []
        if let assignee = filter.assignee {
            sql += " AND c.assignee = ?"
            arguments.append(assignee)
        }
        SQLFilter.append(filter, dialect, to: &sql, arguments: &arguments)
        sql += scope.condition("r.site_id")
        sql += sort == .dueTime ? " ORDER BY c.due_at, c.id" : " ORDER BY c.created_at DESC, c.id DESC"
        sql += " LIMIT ? OFFSET ?"
        arguments += [limit, offset]
        return (sql, arguments)
    }

    /// `causeId`: only the responses tagged with a gap, received at `since` or later when given.
    static func lowRatedQuery(_ dialect: SQLDialect, filter: ListFilter, scope: SiteScope? = nil, sort: LowRatedSort = .newest, limit: Int, offset: Int,
                              causeId: Int64?, since: Int64? = nil, countOnly: Bool = false) -> (String, SQLArguments) {
        let columns = countOnly ? "1" : """
            r.id AS response_id, cu.name AS customer, cu.anonymous, cu.phone, s.name AS site, s.time_zone AS site_zone, st.name AS staff,
                   r.scale, r.rating, r.comment, r.received_at,
                   \(tagsColumn(dialect)),
                   c.id AS callback_id, c.due_at, c.done_at, c.outcome, c.attempts, c.assignee
            """
        let needs = countOnly ? SQLFilter.tables(filter, scope: scope) : [.customer, .site]
        // A gap's newest responses are read from its own tags, newest first
        // (the tag keeps its response's time): the cost of a page, however
        // many responses a day brings.
        let byGapTags = causeId != nil && sort == .newest
        let index = sort == .newest ? "response_critical_by_time" : "response_critical_by_rating"
        var sql = "SELECT \(columns) FROM "
            + (byGapTags ? "response_cause g\(dialect.indexedBy("response_cause_by_cause")) JOIN response r ON r.id = g.response_id"
                         : "response r\(dialect.indexedBy(index))")
        if needs.contains(.customer) { sql += " JOIN customer cu ON cu.id = r.customer_id" }
        if needs.contains(.site) { sql += " JOIN site s ON s.id = r.site_id" }
        if !countOnly { sql += " LEFT JOIN staff st ON st.id = r.staff_id LEFT JOIN callback c ON c.response_id = r.id" }
        sql += " WHERE r.critical = 1"
        var arguments: SQLArguments = []
        SQLFilter.append(filter, dialect, to: &sql, arguments: &arguments)
        sql += scope.condition("r.site_id")
        if let causeId {
            sql += byGapTags ? " AND g.cause_id = ?" : " AND EXISTS (SELECT 1 FROM response_cause x WHERE x.response_id = r.id AND x.cause_id = ?)"
            arguments += [causeId]
            if let since {
                sql += byGapTags ? " AND g.received_at >= ?" : " AND r.received_at >= ?"
                arguments += [since]
            }
        }
        sql += byGapTags ? " ORDER BY g.received_at DESC, g.response_id DESC"
            : sort == .newest ? " ORDER BY r.received_at DESC, r.id DESC" : " ORDER BY r.rating, r.received_at DESC"
        sql += " LIMIT ? OFFSET ?"
        arguments += [limit, offset]
        return (sql, arguments)
    }

    /// The three lists' queries as the engine's own shell (sqlite3, psql) would
    /// run them, values inlined: the benchmark's yardstick for a first paint.
    public func listQueriesAsText(now: Date, limit: Int) throws(StoreError) -> [String] {
        try read { db in
            let days = GapTally.daysNeeded(now: now, parameters: ReturnOnSatisfaction.Parameters(try Self.teamSettings(db)))
            let queries = [Self.queueQuery(db.dialect, filter: .init(), limit: limit, offset: 0),
                           Self.lowRatedQuery(db.dialect, filter: .init(), limit: limit, offset: 0, causeId: nil),
                           (GapRanking.daysSQL, [days.lowerBound, days.upperBound] as SQLArguments)]
            return queries.map { sql, arguments in SQLPlaceholders.inline(sql, arguments, dialect: db.dialect) + ";" }
        }
    }

    /// How many open calls match, counting at most `cap` (so the cost stays bounded).
    /// Unfiltered, the exact number comes from the daily summary, whatever the size.
    public func queueCount(filter: ListFilter = .init(), cap: Int) throws(StoreError) -> (count: Int, atLeast: Bool) {
        try read { db in
            let scope = try scope(db)
            if filter.isEmpty && scope == nil {
                return (try db.fetchOne(Int.self, sql: "SELECT coalesce(sum(open_due), 0) FROM loop_day") ?? 0, false)
            }
            return try Self.count(db, Self.queueQuery(db.dialect, filter: try Self.resolvingLabels(db, filter), scope: scope, limit: cap + 1, offset: 0, countOnly: true), cap: cap)
        }
    }

    /// How many critical responses match, counting at most `cap`.
    /// Unfiltered, the exact number comes from the daily summary, whatever the size.
    public func lowRatedCount(filter: ListFilter = .init(), cap: Int) throws(StoreError) -> (count: Int, atLeast: Bool) {
        try read { db in
            let scope = try scope(db)
            if filter.isEmpty && scope == nil {
                return (try db.fetchOne(Int.self, sql: "SELECT coalesce(sum(critical), 0) FROM loop_day") ?? 0, false)
            }
            return try Self.count(db, Self.lowRatedQuery(db.dialect, filter: try Self.resolvingLabels(db, filter), scope: scope, limit: cap + 1, offset: 0, causeId: nil,
                                                         countOnly: true), cap: cap)
        }
    }

    private static func count(_ db: any SQLSession, _ query: (String, SQLArguments), cap: Int) throws -> (count: Int, atLeast: Bool) {
        let count = try db.fetchOne(Int.self, sql: "SELECT count(*) FROM (\(query.0)) AS matching", arguments: query.1) ?? 0
        return (min(count, cap), count > cap)
    }

    /// Every root cause ranked by return on satisfaction, with its trend, warning and fix verdict.
    public func gaps(now: Date, filter: ListFilter = .init(), windowDays: Int? = nil) throws(StoreError) -> [GapRow] {
        try read { db in GapRanking.matching(try rankedGaps(db, now: now, windowDays: windowDays), filter) }
    }

    /// The gaps ranked at `now`: worked out once for reads run together (the
    /// gaps pane and the header's rising and recurred counts read the same).
    func rankedGaps(_ db: any SQLSession, now: Date, windowDays: Int?) throws -> [GapRow] {
        try memo.remember(RankingKey(now: now, windowDays: windowDays)) { try GapRanking(db: db, now: now, windowDays: windowDays).rows() }
    }

    private struct RankingKey: Hashable { var now: Date; var windowDays: Int? }

    /// Why a gap ranks where it does: who and where is behind it, and page
    /// `page` of its contributions, newest first (none when nil).
    public func gapBreakdown(causeId: Int64, now: Date, windowDays: Int? = nil, page: Int? = 0,
                             pageSize: Int = ContributionPage.size) throws(StoreError) -> GapBreakdown? {
        try read { db in
            try GapRanking(db: db, now: now, windowDays: windowDays, scope: scope(db)).breakdowns(causeIds: [causeId], page: page, pageSize: pageSize).first
        }
    }

    /// The first `count` gaps' breakdowns, each with page `page` of its contributions (none when nil).
    public func gapBreakdowns(now: Date, windowDays: Int? = nil, count: Int = .max, page: Int? = nil) throws(StoreError) -> [GapBreakdown] {
        try read { db in try GapRanking(db: db, now: now, windowDays: windowDays, scope: scope(db)).breakdowns(causeIds: nil, count: count, page: page) }
    }

    /// The header's loop figures at `clock.now`.
    public func loopFigures(clock: Clock) throws(StoreError) -> LoopFigures {
        try read { db in
            let now = clock.now.epochSeconds
            let today = clock.today
            let scope = try scope(db)
            let month = try scope.map { try LoopSummary.figures(db, now: now, localDayEnd: today.end.epochSeconds, scope: $0) }
                ?? LoopSummary.figures(db, now: now, localDayEnd: today.end.epochSeconds)
            var figures = LoopFigures()
            figures.overdue = month.overdue
            figures.dueToday = month.dueLaterToday
            let atSites = scope.map { " AND callback_id IN (SELECT c.id FROM callback c JOIN response r ON r.id = c.response_id WHERE 1 = 1"
                + $0.condition("r.site_id") + ")" } ?? ""
            figures.madeToday = try db.fetchOne(Int.self, sql: """
                SELECT count(*) FROM call_attempt WHERE made_at >= ? AND made_at < ? AND made_at <= ?\(atSites)
                """, arguments: [today.start.epochSeconds, today.end.epochSeconds, now]) ?? 0
            figures.shareOnTime30d = month.fellDue == 0 ? nil : Double(month.onTime) / Double(month.fellDue)
            figures.medianTimeToCall30d = month.delays.median
            figures.critical30d = month.critical
            figures.contactsRated30d = try Self.contactsRated30d(db, now: clock.now, scope: scope)
            figures.gapsFixed30d = try db.fetchOne(Int.self, sql: """
                SELECT count(*) FROM fix WHERE status = 'done' AND recurrences = 0 AND done_at > ? AND done_at <= ?
                """, arguments: [now - Int64(LoopFigures.window), now]) ?? 0
            for gap in try rankedGaps(db, now: clock.now, windowDays: nil) {
                switch gap.mark {
                case .rising?:
                    figures.risingGaps += 1
                    if gap.fixStatus == .inProgress { figures.risingUnderWay.append(GapUnderWay(rank: gap.rank, name: gap.name, owner: gap.owner)) }
                case .recurred?: figures.recurredGaps += 1
                default: break
                }
            }
            return figures
        }
    }
}

/// Builds the WHERE clauses of a list filter. Every value is a bound parameter;
/// LIKE wildcards in the user's text are escaped so they match literally.
enum SQLFilter {
    enum Table { case response, customer, site }

    /// The tables a filter's clauses read, besides the list's own.
    static func tables(_ filter: ListFilter, scope: SiteScope? = nil) -> Set<Table> {
        var tables: Set<Table> = scope == nil ? [] : [.response]
        if filter.text?.isEmpty == false { tables.formUnion([.response, .customer]) }
        if filter.site?.isEmpty == false { tables.formUnion([.response, .site]) }
        if filter.staff?.isEmpty == false || filter.tag?.isEmpty == false { tables.insert(.response) }
        return tables
    }

    static func append(_ filter: ListFilter, _ dialect: SQLDialect, to sql: inout String, arguments: inout SQLArguments) {
        if let text = filter.text, !text.isEmpty {
            sql += " AND (cu.name \(dialect.likeIgnoringCase) ? ESCAPE '\\' OR r.comment \(dialect.likeIgnoringCase) ? ESCAPE '\\' OR cu.phone \(dialect.likeIgnoringCase) ? ESCAPE '\\')"
            let pattern = likePattern(text)
            arguments += [pattern, pattern, pattern]
        }
        if let site = filter.site, !site.isEmpty {
            let labelled = filter.sitesLabelled.isEmpty ? "" : " OR s.name IN (\(filter.sitesLabelled.map { _ in "?" }.joined(separator: ", ")))"
            sql += " AND (s.name \(dialect.likeIgnoringCase) ? ESCAPE '\\'\(labelled))"
            arguments += [likePattern(site)] + SQLArguments(filter.sitesLabelled)
        }
        if let staff = filter.staff, !staff.isEmpty {
            sql += " AND r.staff_id IN (SELECT id FROM staff WHERE name \(dialect.likeIgnoringCase) ? ESCAPE '\\')"
            arguments += [likePattern(staff)]
        }
        if let tag = filter.tag, !tag.isEmpty {
            sql += """
                 AND EXISTS (SELECT 1 FROM response_cause x JOIN root_cause rc ON rc.id = x.cause_id
                 WHERE x.response_id = r.id AND rc.name \(dialect.likeIgnoringCase) ? ESCAPE '\\')
                """
            arguments += [likePattern(tag)]
        }
    }

    /// `%text%` with `\`, `%` and `_` escaped.
    static func likePattern(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "\\" || character == "%" || character == "_" { escaped.append("\\") }
            escaped.append(character)
        }
        return "%" + escaped + "%"
    }
}

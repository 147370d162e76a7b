import Foundation
import GapdeskDomain

/// A callback as the loop's daily figures count it.
struct CallState: Equatable {
    var receivedAt: Int64
    var firstDueAt: Int64
    var dueAt: Int64
    var doneAt: Int64?
}

/// Per-UTC-day counts behind the header and the queue's size (`loop_day`),
/// so the header costs the same at any size: critical responses by the day
/// they arrived; callbacks
/// by the day of their first due time, and those closed by then; open calls
/// by the day they are due; and the closed calls' delays (response to close)
/// by the day they closed, as a `CallDelayHistogram` in one blob a day.
/// Only the parts of today before or after now are counted from the rows.
/// Rows added are counted as they are written (`count`, `apply`); a change
/// to a call counts the days it reaches again (`recount`).
struct LoopSummary {
    private struct Counts { var critical = 0, fellDue = 0, onTime = 0, openDue = 0 }
    private var counts: [Int64: Counts] = [:]
    private var delays: [Int64: CallDelayHistogram] = [:]

    mutating func responseRecorded(receivedAt: Int64, critical isCritical: Bool) {
        if isCritical { counts[UTCDay.of(epochSeconds: receivedAt), default: Counts()].critical += 1 }
    }

    /// Counts a callback as it stands.
    mutating func count(_ call: CallState) {
        let dueDay = UTCDay.of(epochSeconds: call.firstDueAt)
        counts[dueDay, default: Counts()].fellDue += 1
        guard let doneAt = call.doneAt else {
            counts[UTCDay.of(epochSeconds: call.dueAt), default: Counts()].openDue += 1
            return
        }
        if doneAt <= call.firstDueAt { counts[dueDay]!.onTime += 1 }
        delays[UTCDay.of(epochSeconds: doneAt), default: CallDelayHistogram()].add(seconds: Int(doneAt - call.receivedAt))
    }

    /// Writes the changes gathered so far, and resets.
    mutating func apply(_ db: any SQLSession) throws {
        try db.insertRows(into: "loop_day", columns: ["day", "critical", "fell_due", "on_time", "open_due"], counts.map { day, change in
            ([day, change.critical, change.fellDue, change.onTime, change.openDue] as SQLArguments).values
        }, conflict: """
            ON CONFLICT(day) DO UPDATE SET critical = loop_day.critical + excluded.critical, fell_due = loop_day.fell_due + excluded.fell_due,
                on_time = loop_day.on_time + excluded.on_time, open_due = loop_day.open_due + excluded.open_due
            """)
        counts.removeAll()
        let write = try db.prepare("""
            INSERT INTO loop_day(day, delays) VALUES (?, ?) ON CONFLICT(day) DO UPDATE SET delays = excluded.delays
            """)
        for (day, change) in delays {
            var histogram = CallDelayHistogram(encoded: try db.fetchOne(Data.self, sql: "SELECT delays FROM loop_day WHERE day = ?", arguments: [day]) ?? Data())
            histogram.add(change)
            try write.run(day, Data(histogram.encoded))
        }
        delays.removeAll()
    }

    /// A day's row in words, as `check` compares it; nil for a day with nothing in it.
    struct Row: Equatable {
        var critical = 0, fellDue = 0, onTime = 0, openDue = 0
        var delays = CallDelayHistogram()

        var words: String? {
            guard critical != 0 || fellDue != 0 || onTime != 0 || openDue != 0 || delays.total != 0 else { return nil }
            return "critical \(critical), fell due \(fellDue), on time \(onTime), open due \(openDue), closed calls' delays \(delays.counts.sorted { $0.key < $1.key })"
        }
    }

    private static func rows(_ counts: [Int64: Counts], _ delays: [Int64: CallDelayHistogram]) -> [Int64: Row] {
        var rows: [Int64: Row] = [:]
        for (day, count) in counts {
            rows[day, default: Row()].critical = count.critical
            rows[day]!.fellDue = count.fellDue
            rows[day]!.onTime = count.onTime
            rows[day]!.openDue = count.openDue
        }
        for (day, histogram) in delays { rows[day, default: Row()].delays = histogram }
        return rows.filter { $0.value.words != nil }
    }

    /// Counts every day from the responses and calls.
    private static func counted(_ db: any SQLSession) throws -> [Int64: Row] {
        var summary = LoopSummary()
        try db.scan(sql: "SELECT received_at FROM response\(db.dialect.indexedBy("response_critical_by_time")) WHERE critical = 1", arguments: []) { row in
            summary.responseRecorded(receivedAt: row[0], critical: true)
        }
        try db.scan(sql: "SELECT created_at, first_due_at, due_at, done_at FROM callback", arguments: []) { row in
            summary.count(CallState(receivedAt: row[0], firstDueAt: row[1], dueAt: row[2], doneAt: row[3]))
        }
        return rows(summary.counts, summary.delays)
    }

    /// The days' rows as stored.
    private static func stored(_ db: any SQLSession) throws -> [Int64: Row] {
        var rows: [Int64: Row] = [:]
        try db.scan(sql: "SELECT day, critical, fell_due, on_time, open_due, delays FROM loop_day", arguments: []) { row in
            let stored = Row(critical: row[1], fellDue: row[2], onTime: row[3], openDue: row[4],
                             delays: CallDelayHistogram(encoded: (row[5] as Data?) ?? Data()))
            if stored.words != nil { rows[row[0]] = stored }
        }
        return rows
    }
}

extension LoopSummary: FollowingFigure {
    static let name = "loop"
    static let tables = ["loop_day"]
    static let sources: Set<String> = ["response", "callback"]

    /// It counts the critical responses.
    static func counts(setting key: String) -> Bool { key.hasPrefix("critical.below.") }

    static func rebuild(_ db: any SQLSession) throws {
        try db.execute(sql: "DELETE FROM loop_day")
        let rows = try counted(db)
        try db.insertRows(into: "loop_day", columns: ["day", "critical", "fell_due", "on_time", "open_due", "delays"], rows.map { day, row in
            [.integer(day), .of(row.critical), .of(row.fellDue), .of(row.onTime), .of(row.openDue), .blob(Data(row.delays.encoded))]
        }, conflict: "")
    }

    static func verify(_ db: any SQLSession) throws -> FigureDifference? {
        FigureComparison.first(name, "loop_day", stored: try stored(db).compactMapValues(\.words), recounted: try counted(db).compactMapValues(\.words),
                               describe: FigureComparison.day)
    }

    /// The days a response's figures fall on: it arrived (when critical), its
    /// call first fell due, is due (while open) or was closed.
    static func keys(_ db: any SQLSession, _ touched: Touched) throws -> Set<Int64> {
        var days: Set<Int64> = []
        try db.forEachRow(sql: """
            SELECT r.received_at, r.critical, c.first_due_at, c.due_at, c.done_at
            FROM \(db.dialect.keyTable(.integer)) CROSS JOIN response r LEFT JOIN callback c ON c.response_id = r.id WHERE r.id = k.value
            """, arguments: [SQLValue.list(touched.responses)]) { row in
            if row[1] as Bool { days.insert(UTCDay.of(epochSeconds: row[0])) }
            guard let firstDue: Int64 = row[2] else { return }
            days.insert(UTCDay.of(epochSeconds: firstDue))
            if let doneAt: Int64 = row[4] { days.insert(UTCDay.of(epochSeconds: doneAt)) } else { days.insert(UTCDay.of(epochSeconds: row[3])) }
        }
        return days
    }

    /// Counts each day again from its own rows (each read through the index made for it).
    static func recount(_ db: any SQLSession, _ days: Set<Int64>) throws {
        for day in days {
            let (start, end) = (day * UTCDay.seconds, (day + 1) * UTCDay.seconds)
            var row = Row()
            row.critical = try db.fetchOne(Int.self, sql: """
                SELECT count(*) FROM response\(db.dialect.indexedBy("response_critical_by_time")) WHERE critical = 1 AND received_at >= ? AND received_at < ?
                """, arguments: [start, end]) ?? 0
            let due = try db.fetchOne(sql: """
                SELECT count(*), coalesce(sum(CASE WHEN done_at IS NOT NULL AND done_at <= first_due_at THEN 1 ELSE 0 END), 0)
                FROM callback\(db.dialect.indexedBy("callback_by_first_due")) WHERE first_due_at >= ? AND first_due_at < ?
                """, arguments: [start, end])!
            (row.fellDue, row.onTime) = (due[0], due[1])
            row.openDue = try db.fetchOne(Int.self, sql: """
                SELECT count(*) FROM callback\(db.dialect.indexedBy("callback_open_by_due")) WHERE done_at IS NULL AND due_at >= ? AND due_at < ?
                """, arguments: [start, end]) ?? 0
            for seconds in try db.fetchAll(Int.self, sql: """
                SELECT done_at - created_at FROM callback\(db.dialect.indexedBy("callback_done_by_time")) WHERE done_at IS NOT NULL AND done_at >= ? AND done_at < ?
                """, arguments: [start, end]) {
                row.delays.add(seconds: seconds)
            }
            if row.words == nil {
                try db.execute(sql: "DELETE FROM loop_day WHERE day = ?", arguments: [day])
            } else {
                try db.execute(sql: """
                    INSERT INTO loop_day(day, critical, fell_due, on_time, open_due, delays) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(day) DO UPDATE SET critical = excluded.critical, fell_due = excluded.fell_due, on_time = excluded.on_time,
                        open_due = excluded.open_due, delays = excluded.delays
                    """, arguments: [day, row.critical, row.fellDue, row.onTime, row.openDue, Data(row.delays.encoded)])
            }
        }
    }
}

extension LoopSummary {
    /// The header's figures at `now`. The 30-day ones cover whole UTC days:
    /// today and the 29 before it, counting only what happened up to now.
    struct Figures {
        var critical = 0, fellDue = 0, onTime = 0
        var delays = CallDelayHistogram()
        var overdue = 0, dueLaterToday = 0, open = 0
    }

    /// The figures of some sites only, counted from their rows: the summary
    /// is the whole store's, and one team's month of calls is small.
    static func figures(_ db: any SQLSession, now: Int64, localDayEnd: Int64, scope: SiteScope) throws -> Figures {
        let today = UTCDay.of(epochSeconds: now), month = UTCDay.ending(today, count: 30)
        let monthStart = month.lowerBound * UTCDay.seconds
        let atSites = scope.condition("r.site_id")
        var figures = Figures()
        figures.critical = try db.fetchOne(Int.self, sql: """
            SELECT count(*) FROM response r WHERE r.critical = 1 AND r.received_at >= ? AND r.received_at <= ?\(atSites)
            """, arguments: [monthStart, now]) ?? 0
        let due = try db.fetchOne(sql: """
            SELECT count(*), coalesce(sum(CASE WHEN c.done_at IS NOT NULL AND c.done_at <= c.first_due_at THEN 1 ELSE 0 END), 0)
            FROM callback c JOIN response r ON r.id = c.response_id WHERE c.first_due_at >= ? AND c.first_due_at <= ?\(atSites)
            """, arguments: [monthStart, now])!
        (figures.fellDue, figures.onTime) = (due[0], due[1])
        let open = try db.fetchOne(sql: """
            SELECT count(*), coalesce(sum(CASE WHEN c.due_at < ? THEN 1 ELSE 0 END), 0),
                   coalesce(sum(CASE WHEN c.due_at >= ? AND c.due_at < ? THEN 1 ELSE 0 END), 0)
            FROM callback c JOIN response r ON r.id = c.response_id WHERE c.done_at IS NULL\(atSites)
            """, arguments: [now, now, localDayEnd])!
        (figures.open, figures.overdue, figures.dueLaterToday) = (open[0], open[1], open[2])
        for seconds in try db.fetchAll(Int.self, sql: """
            SELECT c.done_at - c.created_at FROM callback c JOIN response r ON r.id = c.response_id
            WHERE c.done_at IS NOT NULL AND c.done_at >= ? AND c.done_at <= ?\(atSites)
            """, arguments: [monthStart, now]) {
            figures.delays.add(seconds: seconds, count: 1)
        }
        return figures
    }

    /// `localDayEnd`: the end of the viewer's own day, for "due later today".
    static func figures(_ db: any SQLSession, now: Int64, localDayEnd: Int64) throws -> Figures {
        let today = UTCDay.of(epochSeconds: now), month = UTCDay.ending(today, count: 30)
        let (todayStart, tomorrow) = (today * UTCDay.seconds, (today + 1) * UTCDay.seconds)
        var figures = Figures()
        let sums = try db.fetchOne(sql: """
            SELECT coalesce(sum(critical) FILTER (WHERE day >= ? AND day <= ?), 0), coalesce(sum(fell_due) FILTER (WHERE day >= ? AND day < ?), 0),
                   coalesce(sum(on_time) FILTER (WHERE day >= ? AND day < ?), 0),
                   coalesce(sum(open_due) FILTER (WHERE day < ?), 0), coalesce(sum(open_due) FILTER (WHERE day = ?), 0),
                   coalesce(sum(open_due), 0)
            FROM loop_day WHERE critical != 0 OR fell_due != 0 OR open_due != 0
            """, arguments: [month.lowerBound, today, month.lowerBound, today, month.lowerBound, today, today, today])!
        // Arrivals today after now (only when now is set back, as demos do) are not counted yet.
        figures.critical = sums[0] - (try db.fetchOne(Int.self, sql: """
            SELECT count(*) FROM response\(db.dialect.indexedBy("response_critical_by_time")) WHERE critical = 1 AND received_at > ? AND received_at < ?
            """, arguments: [now, tomorrow]) ?? 0)
        // Of today's callbacks, those due by now.
        let due = try db.fetchOne(sql: """
            SELECT count(*), coalesce(sum(CASE WHEN done_at IS NOT NULL AND done_at <= first_due_at THEN 1 ELSE 0 END), 0) FROM callback\(db.dialect.indexedBy("callback_by_first_due"))
            WHERE first_due_at >= ? AND first_due_at <= ?
            """, arguments: [todayStart, now])!
        figures.fellDue = sums[1] + due[0]
        figures.onTime = sums[2] + due[1]
        // Open calls due earlier today are overdue; the rest of today's are due later.
        let dueEarlierToday = try db.fetchOne(Int.self, sql: """
            SELECT count(*) FROM callback\(db.dialect.indexedBy("callback_open_by_due")) WHERE done_at IS NULL AND due_at >= ? AND due_at < ?
            """, arguments: [todayStart, now]) ?? 0
        figures.overdue = sums[3] + dueEarlierToday
        // Due from now to the end of the UTC day, moved to the end of the viewer's day.
        figures.dueLaterToday = sums[4] - dueEarlierToday
        let (from, to) = (min(localDayEnd, tomorrow), max(localDayEnd, tomorrow))
        if from < to {
            let between = try db.fetchOne(Int.self, sql: """
                SELECT count(*) FROM callback\(db.dialect.indexedBy("callback_open_by_due")) WHERE done_at IS NULL AND due_at >= ? AND due_at < ?
                """, arguments: [from, to]) ?? 0
            figures.dueLaterToday += localDayEnd > tomorrow ? between : -between
        }
        figures.open = sums[5]
        var dense: [Int] = []
        for blob in try db.fetchAll(Data.self, sql: "SELECT delays FROM loop_day WHERE day BETWEEN ? AND ? AND delays IS NOT NULL",
                                      arguments: [month.lowerBound, month.upperBound]) {
            CallDelayHistogram.accumulate(encoded: blob, into: &dense)
        }
        figures.delays = CallDelayHistogram(dense: dense)
        // Calls closed today after now are not counted yet.
        let later = try db.fetchAll(Int.self, sql: """
            SELECT done_at - created_at FROM callback\(db.dialect.indexedBy("callback_done_by_time")) WHERE done_at IS NOT NULL AND done_at > ? AND done_at < ?
            """, arguments: [now, tomorrow])
        for seconds in later { figures.delays.add(seconds: seconds, count: -1) }
        return figures
    }
}

import Foundation
import GRDB
import GapdeskDomain

/// Per-day counts behind the header's 30-day figures (UTC days), kept
/// current by the writes that change them, so the header costs the same at
/// any size: the days before today come from at most 29 rows and a few
/// thousand delay counts; only today is counted from the calls themselves.
struct LoopSummary {
    private var critical: [Int64: Int] = [:]
    private var fellDue: [Int64: Int] = [:]
    private var onTime: [Int64: Int] = [:]
    private var delays: [Int64: CallDelayHistogram] = [:]

    static func day(_ epochSeconds: Int64) -> Int64 {
        epochSeconds >= 0 ? epochSeconds / 86_400 : -((-epochSeconds + 86_399) / 86_400)
    }

    /// A response recorded: critical ones count, their callbacks fall due.
    mutating func responseRecorded(receivedAt: Int64, critical isCritical: Bool, firstDueAt: Int64?) {
        if isCritical { critical[Self.day(receivedAt), default: 0] += 1 }
        if let firstDueAt { fellDue[Self.day(firstDueAt), default: 0] += 1 }
    }

    /// A call closed (`sign` 1), or a close undone (`sign` -1).
    mutating func callClosed(receivedAt: Int64, firstDueAt: Int64, doneAt: Int64, sign: Int = 1) {
        if doneAt <= firstDueAt { onTime[Self.day(firstDueAt), default: 0] += sign }
        delays[Self.day(doneAt), default: CallDelayHistogram()].add(seconds: Int(doneAt - receivedAt), count: sign)
    }

    /// Writes the changes gathered so far.
    func apply(_ db: Database) throws {
        let days = Set(critical.keys).union(fellDue.keys).union(onTime.keys)
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO loop_day(day, critical, fell_due, on_time) VALUES (?, ?, ?, ?)
            ON CONFLICT(day) DO UPDATE SET critical = critical + excluded.critical, fell_due = fell_due + excluded.fell_due,
                on_time = on_time + excluded.on_time
            """)
        for day in days {
            try upsert.execute(arguments: [day, critical[day] ?? 0, fellDue[day] ?? 0, onTime[day] ?? 0])
        }
        let delay = try db.cachedStatement(sql: """
            INSERT INTO call_delay_day(day, bucket, calls) VALUES (?, ?, ?)
            ON CONFLICT(day, bucket) DO UPDATE SET calls = calls + excluded.calls
            """)
        for (day, histogram) in delays {
            for (bucket, count) in histogram.counts { try delay.execute(arguments: [day, bucket, count]) }
        }
    }

    /// Recounts everything from the responses and calls (for a new summary, or after a bulk load).
    static func rebuild(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM loop_day; DELETE FROM call_delay_day")
        var summary = LoopSummary()
        let responses = try Row.fetchCursor(db, sql: """
            SELECT r.received_at, c.first_due_at, c.done_at FROM response r INDEXED BY response_critical_by_time
            LEFT JOIN callback c ON c.response_id = r.id WHERE r.critical = 1
            """)
        while let row = try responses.next() {
            let received: Int64 = row[0]
            let firstDue: Int64? = row[1]
            summary.responseRecorded(receivedAt: received, critical: true, firstDueAt: firstDue)
            if let firstDue, let done = row[2] as Int64? { summary.callClosed(receivedAt: received, firstDueAt: firstDue, doneAt: done) }
        }
        try summary.apply(db)
    }

    /// The 30-day figures over whole UTC days: the 29 days before today from
    /// the summary, today (up to now) from the calls themselves.
    static func figures(_ db: Database, now: Int64) throws -> (critical: Int, fellDue: Int, onTime: Int, delays: CallDelayHistogram) {
        let today = day(now), todayStart = today * 86_400, first = today - 29
        let summed = try Row.fetchOne(db, sql: """
            SELECT coalesce(sum(critical), 0), coalesce(sum(fell_due), 0), coalesce(sum(on_time), 0)
            FROM loop_day WHERE day >= ? AND day < ?
            """, arguments: [first, today])!
        var critical: Int = summed[0], fellDue: Int = summed[1], onTime: Int = summed[2]
        critical += try Int.fetchOne(db, sql: """
            SELECT count(*) FROM response INDEXED BY response_critical_by_time WHERE critical = 1 AND received_at >= ? AND received_at <= ?
            """, arguments: [todayStart, now]) ?? 0
        let due = try Row.fetchOne(db, sql: """
            SELECT count(*), coalesce(sum(done_at IS NOT NULL AND done_at <= first_due_at), 0) FROM callback
            WHERE first_due_at >= ? AND first_due_at <= ?
            """, arguments: [todayStart, now])!
        fellDue += due[0]
        onTime += due[1]
        var delays = CallDelayHistogram()
        let buckets = try Row.fetchCursor(db, sql: """
            SELECT bucket, sum(calls) FROM call_delay_day WHERE day >= ? AND day < ? GROUP BY bucket
            """, arguments: [first, today])
        while let row = try buckets.next() { delays.add(bucket: row[0], count: row[1]) }
        let calls = try Row.fetchCursor(db, sql: """
            SELECT c.done_at - r.received_at FROM callback c INDEXED BY callback_done_by_time JOIN response r ON r.id = c.response_id
            WHERE c.done_at IS NOT NULL AND c.done_at >= ? AND c.done_at <= ?
            """, arguments: [todayStart, now])
        while let row = try calls.next() { delays.add(seconds: row[0]) }
        return (critical, fellDue, onTime, delays)
    }
}

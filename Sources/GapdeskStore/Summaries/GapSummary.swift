import Foundation
import GapdeskDomain

/// A critical response as the gap summary counts it: each of its root causes
/// gets shortfall × value × 1/k of it, on the UTC day it arrived.
struct TaggedResponse {
    var receivedAt: Int64
    var customerId: Int64
    var customerValue: Double?
    var shortfall: Double
    /// Distinct root causes (k of them).
    var causes: [Int64]
    var waived: Double

    var day: Int64 { UTCDay.of(epochSeconds: receivedAt) }
}

/// What the gap ranking reads instead of the responses, kept current by every
/// write that changes it, so ranking costs causes × days rows at any size:
///
/// - `gap_day`, per UTC day and root cause: tagged critical responses, their
///   Σ shortfall × value × 1/k (ageing is applied when read, by whole days),
///   guarantees waived, and the customers whose latest response tagged with
///   the cause is on that day (with their values): summed over a period that
///   ends today, these count each customer once;
/// - `gap_customer`: that latest day, per root cause and customer;
/// - `fix.recurrences`: responses tagged with the gap received after its fix was done.
///
/// Sums are integers (billionths of a point, cents; see `Exact`), so they
/// come out the same whatever order and transactions the responses arrive in.
///
/// Value weights divide by the median customer value to two significant
/// figures (`store_meta` 'value_median'): a function of the customers in the
/// store, measured after every import and every `add` of a valued customer,
/// re-weighing everything only when that rounded median changes, so a score
/// does not shift with every new customer, and the same customers give the
/// same ranking however they arrived.
struct GapSummary {
    struct Basis: Equatable {
        var median: Double?
        var range: ClosedRange<Double>

        /// shortfall × value weight × 1/k, in billionths.
        func unaged(_ response: TaggedResponse) -> Int64 {
            Exact.billionths(response.shortfall * ReturnOnSatisfaction.valueWeight(response.customerValue, median: median, range: range)
                / Double(max(1, response.causes.count)))
        }
    }

    static let medianDigits = 2

    let basis: Basis
    private struct DayKey: Hashable { var day: Int64, causeId: Int64 }
    struct PairKey: Hashable, Comparable {
        var causeId: Int64, customerId: Int64
        static func < (a: PairKey, b: PairKey) -> Bool { (a.causeId, a.customerId) < (b.causeId, b.customerId) }
    }
    private struct Sums { var responses = 0, unaged: Int64 = 0, waived: Int64 = 0, customersLast = 0, valueLast: Int64 = 0 }
    private var days: [DayKey: Sums] = [:]
    /// The latest day each cause and customer was seen in what was counted (and
    /// the customer's value in cents), for `apply` to compare with the store.
    private var seen: [PairKey: (day: Int64, value: Int64)] = [:]
    /// The latest day the store holds for each cause and customer `apply` has
    /// read or written: a later chunk reads only the pairs it has not met.
    var lastDays: [PairKey: Int64] = [:]
    private var recurrences: [Int64: Int] = [:]
    /// When each done fix was done, by cause.
    private let doneFixes: [Int64: Int64]

    init(_ db: any SQLSession, settings: TeamSettings) throws {
        basis = try Self.basis(db, settings: settings)
        var done: [Int64: Int64] = [:]
        for row in try db.fetchAll(sql: "SELECT cause_id, done_at FROM fix WHERE status = 'done' AND done_at IS NOT NULL") {
            done[row[0]] = row[1]
        }
        doneFixes = done
    }

    static func basis(_ db: any SQLSession, settings: TeamSettings) throws -> Basis {
        Basis(median: try storedMedian(db), range: settings.valueWeightRange)
    }

    /// The median the summary's value weights were counted with.
    static func storedMedian(_ db: any SQLSession) throws -> Double? {
        try db.fetchOne(String.self, sql: "SELECT value FROM store_meta WHERE key = 'value_median'").flatMap(Double.init)
    }

    /// Adds a response to its causes' days (`sign` -1 takes it away again).
    mutating func count(_ response: TaggedResponse, sign: Int = 1) {
        let unaged = basis.unaged(response), waived = Exact.cents(response.waived)
        for cause in response.causes {
            let key = DayKey(day: response.day, causeId: cause)
            days[key, default: Sums()].responses += sign
            days[key]!.unaged += Int64(sign) * unaged
            days[key]!.waived += Int64(sign) * waived
            if let doneAt = doneFixes[cause], response.receivedAt > doneAt { recurrences[cause, default: 0] += sign }
        }
    }

    /// Notes that the customer's response tagged with each of its causes
    /// arrived on its day; `apply` moves the customer's latest day forward if needed.
    mutating func saw(_ response: TaggedResponse) {
        for cause in response.causes {
            let key = PairKey(causeId: cause, customerId: response.customerId)
            if let known = seen[key], known.day >= response.day { continue }
            seen[key] = (response.day, Exact.cents(response.customerValue ?? 0))
        }
    }

    /// Writes what was counted, and resets.
    mutating func apply(_ db: any SQLSession) throws {
        if !seen.isEmpty {
            // A cause at a time, with its own customers: every key looked up is a pair seen (all
            // causes by all customers would seek their product).
            for (causeId, pairs) in Dictionary(grouping: seen.keys.filter { lastDays[$0] == nil }, by: \.causeId) {
                try db.forEachRow(sql: """
                    SELECT g.customer_id, g.last_day FROM \(db.dialect.keyTable(.integer))
                    CROSS JOIN gap_customer g WHERE g.cause_id = ? AND g.customer_id = k.value
                    """, arguments: [SQLValue.list(pairs.map(\.customerId)), causeId]) { row in
                    lastDays[PairKey(causeId: causeId, customerId: row[0])] = row[1]
                }
            }
            var later: [[SQLValue]] = []
            for (pair, latest) in seen {
                let old = lastDays[pair]
                if let old, old >= latest.day { continue }
                if let old { moveLast(pair, value: latest.value, from: old, to: nil) }
                moveLast(pair, value: latest.value, from: nil, to: latest.day)
                later.append([.integer(pair.causeId), .integer(pair.customerId), .integer(latest.day)])
                lastDays[pair] = latest.day
            }
            try db.insertRows(into: "gap_customer", columns: ["cause_id", "customer_id", "last_day"], later,
                              conflict: "ON CONFLICT(cause_id, customer_id) DO UPDATE SET last_day = excluded.last_day")
            seen.removeAll()
        }
        try db.insertRows(into: "gap_day", columns: ["day", "cause_id", "responses", "unaged", "waived", "customers_last", "value_last"],
                          days.map { key, sums in
            ([key.day, key.causeId, sums.responses, sums.unaged, sums.waived, sums.customersLast, sums.valueLast] as SQLArguments).values
        }, conflict: """
            ON CONFLICT(day, cause_id) DO UPDATE SET responses = gap_day.responses + excluded.responses, unaged = gap_day.unaged + excluded.unaged,
                waived = gap_day.waived + excluded.waived, customers_last = gap_day.customers_last + excluded.customers_last,
                value_last = gap_day.value_last + excluded.value_last
            """)
        days.removeAll()
        let recur = try db.prepare("UPDATE fix SET recurrences = recurrences + ? WHERE cause_id = ?")
        for (cause, count) in recurrences where count != 0 { try recur.run(count, cause) }
        recurrences.removeAll()
    }

    private mutating func moveLast(_ pair: PairKey, value: Int64, from old: Int64?, to new: Int64?) {
        if let old {
            days[DayKey(day: old, causeId: pair.causeId), default: Sums()].customersLast -= 1
            days[DayKey(day: old, causeId: pair.causeId)]!.valueLast -= value
        }
        if let new {
            days[DayKey(day: new, causeId: pair.causeId), default: Sums()].customersLast += 1
            days[DayKey(day: new, causeId: pair.causeId)]!.valueLast += value
        }
    }

    /// Sets the customer's latest day for a cause from the responses
    /// themselves (after a tag is taken away it can move back, or vanish).
    mutating func recheckLastSeen(_ db: any SQLSession, causeId: Int64, customerId: Int64, value: Double?) throws {
        let latest = try db.fetchOne(Int64.self, sql: UpkeepRead.lastTagged.sql(db.dialect), arguments: [causeId, customerId])
            .map { UTCDay.of(epochSeconds: $0) }
        let old = try db.fetchOne(Int64.self, sql: "SELECT last_day FROM gap_customer WHERE cause_id = ? AND customer_id = ?",
                                     arguments: [causeId, customerId])
        guard latest != old else { return }
        moveLast(PairKey(causeId: causeId, customerId: customerId), value: Exact.cents(value ?? 0), from: old, to: latest)
        if let latest {
            try db.execute(sql: """
                INSERT INTO gap_customer(cause_id, customer_id, last_day) VALUES (?, ?, ?)
                ON CONFLICT(cause_id, customer_id) DO UPDATE SET last_day = excluded.last_day
                """, arguments: [causeId, customerId, latest])
        } else {
            try db.execute(sql: "DELETE FROM gap_customer WHERE cause_id = ? AND customer_id = ?", arguments: [causeId, customerId])
        }
    }

    /// The response as the summary counts it now; nil when it counts for nothing
    /// (not critical, or not tagged).
    static func tagged(_ db: any SQLSession, responseId: Int64) throws -> TaggedResponse? {
        guard let row = try db.fetchOne(sql: """
            SELECT r.received_at, r.customer_id, cu.value, r.shortfall,
                   (SELECT coalesce(sum(amount), 0) FROM guarantee WHERE response_id = r.id) AS waived
            FROM response r JOIN customer cu ON cu.id = r.customer_id WHERE r.id = ? AND r.critical = 1
            """, arguments: [responseId]) else { return nil }
        let causes = try db.fetchAll(Int64.self, sql: "SELECT cause_id FROM response_cause WHERE response_id = ?", arguments: [responseId])
        guard !causes.isEmpty else { return nil }
        return TaggedResponse(receivedAt: row[0], customerId: row[1], customerValue: row[2], shortfall: row[3], causes: causes, waived: row[4])
    }

    /// Runs `change`, which alters a response's tags or guarantees, and moves
    /// the response's part of the summary from what it was to what it is.
    static func recounting<T>(_ db: any SQLSession, responseId: Int64, _ change: () throws -> T) throws -> T {
        let before = try tagged(db, responseId: responseId)
        let result = try change()
        let after = try tagged(db, responseId: responseId)
        guard before != nil || after != nil else { return result }
        var summary = try GapSummary(db, settings: try Store.teamSettings(db))
        if let before { summary.count(before, sign: -1) }
        if let after { summary.count(after) }
        let customer = (after ?? before)!
        for cause in Set(before?.causes ?? []).union(after?.causes ?? []) {
            try summary.recheckLastSeen(db, causeId: cause, customerId: customer.customerId, value: customer.customerValue)
        }
        try summary.apply(db)
        return result
    }

    /// Counts the responses tagged with a gap since its fix was done (0 when it is not done).
    static func recountRecurrences(_ db: any SQLSession, causeId: Int64) throws {
        try db.execute(sql: """
            UPDATE fix SET recurrences = CASE WHEN status = 'done' AND done_at IS NOT NULL THEN
                (SELECT count(*) FROM response_cause x JOIN response r ON r.id = x.response_id
                  WHERE x.cause_id = fix.cause_id AND r.critical = 1 AND r.received_at > fix.done_at)
                ELSE 0 END
            WHERE cause_id = ?
            """, arguments: [causeId])
    }

    /// The median of the customer values that are set, from the customers
    /// themselves, to two significant figures.
    static func measureMedian(_ db: any SQLSession) throws -> Double? {
        let count = try db.fetchOne(Int.self, sql: UpkeepRead.valuedCustomers.sql(db.dialect)) ?? 0
        guard count > 0 else { return nil }
        let middle = try db.fetchAll(Double.self, sql: UpkeepRead.middleValues.sql(db.dialect), arguments: [2 - count % 2, (count - 1) / 2])
        // The middle value, or the two middle ones.
        return Statistics.median(ofSorted: middle).map { Statistics.rounded($0, significantDigits: medianDigits) }
    }

    /// Measures the median customer value again and, when it changed, re-weighs
    /// the whole summary. True when it did.
    /// `always`: store the median and recount even if it did not change (a new summary).
    @discardableResult
    static func remeasure(_ db: any SQLSession, always: Bool = false) throws -> Bool {
        let median = try measureMedian(db), stored = try storedMedian(db)
        guard always || median != stored else { return false }
        if let median {
            try db.execute(sql: "INSERT INTO store_meta(key, value) VALUES ('value_median', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [String(median)])
        } else {
            try db.execute(sql: "DELETE FROM store_meta WHERE key = 'value_median'")
        }
        try rebuild(db)
        return true
    }

    /// Recounts everything from the responses, with the stored median (a
    /// changed threshold or value range; `remeasure` for a new median).
    static func rebuild(_ db: any SQLSession) throws {
        try db.execute(sql: "DELETE FROM gap_day; DELETE FROM gap_customer; UPDATE fix SET recurrences = 0")
        var summary = try GapSummary(db, settings: try Store.teamSettings(db))
        var current: (id: Int64, response: TaggedResponse)?
        try db.forEachRow(sql: """
            SELECT r.id, r.received_at, r.customer_id, cu.value, r.shortfall, x.cause_id,
                   (SELECT coalesce(sum(amount), 0) FROM guarantee WHERE response_id = r.id)
            FROM response r JOIN response_cause x ON x.response_id = r.id JOIN customer cu ON cu.id = r.customer_id
            WHERE r.critical = 1 ORDER BY r.id
            """, arguments: []) { row in
            let id: Int64 = row[0]
            if current?.id == id {
                current!.response.causes.append(row[5])
                return
            }
            if let done = current { summary.count(done.response) }
            current = (id, TaggedResponse(receivedAt: row[1], customerId: row[2], customerValue: row[3], shortfall: row[4],
                                          causes: [row[5]], waived: row[6]))
        }
        if let done = current { summary.count(done.response) }
        // Each customer's latest day per cause, in one grouped pass (floor division keeps days before 1970 right).
        try db.execute(sql: """
            INSERT INTO gap_customer(cause_id, customer_id, last_day)
            SELECT x.cause_id, r.customer_id, (max(r.received_at) - ((max(r.received_at) % 86400) + 86400) % 86400) / 86400
            FROM response r JOIN response_cause x ON x.response_id = r.id WHERE r.critical = 1 GROUP BY x.cause_id, r.customer_id
            """)
        try db.forEachRow(sql: """
            SELECT g.last_day, g.cause_id, count(*), coalesce(sum(CAST(round(cu.value * 100) AS BIGINT)), 0) FROM gap_customer g
            JOIN customer cu ON cu.id = g.customer_id GROUP BY g.last_day, g.cause_id
            """, arguments: []) { row in
            let key = DayKey(day: row[0], causeId: row[1])
            summary.days[key, default: Sums()].customersLast += row[2]
            summary.days[key]!.valueLast += row[3] as Int64  // cents, rounded per customer as `saw` does
        }
        try summary.apply(db)
    }
}

import Foundation
import GRDB
import GapdeskDomain

/// One response behind a gap's score, with what the breakdown shows of it.
public struct BreakdownLine: Sendable, Hashable {
    public var contribution: ReturnOnSatisfaction.Contribution
    public var receivedAt: Date
    public var customer: String
    public var rating: Int
    public var scale: RatingScale
    public var site: String
    public var staff: String?

    public static func == (a: BreakdownLine, b: BreakdownLine) -> Bool {
        a.contribution == b.contribution && a.receivedAt == b.receivedAt && a.customer == b.customer
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(contribution.responseId) }
}

/// The "why this rank" of one gap.
public struct GapBreakdown: Sendable, Hashable {
    public var row: GapRow
    public var effort: Double
    public var medianValue: Double?
    public var parameters: ReturnOnSatisfaction.Parameters
    public var lines: [BreakdownLine]
    /// Responses in the window by site and by staff member, most first.
    public var bySite: [(String, Int)]
    public var byStaff: [(String, Int)]
    /// Responses that arrived after the fix was done, newest first.
    public var recurredBy: [LowRatedRow]

    public var sum: Double { lines.reduce(0) { $0 + $1.contribution.amount } }

    public static func == (a: GapBreakdown, b: GapBreakdown) -> Bool { a.row == b.row && a.lines == b.lines }
    public func hash(into hasher: inout Hasher) { hasher.combine(row) }
}

/// Computes the ranking from the store, with the rules in `ReturnOnSatisfaction`.
struct GapRanking {
    let db: Database
    let now: Date
    let settings: TeamSettings
    let parameters: ReturnOnSatisfaction.Parameters
    let medianValue: Double?
    private let values: CustomerValues

    init(db: Database, now: Date, windowDays: Int?) throws {
        self.db = db
        self.now = now
        settings = try Store.teamSettings(db)
        var parameters = ReturnOnSatisfaction.Parameters(settings)
        if let windowDays { parameters.windowDays = max(1, windowDays) }
        self.parameters = parameters
        values = try CustomerValues(db)
        medianValue = values.median
    }

    struct Tagged {
        var input: ReturnOnSatisfaction.Input
        var customerId: Int64
        var waived: Double
    }

    /// The earliest moment anything needs: the window, or the 60 days the 30-day trend compares.
    var earliest: Int64 { now.epochSeconds - Int64(max(parameters.windowDays, 60)) * 86_400 }

    /// Every tagged critical response since `earliest`, by cause.
    /// Tagged critical responses in time order, so each response's tags come
    /// together: how many it has (k) is counted on the way, not looked up.
    static let taggedSQL = """
        SELECT x.cause_id, r.id, r.received_at, r.shortfall, r.customer_id
        FROM response r INDEXED BY response_critical_by_time JOIN response_cause x ON x.response_id = r.id
        WHERE r.critical = 1 AND r.received_at > ? AND r.received_at <= ? ORDER BY r.received_at, r.id
        """

    /// Calls `body` with each tagged critical response since `earliest` and its
    /// cause, one at a time. Customer values and guarantees are read once
    /// beforehand: joining them per row was most of the ranking's cost.
    func forEachTagged(_ body: (Int64, Tagged) -> Void) throws {
        var waived: [Int64: Double] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT response_id, sum(amount) FROM guarantee GROUP BY response_id") {
            waived[row[0]] = row[1]
        }
        var causes: [Int64] = []
        var current: (id: Int64, receivedAt: Int64, shortfall: Double, customerId: Int64)?
        func emit() {
            guard let response = current else { return }
            let input = ReturnOnSatisfaction.Input(responseId: response.id, receivedAt: Date(epochSeconds: response.receivedAt),
                                                   shortfall: response.shortfall, customerValue: values[response.customerId],
                                                   tagCount: causes.count)
            let item = Tagged(input: input, customerId: response.customerId, waived: waived[response.id] ?? 0)
            for cause in causes { body(cause, item) }
        }
        let cursor = try Row.fetchCursor(db, sql: Self.taggedSQL, arguments: [earliest, now.epochSeconds])
        while let row = try cursor.next() {
            let responseId: Int64 = row[1]
            if current?.id != responseId {
                emit()
                causes.removeAll(keepingCapacity: true)
                current = (responseId, row[2], row[3], row[4])
            }
            causes.append(row[0])
        }
        emit()
    }

    /// Each cause's figures, tallied in one pass without holding the responses
    /// (a large store has hundreds of thousands in the window); `alsoEach`
    /// sees every response on the way.
    func tallies(alsoEach: (Int64, Tagged) -> Void = { _, _ in }) throws -> [Int64: GapTally] {
        var tallies: [Int64: GapTally] = [:]
        let weeks = max(1, (parameters.windowDays + 6) / 7)
        try forEachTagged { causeId, item in
            tallies[causeId, default: GapTally(weeks: weeks)].add(item, ranking: self)
            alsoEach(causeId, item)
        }
        return tallies
    }

    func rows(filter: ListFilter) throws -> [GapRow] {
        try rows(filter: filter, tallies: tallies())
    }

    func rows(filter: ListFilter, tallies: [Int64: GapTally]) throws -> [GapRow] {
        let causes = try Row.fetchAll(db, sql: """
            SELECT rc.id, rc.name, rc.kind, rc.team, f.status, f.owner, f.effort, f.revision, f.done_at,
                   (SELECT count(*) FROM response_cause x JOIN response r ON r.id = x.response_id
                     WHERE x.cause_id = rc.id AND r.critical = 1 AND f.done_at IS NOT NULL AND r.received_at > f.done_at AND r.received_at <= ?) AS since_done
            FROM root_cause rc LEFT JOIN fix f ON f.cause_id = rc.id
            """, arguments: [now.epochSeconds])
        let weeks = max(1, (parameters.windowDays + 6) / 7)
        var rows: [GapRow] = []
        for cause in causes {
            let name: String = cause["name"]
            if let text = filter.text, !text.isEmpty,
               !name.localizedCaseInsensitiveContains(text) && !((cause["team"] as String?) ?? "").localizedCaseInsensitiveContains(text) {
                continue
            }
            rows.append(row(cause, tally: tallies[cause["id"]] ?? GapTally(weeks: weeks)))
        }
        rows.sort { ReturnOnSatisfaction.ranksBefore(($0.score, $0.countInWindow, $0.name), ($1.score, $1.countInWindow, $1.name)) }
        for index in rows.indices { rows[index].rank = index + 1 }
        return rows
    }

    func row(_ cause: Row, tally: GapTally) -> GapRow {
        let effort: Double? = cause["effort"]
        let status = (cause["status"] as String?).flatMap(FixStatus.init(rawValue:))
        let verdict = FixVerdict.judge(status: status, doneAt: (cause["done_at"] as Int64?).map(Date.init(epochSeconds:)),
                                       taggedSinceDone: cause["since_done"], now: now, quietPeriodDays: settings.fixQuietDays)
        return GapRow(causeId: cause["id"], name: cause["name"], kind: (cause["kind"] as Int?).flatMap(GapKind.init(rawValue:)),
                      team: cause["team"], score: tally.weightedSum / ReturnOnSatisfaction.usedEffort(effort, parameters: parameters),
                      weightedSum: tally.weightedSum, countInWindow: tally.countInWindow,
                      count30d: tally.count30d, countPrevious30d: tally.countPrevious30d, count7d: tally.count7d,
                      warning: EarlyWarning.isWarning(lastWeek: tally.count7d, countBefore: tally.countInWindow - tally.count7d,
                                                      windowDays: parameters.windowDays),
                      customers30d: tally.customers30d.count, weekly: tally.weekly, waived: tally.waived,
                      moneyAtRisk: tally.waived + tally.valueByCustomer.values.reduce(0, +), owner: cause["owner"], fixStatus: status,
                      verdict: verdict, effort: effort, fixRevision: cause["revision"] ?? 0, rank: 0)
    }

    /// The breakdowns of the given gaps (all when nil), in rank order, from one reading of the responses.
    func breakdowns(causeIds: Set<Int64>?) throws -> [GapBreakdown] {
        // One reading of the window serves the ranking and the chosen gaps' responses.
        var byCause: [Int64: [Tagged]] = [:]
        let tallies = try tallies { causeId, item in
            if causeIds?.contains(causeId) ?? true { byCause[causeId, default: []].append(item) }
        }
        return try rows(filter: ListFilter(), tallies: tallies)
            .filter { causeIds?.contains($0.causeId) ?? true }
            .map { try breakdown($0, tagged: byCause[$0.causeId] ?? []) }
    }

    func breakdown(_ ranked: GapRow, tagged: [Tagged]) throws -> GapBreakdown {
        let causeId = ranked.causeId
        let score = ReturnOnSatisfaction.score(tagged.map(\.input), effort: ranked.effort, now: now, medianValue: medianValue, parameters: parameters)
        let details = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: """
            SELECT r.id, r.received_at, r.rating, r.scale, cu.name AS customer, s.name AS site, st.name AS staff
            FROM response_cause x JOIN response r ON r.id = x.response_id JOIN customer cu ON cu.id = r.customer_id
            JOIN site s ON s.id = r.site_id LEFT JOIN staff st ON st.id = r.staff_id
            WHERE x.cause_id = ? AND r.critical = 1 AND r.received_at > ? AND r.received_at <= ?
            """, arguments: [causeId, earliest, now.epochSeconds])
            .map { ($0["id"] as Int64, $0) })
        func line(_ contribution: ReturnOnSatisfaction.Contribution) -> BreakdownLine? {
            guard let row = details[contribution.responseId] else { return nil }
            return BreakdownLine(contribution: contribution, receivedAt: Date(epochSeconds: row["received_at"]), customer: row["customer"],
                                 rating: row["rating"], scale: RatingScale(code: row["scale"]) ?? .csat5, site: row["site"], staff: row["staff"])
        }
        let lines = score.contributions.compactMap(line).sorted { $0.contribution.amount > $1.contribution.amount }
        func tally(_ key: (BreakdownLine) -> String?) -> [(String, Int)] {
            var counts: [String: Int] = [:]
            for line in lines { if let name = key(line) { counts[name, default: 0] += 1 } }
            return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        }
        var recurredBy: [LowRatedRow] = []
        if case .recurred = ranked.verdict, let doneAt = try Int64.fetchOne(db, sql: "SELECT done_at FROM fix WHERE cause_id = ?", arguments: [causeId]) {
            let (sql, arguments) = Store.lowRatedQuery(filter: ListFilter(), limit: 50, offset: 0, causeId: causeId)
            recurredBy = try Row.fetchAll(db, sql: sql, arguments: arguments).map(Store.lowRatedRow(from:))
                .filter { $0.receivedAt.epochSeconds > doneAt }
        }
        return GapBreakdown(row: ranked, effort: score.effort, medianValue: medianValue, parameters: parameters, lines: lines,
                            bySite: tally(\.site), byStaff: tally(\.staff), recurredBy: recurredBy)
    }
}

extension Store {
    /// Staff and sites whose customers give top scores far more often than
    /// their peers' while leaving few comments (see `PressureSignals`).
    public func pressureSignals(now: Date, windowDays: Int? = nil) throws(StoreError) -> (staff: [PressureSignals.Signal], sites: [PressureSignals.Signal]) {
        try read { db in
            let days = try windowDays ?? Self.teamSettings(db).rankingWindowDays
            let (staff, sites) = try PressureSummary.tallies(db, now: now.epochSeconds, days: days)
            return (PressureSignals.signals(staff), PressureSignals.signals(sites))
        }
    }
}

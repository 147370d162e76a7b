import Foundation
import GapdeskDomain
import GRDB
import Testing
@testable import GapdeskStore

@Suite struct ListsAndFiguresTests {
    let now = TestStore.now
    func hoursAgo(_ hours: Double) -> Date { now.addingTimeInterval(-hours * 3600) }

    @Test(arguments: TestEngine.available) func onlyCriticalResponsesGetCallbacks(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        let top = try test.add("Top", rating: 5)
        let four = try test.add("Four", rating: 4)
        let nine = try test.add("Nine", rating: 9, scale: .nps10)
        #expect(!top.critical && top.callbackId == nil)
        #expect(four.critical && four.callbackId != nil)
        #expect(nine.critical)
    }

    @Test(arguments: TestEngine.available) func aCallbackIsDueOneBusinessDayLater(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        // Friday 27 Feb 2026 18:00 UTC; site hours default Mon-Fri 09-17 UTC.
        let friday = Clock.parseInstant("2026-02-27T18:00:00Z")!
        let recorded = try test.add("Fri", rating: 2, at: friday)
        #expect(recorded.dueAt == Clock.parseInstant("2026-03-02T17:00:00Z"))
    }

    @Test(arguments: TestEngine.available) func theQueuePutsOverdueFirstThenByDueTime(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        try test.add("Due later", rating: 3, at: hoursAgo(1))           // due tomorrow 08:00
        try test.add("Very overdue", rating: 1, at: hoursAgo(24 * 5))  // long overdue
        try test.add("Overdue", rating: 2, at: hoursAgo(24 * 4))
        let queue = try test.store.queue(limit: 10)
        #expect(queue.map(\.customer) == ["Very overdue", "Overdue", "Due later"])
        #expect(try test.store.queue(limit: 2).count == 2)
        #expect(try test.store.queue(limit: 2, offset: 2).map(\.customer) == ["Due later"])
    }

    @Test(arguments: TestEngine.available) func theListQueriesAsTextAreTheQueriesTheListsRun(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        try test.add("Early", rating: 1, at: hoursAgo(30), tags: ["slow"])
        try test.add("Late", rating: 2, at: hoursAgo(2))
        let texts = try test.store.listQueriesAsText(now: now, limit: 10)
        #expect(texts.count == 3 && texts.allSatisfy { !$0.contains("?") })
        let (queueFirst, lowRatedFirst, tagged) = try test.store.read { db in
            (try db.fetchOne(sql: texts[0])?["customer"] as String?, try db.fetchOne(sql: texts[1])?["customer"] as String?,
             try db.fetchAll(sql: texts[2]).count)
        }
        #expect(queueFirst == (try test.store.queue(limit: 1).first?.customer) && queueFirst == "Early")
        #expect(lowRatedFirst == (try test.store.lowRated(limit: 1).first?.customer) && lowRatedFirst == "Late")
        #expect(tagged == 1)
    }

    @Test(arguments: TestEngine.available) func lowRatedShowsNewestCriticalWithTagsAndCallbackState(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        try test.add("Old", rating: 2, at: hoursAgo(30), tags: ["car not ready when promised"])
        try test.add("Happy", rating: 5, at: hoursAgo(2))
        try test.add("New", rating: 3, at: hoursAgo(1), phone: nil, tags: ["price higher than quoted", "alignment not checked"])
        let rows = try test.store.lowRated(limit: 10)
        #expect(rows.map(\.customer) == ["New", "Old"])
        #expect(rows[0].tags == ["alignment not checked", "price higher than quoted"])
        #expect(rows[0].phone == nil)
        #expect(rows[0].callback?.doneAt == nil)
    }

    @Test(arguments: TestEngine.available) func filtersMatchLiterallyEvenWithWildcardsAndQuotes(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        try test.add("Ann", rating: 2, comment: "100% wrong")
        try test.add("Bob", rating: 2, comment: "100 percent wrong")
        try test.add("O'Brien", rating: 2, comment: "a_b")
        try test.add("Cy", rating: 2, comment: "axb'); DROP TABLE response; --")
        #expect(try test.store.lowRated(filter: ListFilter(text: "100%"), limit: 10).map(\.customer) == ["Ann"])
        #expect(try test.store.lowRated(filter: ListFilter(text: "a_b"), limit: 10).map(\.customer) == ["O'Brien"])
        #expect(try test.store.lowRated(filter: ListFilter(text: "o'brien"), limit: 10).map(\.customer) == ["O'Brien"])
        #expect(try test.store.lowRated(filter: ListFilter(text: "DROP TABLE"), limit: 10).map(\.customer) == ["Cy"])
        #expect(try test.store.lowRated(filter: ListFilter(text: "\\"), limit: 10).isEmpty)
        #expect(try test.store.lowRated(limit: 10).count == 4, "nothing was dropped")
    }

    @Test(arguments: TestEngine.available) func filtersBySiteStaffAndTag(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        try test.add("North", rating: 2, tags: ["late"], site: "North")
        try test.add("South", rating: 2, tags: ["dirty"], site: "South")
        #expect(try test.store.queue(filter: ListFilter(site: "nor"), limit: 10).map(\.customer) == ["North"])
        #expect(try test.store.lowRated(filter: ListFilter(tag: "dirt"), limit: 10).map(\.customer) == ["South"])
    }

    @Test(arguments: TestEngine.available) func aSiteFilterTakesTheSitesShortLabelToo(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        try test.add("Mia", rating: 2, site: "Swiftline Parcels Manchester")
        try test.add("Lou", rating: 2, site: "Swiftline Parcels Liverpool")
        try test.store.changeSetting("site.Manchester.short", to: "MCR", by: test.admin, at: now)
        let mcr = ListFilter(site: "mcr")
        #expect(try test.store.queue(filter: mcr, limit: 10).map(\.customer) == ["Mia"], "the label every screen shows")
        #expect(try test.store.lowRated(filter: mcr, limit: 10).map(\.customer) == ["Mia"])
        #expect(try test.store.queueCount(filter: mcr, cap: 10).count == 1 && test.store.lowRatedCount(filter: mcr, cap: 10).count == 1)
        #expect(try test.store.queue(filter: ListFilter(site: "liver"), limit: 10).map(\.customer) == ["Lou"], "part of a name still matches")
        #expect(try test.store.queue(filter: ListFilter(site: "MC"), limit: 10).map(\.customer) == ["Mia"], "and part of a label")
    }

    @Test(arguments: TestEngine.available) func countsAgreeWithTheListsUnderEveryFilter(engine: TestEngine) throws {
        let test = try TestStore(engine: engine, demo: 500)
        let filters = [ListFilter(), ListFilter(text: "late"), ListFilter(site: "York"), ListFilter(staff: "Sam"),
                       ListFilter(tag: "alignment"), ListFilter(text: "a", site: "e", staff: "a", tag: "e")]
        for filter in filters {
            #expect(try test.store.queueCount(filter: filter, cap: 10_000).count == test.store.queue(filter: filter, limit: 10_000).count)
            #expect(try test.store.lowRatedCount(filter: filter, cap: 10_000).count == test.store.lowRated(filter: filter, limit: 10_000).count)
        }
        #expect(try test.store.lowRatedCount(filter: ListFilter(site: "a"), cap: 5) == (5, true))
        let critical = try test.store.read { try $0.fetchOne(Int.self, sql: "SELECT count(*) FROM response WHERE critical = 1") }
        #expect(try test.store.lowRatedCount(cap: 5) == (critical!, false), "unfiltered: exact, from the daily summary")
    }

    @Test(arguments: TestEngine.available) func loopFiguresCountTheDay(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        let clock = Clock(now: now, timeZone: TimeZone(identifier: "UTC")!)
        // Received last Wednesday: due Thursday, now overdue.
        let late = try test.add("Late", rating: 1, at: Clock.parseInstant("2026-02-25T10:00:00Z")!)
        // Received Friday 10:00: due Monday 10:00, later today.
        try test.add("Today", rating: 2, at: Clock.parseInstant("2026-02-27T10:00:00Z")!)
        // Received Thursday 12:00: due Friday 12:00; called back Friday 11:00 (on time).
        let onTime = try test.add("On time", rating: 3, at: Clock.parseInstant("2026-02-26T12:00:00Z")!)
        _ = try test.store.recordCall(callbackId: onTime.callbackId!, CallRecord(outcome: .thanked),
                                      by: test.admin, at: Clock.parseInstant("2026-02-27T11:00:00Z")!)
        // A no-answer attempt this morning counts as a call made today.
        _ = try test.store.recordCall(callbackId: late.callbackId!, CallRecord(outcome: .noAnswer, retryAt: now.addingTimeInterval(600)),
                                      by: test.admin, at: now.addingTimeInterval(-600))
        let figures = try test.store.loopFigures(clock: clock)
        #expect(figures.overdue == 0, "the retry moved the late call's due time to 09:10")
        #expect(figures.dueToday == 2)
        #expect(figures.madeToday == 1)
        #expect(figures.shareOnTime30d == 0.5, "of the two that fell due (Thursday, Friday), one was on time")
        #expect(figures.medianTimeToCall30d == 82_800.0)
        #expect(figures.critical30d == 3)
    }

    @Test(arguments: TestEngine.available) func aFixThatRecurredIsNotCountedAsFixedAndIsCountedAsRecurred(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        let clock = Clock(now: now, timeZone: TimeZone(identifier: "UTC")!)
        func add(_ name: String, daysAgo: Double) throws {
            try test.store.addResponse(NewResponse(customer: name, phone: "0100", site: "Main", scale: .csat5, rating: 2,
                                                   receivedAt: now.addingTimeInterval(-daysAgo * 86_400), tags: ["keys lost"]),
                                       by: test.admin, at: now.addingTimeInterval(-daysAgo * 86_400))
        }
        try add("Ann", daysAgo: 20)
        let cause = try #require(try test.store.gaps(now: now).first).causeId
        _ = try test.store.moveFix(causeId: cause, to: .done, by: test.admin, at: now.addingTimeInterval(-10 * 86_400))
        var figures = try test.store.loopFigures(clock: clock)
        #expect(figures.gapsFixed30d == 1 && figures.recurredGaps == 0)
        try add("Ben", daysAgo: 5)
        figures = try test.store.loopFigures(clock: clock)
        #expect(figures.gapsFixed30d == 0, "a fix that recurred is not a fix")
        #expect(figures.recurredGaps == 1)
        let gap = try #require(try test.store.gaps(now: now).first)
        #expect(gap.mark == .recurred && gap.verdict == .recurred(count: 1))
    }

    /// SQLite's planner; PostgreSQL's chooses by its statistics (see `SQLDialect.indexedBy`).
    @Test func everyListQueryUsesAnIndexAndNoTemporarySortOnSQLite() throws {
        let test = try TestStore(demo: 500)
        let filters = [ListFilter(), ListFilter(text: "late", site: "York", staff: "Sam", tag: "alignment")]
        var queries: [(String, SQLArguments)] = []
        for filter in filters {
            queries.append(Store.queueQuery(.sqlite, filter: filter, limit: 50, offset: 0))
            queries.append(Store.lowRatedQuery(.sqlite, filter: filter, limit: 50, offset: 0, causeId: nil))
            queries.append(Store.queueQuery(.sqlite, filter: filter, limit: 50, offset: 0, countOnly: true))
            queries.append(Store.lowRatedQuery(.sqlite, filter: filter, limit: 50, offset: 0, causeId: nil, countOnly: true))
        }
        queries.append(Store.lowRatedQuery(.sqlite, filter: ListFilter(), limit: 50, offset: 0, causeId: 1))
        let today = UTCDay.of(TestStore.now)
        queries.append((GapRanking.daysSQL, [today - 89, today]))
        for (sql, arguments) in queries {
            let plan = try test.store.pool.readSession { db in
                try db.fetchAll(sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
            }
            #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
            // Small lookup tables (staff, site, root causes) may be scanned by a LIKE; the big ones never.
            let bigTables = ["r", "c", "cu", "x", "response", "callback", "customer", "contact", "response_cause", "gap_day"]
            let fullScans = plan.filter { line in
                line.hasPrefix("SCAN") && !line.contains("INDEX") && bigTables.contains(String(line.split(separator: " ")[1]))
            }
            #expect(fullScans.isEmpty, "a full scan: \(plan)")
        }
    }

    /// A gap's detail lists its own critical responses, newest first, a page
    /// at a time: not another gap's, not a happy customer's tagged by hand.
    @Test(arguments: TestEngine.available) func aGapsRecentResponsesAreItsOwnCriticalOnesNewestFirst(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        func hoursAgo(_ hours: Double) -> Date { TestStore.now.addingTimeInterval(-hours * 3600) }
        let old = try test.add("Old", rating: 1, at: hoursAgo(50), tags: ["keys lost"])
        try test.add("Other", rating: 1, at: hoursAgo(40), tags: ["car dirty"])
        try test.add("Happy", rating: 5, at: hoursAgo(30), tags: ["keys lost"])
        let new = try test.add("New", rating: 2, at: hoursAgo(20), tags: ["keys lost", "car dirty"])
        let middle = try test.add("Middle", rating: 3, at: hoursAgo(45), tags: ["keys lost"])
        let cause = try #require(try test.store.causeId(named: "keys lost"))
        let detail = try #require(try test.store.gapDetail(causeId: cause))
        #expect(detail.recent.map(\.responseId) == [new.responseId, middle.responseId, old.responseId])
        #expect(try test.store.lowRated(limit: 1, offset: 1, causeId: cause).map(\.responseId) == [middle.responseId])
    }
}

/// The daily summary behind the 30-day figures stays equal to a recount
/// from the calls themselves, whatever the writes.
@Suite struct LoopSummaryTests {
    func summaryRows(_ store: Store) throws -> [[Int64]] {
        try store.read { db in
            try db.fetchAll(sql: """
                SELECT day, critical, fell_due, on_time, open_due FROM loop_day WHERE critical + fell_due + on_time + open_due != 0 ORDER BY day
                """).map { [$0[0], $0[1], $0[2], $0[3], $0[4]] }
            + db.fetchAll(sql: "SELECT day, delays FROM loop_day WHERE delays IS NOT NULL ORDER BY day").compactMap { row -> [Int64]? in
                let histogram = CallDelayHistogram(encoded: row["delays"] as Data)
                return histogram.counts.isEmpty ? nil : [row["day"]] + histogram.counts.sorted { $0.key < $1.key }.flatMap { [Int64($0.key), Int64($0.value)] }
            }
        }
    }

    @Test(arguments: TestEngine.available) func writesKeepTheSummaryEqualToARecount(engine: TestEngine) throws {
        let test = try TestStore(engine: engine, demo: 400)
        let store = test.store
        let open = try store.queue(limit: 6)
        #expect(open.count == 6)
        var undoable: [UndoToken] = []
        for (index, row) in open.enumerated() {
            let outcome: CallOutcome = [.thanked, .recovered, .noAnswer, .guarantee, .unhappy, .thanked][index]
            // On different days where the feedback allows: a call is never dated before its feedback.
            let madeAt = max(TestStore.now.addingTimeInterval(Double(index) * 3_000 - 90_000), row.receivedAt.addingTimeInterval(600))
            let result = try store.recordCall(callbackId: row.callbackId, CallRecord(outcome: outcome, amount: outcome == .guarantee ? 20 : nil),
                                              by: test.admin, at: madeAt)
            undoable.append(result.undo)
        }
        _ = try store.undo(undoable[1], by: test.admin, at: TestStore.now)
        try test.add("Fresh", rating: 1, at: TestStore.now.addingTimeInterval(-3_600))
        try store.changeSetting("critical.below.csat5", to: "4", by: test.admin, at: TestStore.now)
        let incremental = try summaryRows(store)
        try store.transaction(changes: []) { try LoopSummary.rebuild($0) }
        #expect(try summaryRows(store) == incremental)
    }

    @Test(arguments: TestEngine.available) func theFiguresMatchADirectCountOverTheSameDays(engine: TestEngine) throws {
        let test = try TestStore(engine: engine, demo: 600)
        let now = TestStore.now
        // Arrivals after now, later today and tomorrow, are not counted yet.
        try test.add("Later today", rating: 1, at: now.addingTimeInterval(3_600))
        try test.add("Tomorrow", rating: 1, at: now.addingTimeInterval(86_400))
        let figures = try test.store.loopFigures(clock: Clock(now: now, timeZone: TimeZone(identifier: "UTC")!))
        let start = (now.epochSeconds / 86_400 - 29) * 86_400, end = now.epochSeconds
        let direct = try test.store.read { db in
            (critical: try db.fetchOne(Int.self, sql: "SELECT count(*) FROM response WHERE critical = 1 AND received_at >= ? AND received_at <= ?",
                                        arguments: [start, end])!,
             fellDue: try db.fetchOne(Int.self, sql: "SELECT count(*) FROM callback WHERE first_due_at >= ? AND first_due_at <= ?", arguments: [start, end])!,
             onTime: try db.fetchOne(Int.self, sql: """
                SELECT count(*) FROM callback WHERE first_due_at >= ? AND first_due_at <= ? AND done_at IS NOT NULL AND done_at <= first_due_at
                """, arguments: [start, end])!,
             delays: try db.fetchAll(Int.self, sql: """
                SELECT c.done_at - r.received_at FROM callback c JOIN response r ON r.id = c.response_id
                WHERE c.done_at >= ? AND c.done_at <= ?
                """, arguments: [start, end]))
        }
        #expect(figures.critical30d == direct.critical && direct.critical > 0)
        // Open calls: overdue, due later in the viewer's own day, and the queue's size, in three time zones.
        for zone in ["UTC", "America/New_York", "Asia/Tokyo"] {
            let clock = Clock(now: now, timeZone: TimeZone(identifier: zone)!)
            let local = try test.store.loopFigures(clock: clock)
            let counts = try test.store.read { db in
                (overdue: try db.fetchOne(Int.self, sql: "SELECT count(*) FROM callback WHERE done_at IS NULL AND due_at < ?", arguments: [end])!,
                 later: try db.fetchOne(Int.self, sql: "SELECT count(*) FROM callback WHERE done_at IS NULL AND due_at >= ? AND due_at < ?",
                                         arguments: [end, clock.today.end.epochSeconds])!,
                 open: try db.fetchOne(Int.self, sql: "SELECT count(*) FROM callback WHERE done_at IS NULL")!)
            }
            #expect(local.overdue == counts.overdue && local.dueToday == counts.later, "\(zone)")
            let queued = try test.store.queueCount(cap: 10)
            #expect(queued.count == counts.open && !queued.atLeast && counts.open > 3, "\(queued) \(counts.open)")
        }
        #expect(figures.shareOnTime30d == Double(direct.onTime) / Double(direct.fellDue))
        let bucketed = direct.delays.map { Double(CallDelayHistogram.lowerBound(ofBucket: CallDelayHistogram.bucket(ofSeconds: $0))) }.sorted()
        #expect(figures.medianTimeToCall30d == Statistics.median(ofSorted: bucketed) && !bucketed.isEmpty)
    }
}

/// The per-day tallies behind the pressure signals match a recount.
@Suite struct PressureSummaryTests {
    func rows(_ store: Store) throws -> [[Int64]] {
        try store.read { db in
            try db.fetchAll(sql: "SELECT day, site_id, staff_id, responses, top, comments FROM response_day ORDER BY 1, 2, 3")
                .map { row in (0..<6).map { row[$0] as Int64 } }
        }
    }

    @Test(arguments: TestEngine.available) func writesKeepTheTalliesEqualToARecount(engine: TestEngine) throws {
        let test = try TestStore(engine: engine, demo: 300)
        try test.add("Top", rating: 5, comment: "", site: "North")
        try test.add("Low", rating: 2, comment: "slow", site: "North")
        let incremental = try rows(test.store)
        try test.store.transaction(changes: []) { try PressureSummary.rebuild($0) }
        #expect(try rows(test.store) == incremental && !incremental.isEmpty)
    }

    @Test(arguments: TestEngine.available) func theTalliesCountTheWindowsDays(engine: TestEngine) throws {
        let test = try TestStore(engine: engine, demo: 500)
        let now = TestStore.now.epochSeconds
        let tallies = try test.store.read { try PressureSummary.tallies($0, now: now, days: 30) }
        let start = (now / 86_400 - 29) * 86_400, end = (now / 86_400 + 1) * 86_400
        let direct = try test.store.read { db in
            try db.fetchAll(sql: """
                SELECT s.name, count(*), sum(CASE WHEN r.shortfall = 0 THEN 1 ELSE 0 END), sum(CASE WHEN r.comment != '' THEN 1 ELSE 0 END)
                FROM response r JOIN site s ON s.id = r.site_id
                WHERE r.received_at >= ? AND r.received_at < ? GROUP BY r.site_id, s.name
                """, arguments: [start, end]).map { PressureSignals.Tally(name: $0[0], responses: $0[1], topScores: $0[2], comments: $0[3]) }
        }
        #expect(tallies.sites.sorted { $0.name < $1.name } == direct.sorted { $0.name < $1.name } && direct.count > 1)
        #expect(tallies.staff.reduce(0) { $0 + $1.responses } <= direct.reduce(0) { $0 + $1.responses })
    }
}

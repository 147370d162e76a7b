import Foundation
import GapdeskDomain
import GRDB
import Synchronization
import Testing
@testable import GapdeskStore

/// The store's side of an import, on both engines: idempotent, atomic per
/// transaction, conflicts named, and a check that writes nothing agrees.
@Suite struct ImportBatchTests {
    let now = TestStore.now

    func rows(_ count: Int, comment: String = "late") -> [PreparedRow] {
        (0..<count).map { index in
            .response(NewResponse(externalId: "e-\(index)", customer: "Customer \(index)", phone: "0100 \(index % 40)", site: "Leeds",
                                  scale: .csat5, rating: 1 + index % 5, comment: "\(comment) \(index)",
                                  receivedAt: now.addingTimeInterval(-Double(index) * 3_600), tags: index % 3 == 0 ? ["late"] : []))
        }
    }

    func load(_ store: Store, _ rows: [PreparedRow], transactionTime: Duration = .seconds(5)) throws -> BatchCounts {
        let run = try store.beginImport(source: "export.csv", by: store.account, at: now)
        return try store.importBatch(rows, lines: rows.indices.map { $0 + 2 }, run: run, source: "export.csv", by: store.account, at: now,
                                     transactionTime: transactionTime).counts
    }

    @Test func aColleagueWaitingToWriteGoesBetweenTwoChunksOfAnImport() throws {
        let test = try TestStore()
        let importer = try Store.open(path: test.path).seen(by: test.admin)
        let colleague = try Store.open(path: test.path).seen(by: test.admin)
        let rows = rows(40_000)
        let run = try importer.beginImport(source: "export.csv", by: importer.account, at: now)
        let started = DispatchSemaphore(value: 0)
        let imported = DispatchSemaphore(value: 0)
        let importedCount = Mutex<Int?>(nil)
        DispatchQueue.global().async {
            started.signal()
            // One transaction for the whole batch, unless someone waits to write.
            let counts = try? importer.importBatch(rows, lines: rows.indices.map { $0 + 2 }, run: run, source: "export.csv",
                                                   by: importer.account, at: now, transactionTime: .seconds(600), chunkRows: 256).counts
            importedCount.withLock { $0 = counts?.imported }
            imported.signal()
        }
        started.wait()
        // Once the import holds the write lock (a probe cannot take it), the colleague asks to write.
        var configuration = Configuration()
        configuration.busyMode = .immediateError
        let probe = try DatabaseQueue(path: test.path, configuration: configuration)
        func importerHoldsTheLock() -> Bool {
            do {
                try probe.writeWithoutTransaction { db in
                    try db.execute(sql: "BEGIN IMMEDIATE")
                    try db.execute(sql: "ROLLBACK")
                }
                return false
            } catch {
                return true
            }
        }
        let ceiling = Date().addingTimeInterval(120)
        while Date() < ceiling && !importerHoldsTheLock() { usleep(200) }
        let added = try colleague.addResponse(NewResponse(customer: "Phoned in", phone: "0100 999", site: "Leeds", scale: .csat5, rating: 2,
                                                          receivedAt: now), by: colleague.account, at: now)
        #expect(imported.wait(timeout: .now() + 300) == .success)
        #expect(importedCount.withLock { $0 } == 40_000)
        let later = try test.read { db in
            try db.fetchOne(Int.self, sql: "SELECT count(*) FROM response WHERE id > ? AND external_id LIKE 'e-%'", arguments: [added.responseId])
        }
        // Before the import was done: some of its rows came after the colleague's (it gave way between chunks).
        #expect((1..<40_000).contains(later ?? 0), "\(later ?? -1) of the import's rows came after the colleague's write")
    }

    /// Feedback older than `callback.max_age_days` when it is recorded is
    /// history: too late to call back, so it gets no callback, but it counts
    /// in the ranking and in the results as not called.
    @Test(arguments: TestEngine.available) func feedbackTooOldToCallBackIsHistory(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        func row(_ id: String, daysAgo: Double) -> PreparedRow {
            .response(NewResponse(externalId: id, customer: "Customer \(id)", phone: "0100 \(id)", site: "Leeds", scale: .csat5, rating: 2,
                                  comment: "late", receivedAt: now.addingTimeInterval(-daysAgo * 86_400), tags: ["late"]))
        }
        let counts = try load(test.store, [row("old", daysAgo: 400), row("month", daysAgo: 20), row("new", daysAgo: 2)])
        #expect(counts.imported == 3 && counts.callbacks == 1 && counts.history == 2)
        #expect(try test.store.queue(limit: 10).map(\.customer) == ["Customer new"])
        #expect(try test.store.lowRatedCount(cap: 100).count == 3, "history is still feedback")
        let gap = try #require(try test.store.gaps(now: now).first { $0.name == "late" })
        #expect(gap.countInWindow == 2, "the 20-day-old and the new one, in the ranking's 90 days")
        #expect(try test.store.results(now: now).counts.groups[.notCalled]?.trials == 1, "the 400-day-old one: its return window has passed")

        try test.store.changeSetting("callback.max_age_days", to: "30", by: test.admin, at: now)
        let later = try load(test.store, [row("month2", daysAgo: 20)])
        #expect(later.callbacks == 1 && later.history == 0)
        let phoned = try test.store.addResponse(NewResponse(customer: "Phoned", phone: "0100 9", site: "Leeds", scale: .csat5, rating: 1,
                                                            receivedAt: now.addingTimeInterval(-40 * 86_400)), by: test.admin, at: now)
        #expect(phoned.callbackId == nil && phoned.history)
    }

    @Test(arguments: TestEngine.available) func aRerunAddsNothingAndChangedContentIsAConflict(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        let store = try test.store(as: test.admin)
        let first = try load(store, rows(300), transactionTime: .zero)
        #expect(first.imported == 300 && first.callbacks == rows(300).filter { if case .response(let r) = $0.row { r.rating < 5 } else { false } }.count)
        let gaps = try store.gaps(now: now).map { "\($0.name) \($0.countInWindow) \($0.customers30d)" }
        #expect(try store.wouldImport(rows(300)).allSatisfy { $0 == .alreadyThere })
        let again = try load(store, rows(300))
        #expect(again.imported == 0 && again.alreadyThere == 300)
        #expect(try store.gaps(now: now).map { "\($0.name) \($0.countInWindow) \($0.customers30d)" } == gaps)
        let changed = try store.wouldImport(rows(2, comment: "other words"))
        #expect(changed.allSatisfy { if case .conflict(let why) = $0 { why.contains("already stored, with different content") } else { false } },
                "\(changed)")
        let conflicts = try load(store, rows(2, comment: "other words"))
        #expect(conflicts.conflicts == 2 && conflicts.imported == 0)
        // Many small transactions come to what one does.
        let whole = try TestStore(engine: engine)
        _ = try load(try whole.store(as: whole.admin), rows(300))
        #expect(try whole.store.gaps(now: now).map { "\($0.name) \($0.countInWindow) \($0.customers30d)" } == gaps)
        #expect(try whole.store.queueCount(cap: 1_000).count == store.queueCount(cap: 1_000).count)
    }

    /// Responses and contacts for the same customers, matched by phone, by
    /// email in another case and by name; ids repeated with the same and with
    /// other content; anonymous feedback.
    func mixed() -> [PreparedRow] {
        (0..<240).map { index -> PreparedRow in
            let at = now.addingTimeInterval(-Double(240 - index) * 7_200)
            let person = index % 23
            let phone: String? = person % 3 == 0 ? "0100 \(person)" : nil
            let email: String? = person % 3 == 1 ? (index % 2 == 0 ? "P\(person)@Example.com" : " p\(person)@example.com") : nil
            if index % 5 == 4 {
                return .contact(NewContact(externalId: "c-\(index % 60)", customer: "Person \(person)", phone: phone, email: email,
                                           site: person % 2 == 0 ? "Leeds" : "York", kind: .visit, occurredAt: at))
            }
            let anonymous = index % 17 == 0
            return .response(NewResponse(externalId: "r-\(index % 150)", customer: anonymous ? "" : "Person \(person)", phone: anonymous ? nil : phone,
                                         email: anonymous ? nil : email, customerValue: Double(person * 10), site: person % 2 == 0 ? "Leeds" : "York",
                                         contactAt: index % 4 == 0 ? at.addingTimeInterval(-86_400) : nil, scale: .csat5,
                                         rating: 1 + (index * 7) % 5, comment: index >= 150 && index % 3 == 0 ? "again, other words" : "said \(index % 150)",
                                         receivedAt: at, tags: index % 2 == 0 ? ["late", "rude"] : ["late"]))
        }
    }

    /// What the store holds, by what the rows name rather than by ids.
    func contents(_ store: Store) throws -> [String] {
        try store.read { db in
            try db.fetchAll(sql: """
                SELECT r.external_id, cu.name, coalesce(cu.phone, ''), coalesce(cu.email, ''), s.name, r.critical, coalesce(cb.due_at, 0),
                       (SELECT count(*) FROM response_cause x WHERE x.response_id = r.id),
                       coalesce(rr.grp, ''), coalesce(rr.next_contact_at, 0)
                FROM response r JOIN customer cu ON cu.id = r.customer_id JOIN site s ON s.id = r.site_id
                LEFT JOIN callback cb ON cb.response_id = r.id LEFT JOIN result_response rr ON rr.response_id = r.id
                ORDER BY r.external_id
                """).map { $0.values.map { "\($0)" }.joined(separator: "|") }
                + db.fetchAll(sql: """
                    SELECT c.external_id, cu.name, c.occurred_at FROM contact c JOIN customer cu ON cu.id = c.customer_id
                    ORDER BY c.external_id, c.occurred_at
                    """).map { $0.values.map { "\($0)" }.joined(separator: "|") }
                + db.fetchAll(sql: "SELECT name, coalesce(phone, ''), coalesce(email, ''), anonymous FROM customer ORDER BY 1, 2, 3, 4")
                    .map { $0.values.map { "\($0)" }.joined(separator: "|") }
        }
    }

    @Test(arguments: TestEngine.available) func aChunkOfRowsComesToWhatRowByRowDoes(engine: TestEngine) throws {
        let rows = mixed()
        let lines = rows.indices.map { $0 + 2 }
        var stores: [(TestStore, [RowOutcome])] = []
        // Row by row; in chunks; and in batches of 9 rows, a transaction each, that pass on what they read (as an import's do).
        for (chunkRows, batchRows) in [(1, rows.count), (7, rows.count), (1_024, rows.count), (4, 9)] {
            let test = try TestStore(engine: engine)
            // Part of the file came in before: the rest matches what is stored.
            let earlier = try test.store.beginImport(source: "earlier.csv", by: test.admin, at: now)
            _ = try test.store.importBatch(Array(rows[0..<40]), lines: Array(lines[0..<40]), run: earlier, source: "earlier.csv",
                                           by: test.admin, at: now, chunkRows: chunkRows)
            let run = try test.store.beginImport(source: "export.csv", by: test.admin, at: now)
            let memory = ImportMemory()
            var outcomes: [RowOutcome] = []
            for start in stride(from: 0, to: rows.count, by: batchRows) {
                let batch = start..<min(start + batchRows, rows.count)
                outcomes += try test.store.importBatch(Array(rows[batch]), lines: Array(lines[batch]), run: run, source: "export.csv",
                                                       by: test.admin, at: now, chunkRows: chunkRows, memory: memory).outcomes
            }
            stores.append((test, outcomes))
        }
        let (oneByOne, outcomes) = stores[0]
        #expect(outcomes.filter { $0 == .alreadyThere }.count >= 40)
        #expect(outcomes.contains { if case .conflict(let why) = $0 { why.contains("is also on line") } else { false } }, "\(outcomes)")
        let named = try oneByOne.read { db in try db.fetchOne(Int64.self, sql: "SELECT count(*) FROM customer WHERE anonymous = 0") }
        #expect(named == 23, "each person once, whether matched by phone, email in another case, or name")
        // Ids differ (chunks reserve them ahead); what each row came to does not.
        func described(_ outcomes: [RowOutcome]) -> [String] {
            outcomes.map {
                guard case .recorded(let recorded) = $0 else { return "\($0)" }
                return "\(recorded.critical) \(recorded.anonymous) \(recorded.callbackId != nil) \(recorded.dueAt.map { "\($0)" } ?? "")"
            }
        }
        for (test, chunked) in stores.dropFirst() {
            #expect(described(chunked) == described(outcomes))
            #expect(try contents(test.store) == contents(oneByOne.store))
            // Scores to a millionth: PostgreSQL may sum a gap's days in another order.
            func gaps(_ store: Store) throws -> [String] {
                try store.gaps(now: now).map { "\($0.name) \($0.countInWindow) \($0.customers30d) " + String(format: "%.6f", $0.score) }
            }
            let (chunkedGaps, rowByRowGaps) = (try gaps(test.store), try gaps(oneByOne.store))
            #expect(chunkedGaps == rowByRowGaps)
            for store in [test.store, oneByOne.store] {
                let summaries = try ResultSummaryTests().summary(store)
                try store.transaction(changes: []) { db in try ResultSummary.rebuild(db) }
                #expect(try ResultSummaryTests().summary(store) == summaries, "the results summary equals a recount")
            }
        }
    }

    @Test(arguments: TestEngine.available) func whatAnImportRemembersBetweenBatchesGoesWhenAColleagueWrites(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        let importer = try test.store(as: test.admin)
        // In the same process (on SQLite the same connection), and on a connection of its own.
        let colleague = try test.store(as: test.admin)
        let elsewhere = engine == .sqlite ? try Store.open(path: test.path).seen(by: test.admin) : try test.store(as: test.admin)
        let run = try importer.beginImport(source: "export.csv", by: importer.account, at: now)
        let memory = ImportMemory()
        // Saturday 28 Feb 2026 10:00 UTC: Leeds opens Monday to Friday, so the call falls due next week.
        let saturday = Clock.parseInstant("2026-02-28T10:00:00Z")!
        func batch(_ id: String) throws -> Date? {
            let row = PreparedRow.response(NewResponse(externalId: id, customer: "Ann", phone: "0100 1", site: "Leeds", scale: .csat5, rating: 1,
                                                     receivedAt: saturday, tags: ["late"]))
            guard case .recorded(let recorded) = try importer.importBatch([row], lines: [2], run: run, source: "export.csv",
                                                                          by: importer.account, at: now, memory: memory).outcomes.first else {
                return nil
            }
            return recorded.dueAt
        }
        let before = try #require(try batch("first"))
        try colleague.changeSetting("site.Leeds.hours", to: "mon-sun 08:00-20:00", by: colleague.account, at: now)
        let after = try #require(try batch("second"))
        #expect(before > after, "the second call falls due by the hours the colleague set, not those the first batch read")
        #expect(after < Clock.parseInstant("2026-03-02T00:00:00Z")!)
        try elsewhere.changeSetting("site.Leeds.hours", to: "mon-fri 09:00-17:00", by: elsewhere.account, at: now)
        #expect(try batch("third") == before)
        let customers = try test.read { db in try db.fetchOne(Int.self, sql: "SELECT count(*) FROM customer WHERE phone = '0100 1'") }
        #expect(customers == 1)
    }

    @Test(arguments: TestEngine.available) func idsAndPhonesWithQuotesBackslashesAndControlsAreMatchedWhenRead(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        let store = try test.store(as: test.admin)
        let awkward = ["say \"hi\"", "back\\slash", "tab\there", "line\nbreak", "é ☎︎ 😀", "\u{1}start", "[\"json\"]", "a,b"]
        let rows = awkward.enumerated().map { index, text in
            PreparedRow.response(NewResponse(externalId: text, customer: "C \(index)", phone: "0100 " + text, site: "Main", scale: .csat5,
                                           rating: 1, receivedAt: now))
        }
        #expect(try load(store, rows).imported == awkward.count)
        // A rerun reads each id back through the batch's key list: every one is already there.
        #expect(try load(store, rows).alreadyThere == awkward.count)
        #expect(try store.wouldImport(rows).allSatisfy { $0 == .alreadyThere })
        // Another response from the same phones is matched to the same customers.
        let again = awkward.map { text in
            PreparedRow.response(NewResponse(externalId: "again " + text, customer: "Someone else", phone: "0100 " + text, site: "Main",
                                           scale: .csat5, rating: 2, receivedAt: now))
        }
        #expect(try load(store, again).customersCreated == 0)
    }
}

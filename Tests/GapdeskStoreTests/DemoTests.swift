import Foundation
import GapdeskDomain
import GRDB
import Testing
@testable import GapdeskStore

@Suite struct DemoTests {
    @Test(arguments: TestEngine.available) func theSameSeedBuildsTheSameStore(engine: TestEngine) throws {
        let a = try TestStore(engine: engine, demo: 800, seed: 3)
        let b = try TestStore(engine: engine, demo: 800, seed: 3)
        let c = try TestStore(engine: engine, demo: 800, seed: 4)
        func fingerprint(_ store: Store) throws -> [String] {
            try store.read { db in
                try db.fetchAll(String.self, sql: """
                    SELECT r.external_id || r.rating || r.comment || r.received_at || coalesce(CAST(cb.done_at AS TEXT), '-')
                    FROM response r LEFT JOIN callback cb ON cb.response_id = r.id ORDER BY r.id
                    """)
            }
        }
        #expect(try fingerprint(a.store) == fingerprint(b.store))
        #expect(try fingerprint(a.store) != fingerprint(c.store))
    }

    @Test(arguments: TestEngine.available) func theDemoHasEverythingAManagerMeetsInAWeek(engine: TestEngine) throws {
        let test = try TestStore(engine: engine, demo: 3_000)
        let clock = Clock(now: TestStore.now, timeZone: TimeZone(identifier: "Europe/London")!)
        let figures = try test.store.loopFigures(clock: clock)
        #expect(figures.overdue > 5 && figures.overdue < 80, "overdue: \(figures.overdue)")
        #expect(figures.dueToday > 3, "due today: \(figures.dueToday)")
        #expect((0.5...0.95).contains(figures.shareOnTime30d ?? 0), "on time: \(String(describing: figures.shareOnTime30d))")
        let gaps = try test.store.gaps(now: TestStore.now)
        #expect(Set(gaps.compactMap(\.fixStatus)) == [.open, .inProgress, .done])
        #expect(gaps.filter { $0.fixStatus == .done }.contains { $0.count30d == 0 }, "a fix that worked")
        #expect(gaps.filter { $0.fixStatus == .done }.contains { $0.count30d > 0 }, "a fix that did not")
        let lowRated = try test.store.lowRated(limit: 200)
        #expect(lowRated.contains { $0.tags.isEmpty } && lowRated.contains { !$0.tags.isEmpty })
        #expect(lowRated.contains { $0.phone == nil }, "some customers have no phone")
        let guarantees = try test.store.read { try $0.fetchOne(Int.self, sql: "SELECT count(*) FROM guarantee") ?? 0 }
        #expect(guarantees > 0)
        #expect(try test.store.isDemo())
    }
}

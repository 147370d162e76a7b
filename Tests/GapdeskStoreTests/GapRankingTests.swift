import Foundation
import GapdeskDomain
import Testing
@testable import GapdeskStore

@Suite struct GapRankingTests {
    let now = TestStore.now

    @Test(arguments: TestEngine.available) func theBreakdownOfEveryGapSumsToItsScore(engine: TestEngine) throws {
        let test = try TestStore(engine: engine, demo: 1_500)
        let gaps = try test.store.gaps(now: now)
        #expect(gaps.count == 12 && gaps.map(\.rank) == Array(1...12))
        for gap in gaps {
            // Every page, seven contributions at a time, newest first.
            let first = try #require(try test.store.gapBreakdown(causeId: gap.causeId, now: now, pageSize: 7))
            var lines: [BreakdownLine] = []
            for page in 0..<first.pages {
                let breakdown = try #require(try test.store.gapBreakdown(causeId: gap.causeId, now: now, page: page, pageSize: 7))
                #expect(breakdown.lines.count == min(7, gap.countInWindow - 7 * page) && breakdown.count == gap.countInWindow, "\(gap.name) page \(page)")
                // What a page leaves out adds up to the rest of the score.
                #expect(abs(breakdown.sum / breakdown.effort - gap.score) < 1e-7, "\(gap.name)")
                lines += breakdown.lines
            }
            #expect(first.pages == (gap.countInWindow + 6) / 7 && lines.count == gap.countInWindow, "\(gap.name)")
            #expect(Set(lines.map(\.contribution.responseId)).count == lines.count, "no response on two pages")
            #expect(zip(lines, lines.dropFirst()).allSatisfy { ($0.receivedAt, $0.contribution.responseId) > ($1.receivedAt, $1.contribution.responseId) })
            // The ranking sums each day's responses in billionths of a point; the lines each response exactly.
            let total = lines.reduce(0) { $0 + $1.contribution.amount }
            #expect(abs((total + first.guaranteePoints) / first.effort - gap.score) < 1e-7, "\(gap.name)")
            // The facts, from the days, are what every line of the gap gives.
            func share(_ included: (BreakdownLine) -> Bool) -> Double {
                total > 0 ? lines.filter(included).reduce(0) { $0 + $1.contribution.amount } / total : 0
            }
            #expect(first.summary.customers == Set(lines.map(\.customerId)).count, "\(gap.name)")
            #expect(abs(first.summary.recentShare - share { ReturnOnSatisfaction.ageDays($0.receivedAt, now: now) < 30 }) < 1e-7)
            #expect(abs(first.summary.highValueShare - share { $0.contribution.value > 1 }) < 1e-7)
            func counts(_ key: (BreakdownLine) -> String?) -> [String: Int] {
                lines.reduce(into: [:]) { counts, line in if let name = key(line) { counts[name, default: 0] += 1 } }
            }
            #expect(Dictionary(uniqueKeysWithValues: first.bySite) == counts(\.site) && Dictionary(uniqueKeysWithValues: first.byStaff) == counts(\.staff))
        }
        for (a, b) in zip(gaps, gaps.dropFirst()) {
            #expect(ReturnOnSatisfaction.ranksBefore((a.score, a.countInWindow, a.name), (b.score, b.countInWindow, b.name)))
        }
    }

    @Test(arguments: TestEngine.available) func readsRunTogetherRankTheGapsOnceAndTheNextRunSeesAChange(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        for (index, name) in ["Ann", "Bo", "Cy"].enumerated() {
            try test.add(name, rating: 1, at: now.addingTimeInterval(-Double(index) * 86_400), tags: ["late delivery"])
        }
        try test.add("Di", rating: 2, at: now, tags: ["rude driver"])
        let before = try test.store.gaps(now: now)
        #expect(before.map(\.name) == ["late delivery", "rude driver"])
        try test.store.readingTogether {
            #expect(try test.store.gaps(now: now) == before)
            for name in ["Ed", "Flo", "Gus", "Hal"] { try test.add(name, rating: 1, at: now, tags: ["rude driver"]) }
            // The pane and the header's figures read one ranking in a run; a filter ranks the matching gaps among themselves.
            #expect(try test.store.gaps(now: now) == before)
            let rude = try test.store.gaps(now: now, filter: ListFilter(text: "RUDE"))
            #expect(rude.map(\.name) == ["rude driver"] && rude.map(\.rank) == [1] && rude.first?.countInWindow == 1)
        }
        let after = try test.store.gaps(now: now)
        #expect(after.map(\.name) == ["rude driver", "late delivery"] && after.map(\.rank) == [1, 2])
        #expect(try test.store.gaps(now: now, filter: ListFilter(text: "late")).map(\.rank) == [1])
    }

    @Test(arguments: TestEngine.available) func aResponseTaggedTwiceGivesHalfToEach(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        try test.add("Ann", rating: 1, at: now, tags: ["late", "dirty"])
        try test.add("Bob", rating: 3, at: now, tags: ["late"])
        let gaps = try test.store.gaps(now: now)
        let late = try #require(gaps.first { $0.name == "late" })
        let dirty = try #require(gaps.first { $0.name == "dirty" })
        #expect(abs(late.score - (1.0 * 0.5 + 0.5)) < 1e-9)
        #expect(abs(dirty.score - 0.5) < 1e-9)
        #expect(late.rank == 1)
    }

    @Test(arguments: TestEngine.available) func aDoneFixFollowedByANewTaggedResponseShowsRecurred(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        try test.add("Ann", rating: 2, at: now.addingTimeInterval(-5 * 86_400), tags: ["keys lost"])
        let cause = try #require(try test.store.causeId(named: "keys lost"))
        _ = try test.store.addUser("ben", role: .supervisor, by: test.admin, at: now)
        _ = try test.store.moveFix(causeId: cause, to: .done, owner: "ben", by: test.admin, at: now.addingTimeInterval(-3 * 86_400))
        #expect(try test.store.gaps(now: now).first?.verdict == .done(quietDays: 3))
        try test.add("Bob", rating: 3, at: now.addingTimeInterval(-3600), tags: ["keys lost"])
        let gap = try #require(try test.store.gaps(now: now).first)
        #expect(gap.verdict == .recurred(count: 1))
        let breakdown = try #require(try test.store.gapBreakdown(causeId: cause, now: now))
        #expect(breakdown.recurredBy.map(\.customer) == ["Bob"])
        #expect(try test.store.gaps(now: now.addingTimeInterval(40 * 86_400)).first?.verdict == .recurred(count: 1), "recurred stays recurred")
    }

    @Test(arguments: TestEngine.available) func theDemoShowsARisingGapAndFixesInEveryState(engine: TestEngine) throws {
        let test = try TestStore(engine: engine, demo: 3_000, seed: 1)
        let gaps = try test.store.gaps(now: now)
        #expect(gaps.contains { $0.warning }, "the demo has a rising gap")
        let verdicts = gaps.map(\.verdict)
        #expect(verdicts.contains(.verified) && verdicts.contains(.inProgress) && verdicts.contains(.open) && verdicts.contains(.none))
        #expect(verdicts.contains { if case .recurred = $0 { true } else { false } })
        #expect(gaps.allSatisfy { $0.moneyAtRisk >= $0.waived })
    }

    @Test(arguments: TestEngine.available) func guaranteeMoneyRaisesItsGapsScoreByTheTeamsMoneyPerPoint(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        try test.add("Ann", rating: 3, at: now, tags: ["late"])
        let costly = try test.add("Bob", rating: 3, at: now, tags: ["dirty"])
        _ = try test.store.recordCall(callbackId: costly.callbackId!, CallRecord(outcome: .guarantee, amount: 200), by: test.admin, at: now)
        var gaps = try test.store.gaps(now: now)
        #expect(gaps.map(\.name) == ["dirty", "late"], "the same shortfall, and a guarantee")
        #expect(abs(gaps[0].score - (0.5 + 2)) < 1e-9 && abs(gaps[1].score - 0.5) < 1e-9)
        let breakdown = try #require(try test.store.gapBreakdown(causeId: gaps[0].causeId, now: now))
        #expect(abs(breakdown.guaranteePoints - 2) < 1e-9 && abs(breakdown.sum - gaps[0].score) < 1e-9)
        try test.store.changeSetting("ranking.money_per_point", to: "400", by: test.admin, at: now)
        gaps = try test.store.gaps(now: now)
        #expect(abs(gaps[0].score - (0.5 + 0.5)) < 1e-9, "200 at 400 a point")
    }

    @Test(arguments: TestEngine.available) func theWindowCanBeChosen(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        try test.add("Old", rating: 1, at: now.addingTimeInterval(-40 * 86_400), tags: ["old cause"])
        #expect(try test.store.gaps(now: now).first?.countInWindow == 1)
        #expect(try test.store.gaps(now: now, windowDays: 30).first?.countInWindow == 0)
    }
}

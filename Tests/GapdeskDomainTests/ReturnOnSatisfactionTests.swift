import Foundation
import Testing
@testable import GapdeskDomain

@Suite struct ReturnOnSatisfactionTests {
    let now = Clock.parseInstant("2026-03-02T09:00:00Z")!
    let parameters = ReturnOnSatisfaction.Parameters()
    func daysAgo(_ days: Double) -> Date { now.addingTimeInterval(-days * 86_400) }

    func input(_ id: Int64, _ scale: RatingScale, _ rating: Int, ageDays: Double, value: Double? = nil, tags: Int = 1) -> ReturnOnSatisfaction.Input {
        .init(responseId: id, receivedAt: daysAgo(ageDays), shortfall: scale.shortfall(rating), customerValue: value, tagCount: tags)
    }

    /// What the responses in the window add to a gap's score.
    func contributions(_ inputs: [ReturnOnSatisfaction.Input], medianValue: Double?) -> [ReturnOnSatisfaction.Contribution] {
        inputs.compactMap { ReturnOnSatisfaction.contribution(of: $0, now: now, medianValue: medianValue, parameters: parameters) }
    }

    @Test func handComputedMixedScalesTagsAndValues() {
        // CSAT 2 today, value twice the median, one tag: 0.75 x 1 x 2 x 1 = 1.5
        // NPS 6 thirty days ago, unknown value, two tags: 0.4 x 0.5 x 1 x 0.5 = 0.1
        // CSAT 4 sixty days ago, value a tenth of the median (clamped to 0.5): 0.25 x 0.25 x 0.5 = 0.03125
        let parts = contributions([
            input(1, .csat5, 2, ageDays: 0, value: 2_000),
            input(2, .nps10, 6, ageDays: 30, tags: 2),
            input(3, .csat5, 4, ageDays: 60, value: 100),
        ], medianValue: 1_000)
        #expect(abs(parts.reduce(0) { $0 + $1.amount } - 1.63125) < 1e-12)
        #expect(parts.map(\.share) == [1, 0.5, 1] && parts.map(\.recency) == [1, 0.5, 0.25])
        #expect(ReturnOnSatisfaction.usedEffort(nil, parameters: parameters) == 1, "no estimate: the default effort")
        #expect(ReturnOnSatisfaction.usedEffort(3, parameters: parameters) == 3, "the score is divided by the fix's effort")
    }

    @Test func valueWeightIsClampedAndOneWhenUnknown() {
        #expect(ReturnOnSatisfaction.valueWeight(10_000, median: 1_000, range: 0.5...3) == 3)
        #expect(ReturnOnSatisfaction.valueWeight(100, median: 1_000, range: 0.5...3) == 0.5)
        #expect(ReturnOnSatisfaction.valueWeight(nil, median: 1_000, range: 0.5...3) == 1)
        #expect(ReturnOnSatisfaction.valueWeight(500, median: nil, range: 0.5...3) == 1)
    }

    @Test func guaranteesAddTheirMoneyInPointsBeforeTheEffortDivides() {
        // 2 from responses, 150 waived at 100 a point: (2 + 1.5) / effort.
        #expect(ReturnOnSatisfaction.score(weightedSum: 2, waived: 150, effort: 2, parameters: parameters) == 1.75)
        #expect(ReturnOnSatisfaction.score(weightedSum: 2, waived: 150, effort: nil, parameters: parameters) == 3.5)
        #expect(ReturnOnSatisfaction.score(weightedSum: 2, waived: 0, effort: nil, parameters: parameters) == 2)
        let team = ReturnOnSatisfaction.Parameters(TeamSettings(stored: ["ranking.money_per_point": "50"]))
        #expect(ReturnOnSatisfaction.guaranteePoints(waived: 150, parameters: team) == 3)
        #expect(TeamSettings(stored: ["ranking.money_per_point": "0"]).moneyPerPoint == 100, "no point costs nothing: the default")
    }

    @Test func theWindowIsTodayAndTheWholeDaysBefore() {
        // now is 09:00 UTC: the window's first day starts at midnight 89 days back.
        let firstDay = UTCDay.start(UTCDay.of(now) - 89)
        #expect(ReturnOnSatisfaction.inWindow(firstDay, now: now, days: 90), "the first second of the 90th day is in")
        #expect(!ReturnOnSatisfaction.inWindow(firstDay.addingTimeInterval(-1), now: now, days: 90), "the day before is out")
        #expect(ReturnOnSatisfaction.inWindow(now.addingTimeInterval(3_600), now: now, days: 90), "later today is in")
        #expect(!ReturnOnSatisfaction.inWindow(UTCDay.start(UTCDay.of(now) + 1), now: now, days: 90), "tomorrow is out")
        #expect(contributions([input(1, .csat5, 1, ageDays: 90), input(2, .csat5, 1, ageDays: 89)], medianValue: nil).map(\.responseId) == [2])
    }

    @Test func ageCountsWholeDaysSoADaysResponsesAgeTogether() {
        let justAfterMidnight = UTCDay.start(UTCDay.of(now))
        #expect(ReturnOnSatisfaction.ageDays(justAfterMidnight, now: now) == 0)
        #expect(ReturnOnSatisfaction.ageDays(justAfterMidnight.addingTimeInterval(-1), now: now) == 1, "one second before midnight is yesterday")
        #expect(ReturnOnSatisfaction.recency(ageDays: 30, halfLifeDays: 30) == 0.5)
        #expect(ReturnOnSatisfaction.recency(ageDays: 0, halfLifeDays: 30) == 1)
        #expect(UTCDay.of(epochSeconds: -1) == -1 && UTCDay.of(epochSeconds: 0) == 0 && UTCDay.of(epochSeconds: 86_399) == 0)
    }

    @Test func aTallyFromDailySumsMatchesTheScoreOfItsResponses() {
        let inputs = [input(1, .csat5, 2, ageDays: 0, value: 2_000), input(2, .nps10, 6, ageDays: 30, tags: 2),
                      input(3, .csat5, 4, ageDays: 60, value: 100), input(4, .csat5, 1, ageDays: 3.5)]
        let parts = contributions(inputs, medianValue: 1_000)
        var byDay: [Int64: GapDay] = [:]
        for contribution in parts {
            let day = UTCDay.of(inputs.first { $0.responseId == contribution.responseId }!.receivedAt)
            byDay[day, default: GapDay(day: day, responses: 0, points: 0)].responses += 1
            byDay[day]!.unaged += Exact.billionths(contribution.unaged)
        }
        var tally = GapTally(now: now, parameters: parameters)
        for day in byDay.values { tally.add(day) }
        #expect(abs(tally.weightedSum - parts.reduce(0) { $0 + $1.amount }) < 1e-8, "each day's sum is kept to a billionth of a point")
        #expect(tally.countInWindow == 4 && tally.count7d == 2 && tally.count30d == 2 && tally.countPrevious30d == 1)
        #expect(tally.weekly.count == 13 && tally.weekly.last == 2 && tally.weekly.reduce(0, +) == 4)
    }

    @Test func aTallyCountsCustomersAndMoneyOverTheirOwnPeriods() {
        var tally = GapTally(now: now, parameters: parameters)
        let today = UTCDay.of(now)
        tally.add(GapDay(day: today, responses: 2, points: 1, waived: 50, customersLast: 1, valueLast: 300))
        tally.add(GapDay(day: today - 40, responses: 1, points: 1, waived: 0, customersLast: 1, valueLast: 200))
        tally.add(GapDay(day: today - 95, responses: 1, points: 1, waived: 70, customersLast: 1, valueLast: 900))
        tally.add(GapDay(day: today + 1, responses: 1, points: 1, waived: 70, customersLast: 1, valueLast: 900))
        #expect(tally.customers30d == 1, "customers of the last 30 days")
        #expect(tally.moneyAtRisk == 550, "waived and customers' values in the window, not before it nor after today")
        #expect(tally.countInWindow == 3)
    }

    @Test func tiesGoToMoreResponsesThenName() {
        #expect(ReturnOnSatisfaction.ranksBefore((2, 1, "b"), (1, 9, "a")), "higher score first")
        #expect(ReturnOnSatisfaction.ranksBefore((1, 5, "b"), (1, 3, "a")), "then more responses")
        #expect(ReturnOnSatisfaction.ranksBefore((1, 3, "alpha"), (1, 3, "Beta")), "then name")
    }

    @Test func earlyWarningUsesAPoissonTail() {
        #expect(abs(EarlyWarning.tailProbability(atLeast: 1, mean: 1) - (1 - exp(-1))) < 1e-12)
        #expect(EarlyWarning.tailProbability(atLeast: 0, mean: 3) == 1)
        // 83 in the 83 days before the last week: 7 a week. 17 this week: P < 1%.
        #expect(EarlyWarning.isWarning(lastWeek: 17, countBefore: 83, windowDays: 90))
        #expect(!EarlyWarning.isWarning(lastWeek: 10, countBefore: 83, windowDays: 90))
        // A brand-new gap: baseline floored at 0.25, so 3 in a week flags and 2 does not.
        #expect(EarlyWarning.isWarning(lastWeek: 3, countBefore: 0, windowDays: 90))
        #expect(!EarlyWarning.isWarning(lastWeek: 2, countBefore: 0, windowDays: 90))
    }

    @Test func aDoneFixIsVerifiedAfterQuietOrRecurredAtOnce() {
        let done = daysAgo(10)
        #expect(FixVerdict.judge(status: .done, doneAt: done, taggedSinceDone: 0, now: now, quietPeriodDays: 30) == .done(quietDays: 10))
        #expect(FixVerdict.judge(status: .done, doneAt: daysAgo(30), taggedSinceDone: 0, now: now, quietPeriodDays: 30) == .verified)
        #expect(FixVerdict.judge(status: .done, doneAt: done, taggedSinceDone: 2, now: now, quietPeriodDays: 30) == .recurred(count: 2))
        #expect(FixVerdict.judge(status: .inProgress, doneAt: nil, taggedSinceDone: 5, now: now, quietPeriodDays: 30) == .inProgress)
        #expect(FixVerdict.judge(status: nil, doneAt: nil, taggedSinceDone: 0, now: now, quietPeriodDays: 30) == .none)
        #expect(FixVerdict.recurred(count: 1).isFixed && !FixVerdict.open.isFixed)
    }
}

@Suite struct TaggingAndPressureTests {
    @Test func keywordsSuggestCausesAsWholeWordsButNeverTwice() {
        let rules = TaggingRules(rules: [.init(keyword: "alignment", cause: "alignment not checked"),
                                         .init(keyword: "pulls", cause: "alignment not checked"),
                                         .init(keyword: "not ready", cause: "car not ready when promised"),
                                         .init(keyword: "part", cause: "nobody called when the part was late")])
        #expect(rules.suggestions(for: "Car PULLS left; alignment off.", site: "Leeds", tags: []) == ["alignment not checked"])
        #expect(rules.suggestions(for: "It was not ready, and the part was late", site: "Leeds", tags: [])
                == ["car not ready when promised", "nobody called when the part was late"])
        #expect(rules.suggestions(for: "Departure was smooth", site: "Leeds", tags: []) == [], "'part' is not in 'departure'")
        #expect(rules.suggestions(for: "Two parts were missing", site: "Leeds", tags: []) == [], "'part' is not 'parts': whole words only")
        #expect(rules.suggestions(for: "alignment again", site: "Leeds", tags: ["work not explained"]) == [],
                "tagged feedback is suggested nothing, in the list and the detail alike")
        #expect(TaggingRules().suggestions(for: "anything", site: "Leeds", tags: []) == [])
    }

    @Test func aRuleLimitedToSomeSitesSuggestsOnlyThere() {
        let rule = TaggingRules.Rule(keyword: "Tracking", setting: "alignment not checked @ Northgate, Car Sales")
        #expect(rule.keyword == "tracking" && rule.cause == "alignment not checked" && rule.sites == ["Northgate", "Car Sales"])
        #expect(rule.setting == "alignment not checked @ Northgate, Car Sales")
        let rules = TaggingRules(rules: [rule])
        #expect(rules.suggestions(for: "The tracking is off", site: "Northgate Leeds Service", tags: []) == ["alignment not checked"])
        #expect(rules.suggestions(for: "The tracking link was wrong", site: "Swiftline Parcels Manchester", tags: []) == [],
                "a parcel's tracking is not a car's alignment")
        #expect(rules.suggestions(for: "tracking", site: "Northgatehouse Depot", tags: []) == [], "site words are whole words too")
        #expect(rules.suggestions(for: "tracking", site: "Main car sales", tags: []) == ["alignment not checked"])
    }

    @Test func pressureNeedsAHighTopShareFewCommentsAndEnoughResponses() {
        let peers = (0..<5).map { PressureSignals.Tally(name: "peer \($0)", responses: 100, topScores: 50, comments: 80) }
        let pusher = PressureSignals.Tally(name: "pusher", responses: 100, topScores: 95, comments: 10)
        let honestStar = PressureSignals.Tally(name: "star", responses: 100, topScores: 95, comments: 85)
        let tiny = PressureSignals.Tally(name: "tiny", responses: 10, topScores: 10, comments: 0)
        let signals = PressureSignals.signals(peers + [pusher, honestStar, tiny])
        #expect(signals.map(\.name) == ["pusher"], "many comments means customers still talk; 10 responses are too few")
        #expect(signals[0].z > PressureSignals.zThreshold)
        #expect(PressureSignals.signals(peers).isEmpty)
    }
}

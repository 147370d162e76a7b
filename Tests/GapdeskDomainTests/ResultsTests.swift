import Foundation
import Testing
@testable import GapdeskDomain

@Suite struct ResultsTests {
    @Test func wilsonAndNewcombeGiveThePublishedIntervals() throws {
        // Wilson (1927) score interval for 8 of 10.
        let interval = try #require(Proportion(successes: 8, trials: 10).interval)
        #expect(abs(interval.lowerBound - 0.4902) < 5e-5 && abs(interval.upperBound - 0.9433) < 5e-5)
        // Newcombe (1998), method 10: 56/70 − 48/80 = 0.2, interval 0.0524 to 0.3339.
        let difference = try #require(Proportion.difference(Proportion(successes: 56, trials: 70), Proportion(successes: 48, trials: 80)))
        #expect(abs(difference.value - 0.2) < 1e-12)
        #expect(abs(difference.interval.lowerBound - 0.0524) < 5e-5 && abs(difference.interval.upperBound - 0.3339) < 5e-5)
        #expect(Proportion(successes: 0, trials: 0).interval == nil && Proportion(successes: 0, trials: 0).rate == nil)
        #expect(Proportion(successes: 0, trials: 5).interval?.lowerBound == 0 && Proportion(successes: 5, trials: 5).interval?.upperBound == 1)
    }

    @Test func aGroupIsWhatTheLatestCallThatGotThroughCameTo() {
        #expect(ResultGroup.of(attempts: []) == .notCalled)
        #expect(ResultGroup.of(attempts: [.noAnswer, .noAnswer]) == .notReached)
        #expect(ResultGroup.of(attempts: [.noAnswer, .recovered]) == .recovered)
        #expect(ResultGroup.of(attempts: [.unhappy, .noAnswer, .guarantee, .noAnswer]) == .guarantee)
        #expect(ResultGroup.of(attempts: [.noAnswer, .noAnswer, .unreachable]) == .notReached)
        #expect(ResultGroup.of(attempts: [.thanked, .unreachable]) == .thanked, "an earlier call got through")
    }

    @Test func speedCountsTheSitesBusinessHours() {
        let hours = BusinessHours.standard  // Mon-Fri 09:00-17:00 UTC
        let monday = Date(timeIntervalSince1970: 1_772_442_000)  // Mon 2 Mar 2026 09:00 UTC
        func at(_ hoursLater: Double) -> Date { monday.addingTimeInterval(hoursLater * 3600) }
        #expect(CallSpeed.of(receivedAt: monday, reachedAt: nil, hours: hours) == .none)
        #expect(CallSpeed.of(receivedAt: monday, reachedAt: at(4), hours: hours) == .fourHours)
        #expect(CallSpeed.of(receivedAt: monday, reachedAt: at(8), hours: hours) == .oneDay)
        // Friday evening to Monday morning is no business time at all.
        let friday = monday.addingTimeInterval(4 * 86_400 + 7 * 3600)  // Fri 16:00
        #expect(CallSpeed.of(receivedAt: friday, reachedAt: monday.addingTimeInterval(7 * 86_400 + 2 * 3600), hours: hours) == .fourHours)
        #expect(CallSpeed.of(receivedAt: monday, reachedAt: at(24 + 8), hours: hours) == .threeDays, "Tuesday 17:00: 16 business hours")
        #expect(CallSpeed.of(receivedAt: monday, reachedAt: at(3 * 24 + 1), hours: hours) == .later, "Thursday 10:00: 25 business hours")
    }

    @Test func aReturnIsAnotherContactAfterAndWithinTheDays() {
        let d: Int64 = 1_000_000
        #expect(!Results.returned(contactAt: d, next: nil, returnDays: 180))
        #expect(!Results.returned(contactAt: d, next: d, returnDays: 180), "the same moment is not after")
        #expect(Results.returned(contactAt: d, next: d + 180 * 86_400, returnDays: 180))
        #expect(!Results.returned(contactAt: d, next: d + 180 * 86_400 + 1, returnDays: 180))
        let now = Date(timeIntervalSince1970: 1_772_442_000)
        let days = Results.contactDays(now: now, windowDays: 365, returnDays: 180)
        #expect(days.count == 365 && days.upperBound == UTCDay.of(now) - 181, "every counted response's window has passed")
        #expect((days.upperBound + 1) * UTCDay.seconds + 180 * 86_400 <= now.epochSeconds)
    }

    @Test func theParadoxSentenceSaysOnlyWhatTheIntervalsAllow() {
        let baseline = Proportion(successes: 5_500, trials: 10_000)
        #expect(ResultWords.paradox(recovered: Proportion(successes: 700, trials: 1_000), baseline: baseline).hasPrefix("Recovered customers came back more often"))
        #expect(ResultWords.paradox(recovered: Proportion(successes: 400, trials: 1_000), baseline: baseline).hasPrefix("Recovered customers came back less often"))
        #expect(ResultWords.paradox(recovered: Proportion(successes: 5_510, trials: 10_000), baseline: baseline)
            .hasPrefix("Recovered customers came back about as often"))
        #expect(ResultWords.paradox(recovered: Proportion(successes: 30, trials: 50), baseline: baseline).hasPrefix("The data cannot yet tell"))
        #expect(ResultWords.paradox(recovered: Proportion(successes: 10, trials: 19), baseline: baseline).hasPrefix("Too few recovered customers (19)"))
    }

    @Test func aTallyKeepsEveryGroupAndSpeedThroughItsEncoding() {
        var tally = ResultTally()
        tally.add(group: .recovered, speed: .oneDay, responses: 3, returned: 2)
        tally.add(group: .neverCritical, speed: .none, responses: 70_000, returned: 41_000)
        tally.add(group: .recovered, speed: .oneDay, responses: -1, returned: -1)
        let decoded = ResultTally(encoded: tally.encoded)
        #expect(decoded == tally)
        #expect(decoded.entries.map { "\($0.group.rawValue) \($0.speed.rawValue) \($0.responses) \($0.returned)" }
                == ["recovered 1d 2 1", "never-critical none 70000 41000"])
        #expect(ResultTally(encoded: []).isEmpty)
    }

    @Test func valueKeptScalesTheDifferenceAndItsInterval() throws {
        let kept = try #require(ValueKept(reached: Proportion(successes: 56, trials: 70), notCalled: Proportion(successes: 48, trials: 80),
                                          medianValue: 1_000))
        #expect(abs(kept.value - 0.2 * 70 * 1_000) < 1e-6)
        #expect(abs(kept.interval.lowerBound - kept.differenceInterval.lowerBound * 70_000) < 1e-6)
        #expect(ValueKept(reached: Proportion(successes: 5, trials: 10), notCalled: Proportion(successes: 48, trials: 80), medianValue: 1_000) == nil)
        #expect(ValueKept(reached: Proportion(successes: 56, trials: 70), notCalled: Proportion(successes: 48, trials: 80), medianValue: nil) == nil)
    }
}

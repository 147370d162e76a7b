import Foundation
import Testing
@testable import GapdeskDomain

/// Coverage (contacts rated), blind spots and selective asking, against figures worked by hand.
@Suite struct CoverageTests {
    @Test func aGroupsRateHasItsIntervalItsChangeAndItsTestAgainstTheRest() throws {
        let tallies = [Coverage.Tally(name: "Leeds", contacts: 200, rated: 80, previousContacts: 100, previousRated: 50),
                       Coverage.Tally(name: "York", contacts: 300, rated: 15, previousContacts: 300, previousRated: 90)]
        let lines = Coverage.lines(tallies)
        let leeds = lines[0], york = lines[1]
        #expect(leeds.share.rate == 0.4 && leeds.previous.rate == 0.5)
        // Wilson at n = 200, p = 0.4: (0.4 + z²/400 ± z·√(0.0012 + z²/160000)) / (1 + z²/200).
        let z = Results.z, z2 = z * z
        let centre = (0.4 + z2 / 400) / (1 + z2 / 200), half = z * (0.4 * 0.6 / 200 + z2 / 160_000).squareRoot() / (1 + z2 / 200)
        let interval = try #require(leeds.share.interval)
        #expect(abs(interval.lowerBound - (centre - half)) < 1e-12 && abs(interval.upperBound - (centre + half)) < 1e-12)
        #expect(abs(try #require(leeds.change).value - (-0.1)) < 1e-12)
        // York against Leeds alone: p = 0.05, p0 = 0.4, z = (0.05 − 0.4) / √(0.4·0.6/300).
        #expect(abs(try #require(york.z) - (-0.35 / (0.24 / 300).squareRoot())) < 1e-9)
        #expect(york.isBlindSpot && !leeds.isBlindSpot, "York's 5% is far below the rest's 40%")
        let total = Coverage.total(tallies)
        #expect(total.now == Proportion(successes: 95, trials: 500) && total.previous == Proportion(successes: 140, trials: 400))
    }

    @Test func aBlindSpotNeedsEnoughContactsAndAHalvedRate() {
        let few = Coverage.lines([Coverage.Tally(name: "big", contacts: 1_000, rated: 400), Coverage.Tally(name: "small", contacts: 19, rated: 0)])
        #expect(few[1].z == nil && !few[1].isBlindSpot, "19 contacts are too few to say")
        // 30% against 40% over 5,000 contacts: far below by chance, but not half.
        let lower = Coverage.lines([Coverage.Tally(name: "a", contacts: 5_000, rated: 2_000), Coverage.Tally(name: "b", contacts: 5_000, rated: 1_500)])
        #expect(lower[1].z! < -Coverage.zThreshold && !lower[1].isBlindSpot)
        let alone = Coverage.lines([Coverage.Tally(name: "only", contacts: 100, rated: 1)])
        #expect(alone[0].z == nil && alone[0].restRate == nil, "no rest to compare with")
    }

    @Test func selectiveAskingNeedsBothFewerRatedAndHigherRatings() throws {
        let peers = (1...6).map { SelectiveAsking.Tally(name: "peer \($0)", contacts: 400, rated: 160, responses: 160, topScores: 80) }
        let gater = SelectiveAsking.Tally(name: "gater", contacts: 400, rated: 40, responses: 40, topScores: 38)
        let pusher = SelectiveAsking.Tally(name: "pusher", contacts: 400, rated: 160, responses: 160, topScores: 150)
        let quiet = SelectiveAsking.Tally(name: "quiet", contacts: 400, rated: 40, responses: 40, topScores: 20)
        let signals = SelectiveAsking.signals(peers + [gater, pusher, quiet])
        #expect(signals.map(\.name) == ["gater"], "the pusher is rated as often as the rest; the quiet one's ratings are like the rest's")
        let signal = try #require(signals.first)
        // The gater's peers: 6 × 160 + 160 + 40 rated of 3,200 contacts; 6 × 80 + 150 + 20 top of 1,160 responses.
        let peerRate = Double(6 * 160 + 160 + 40) / 3_200, peerTop = Double(6 * 80 + 150 + 20) / 1_160
        #expect(abs(signal.peerRate - peerRate) < 1e-12 && abs(signal.peerTopShare - peerTop) < 1e-12)
        #expect(abs(signal.rateZ - (0.1 - peerRate) / (peerRate * (1 - peerRate) / 400).squareRoot()) < 1e-9)
        #expect(abs(signal.topZ - (0.95 - peerTop) / (peerTop * (1 - peerTop) / 40).squareRoot()) < 1e-9)
        #expect(signal.ratePValue < 0.0014 && signal.topPValue < 0.0014)
    }
}

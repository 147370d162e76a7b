import Testing
@testable import GapdeskDomain

@Suite struct RatingScaleTests {
    @Test func readsScaleCodes() {
        #expect(RatingScale(code: "csat5") == .csat5)
        #expect(RatingScale(code: " NPS10 ") == .nps10)
        #expect(RatingScale(code: "1-5") == .csat5)
        #expect(RatingScale(code: "0-10") == .nps10)
        #expect(RatingScale(code: "1-7") == .custom(min: 1, max: 7))
        #expect(RatingScale(code: "7-1") == nil)
        #expect(RatingScale(code: "5") == nil)
        #expect(RatingScale(code: "a-b") == nil)
        #expect(RatingScale(code: "1-5-7") == nil)
    }

    @Test func normalisesAndMeasuresShortfall() {
        #expect(RatingScale.csat5.normalised(5) == 1)
        #expect(RatingScale.csat5.normalised(1) == 0)
        #expect(RatingScale.csat5.shortfall(4) == 0.25)
        #expect(RatingScale.nps10.shortfall(7) == 0.3000000000000001 || abs(RatingScale.nps10.shortfall(7) - 0.3) < 1e-12)
        #expect(RatingScale.custom(min: 1, max: 7).shortfall(4) == 0.5)
        #expect(RatingScale.nps10.contains(0) && !RatingScale.nps10.contains(11))
        #expect(!RatingScale.csat5.contains(0))
    }

    @Test func criticalMeansBelowTheTopByDefault() {
        let rule = CriticalRule()
        #expect(rule.isCritical(4, on: .csat5), "a 4 out of 5 still names a gap")
        #expect(!rule.isCritical(5, on: .csat5))
        #expect(rule.isCritical(9, on: .nps10))
        #expect(!rule.isCritical(10, on: .nps10))
        #expect(rule.isCritical(6, on: .custom(min: 1, max: 7)))
    }

    @Test func ratingAtALoweredThresholdIsNotCritical() {
        let rule = CriticalRule(thresholds: ["csat5": 4, "nps10": 9])
        #expect(!rule.isCritical(4, on: .csat5), "at the threshold is not below it")
        #expect(rule.isCritical(3, on: .csat5))
        #expect(!rule.isCritical(9, on: .nps10))
        #expect(rule.isCritical(8, on: .nps10))
    }
}

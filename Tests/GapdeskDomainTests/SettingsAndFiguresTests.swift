import Foundation
import Testing
@testable import GapdeskDomain

@Suite struct SettingsAndFiguresTests {
    @Test func defaultsApplyUntilSet() {
        let settings = TeamSettings()
        #expect(settings.callbackDueBusinessDays == 1)
        #expect(settings.rankingWindowDays == 90)
        #expect(settings.criticalRule.threshold(for: .csat5) == 5)
        let changed = TeamSettings(stored: ["callback.due_business_days": "0.5", "critical.below.csat5": "4"])
        #expect(changed.callbackDueBusinessDays == 0.5)
        #expect(changed.criticalRule.threshold(for: .csat5) == 4)
    }

    @Test func invalidStoredValuesFallBackToDefaults() {
        let settings = TeamSettings(stored: ["ranking.window_days": "lots", "critical.below.csat5": "9"])
        #expect(settings.rankingWindowDays == 90)
        #expect(settings.criticalRule.threshold(for: .csat5) == 5)
    }

    @Test func parsingExplainsWhatWasExpected() throws {
        let definition = try #require(TeamSettings.definition(for: "critical.below.csat5"))
        #expect(try definition.parse(" 4 ") == "4")
        #expect(throws: SettingError.invalid(key: "critical.below.csat5", value: "6", expected: "a whole number from 2 to 5")) {
            try definition.parse("6")
        }
        let decimal = try #require(TeamSettings.definition(for: "callback.due_business_days"))
        #expect(try decimal.parse("0.5") == "0.5")
        #expect(throws: SettingError.self) { try decimal.parse("nan") }
    }

    @Test func medianOfOddEvenAndEmpty() {
        #expect(Statistics.median(ofSorted: []) == nil)
        #expect(Statistics.median(ofSorted: [3]) == 3)
        #expect(Statistics.median(ofSorted: [1, 2, 10]) == 2)
        #expect(Statistics.median(ofSorted: [1, 2, 4, 10]) == 3)
    }

    @Test func instantsParseInTheUsualForms() {
        #expect(Clock.parseInstant("2026-03-02T09:00:00Z")?.timeIntervalSince1970 == 1_772_442_000)
        #expect(Clock.parseInstant("2026-03-02T10:00:00+01:00")?.timeIntervalSince1970 == 1_772_442_000)
        #expect(Clock.parseInstant("2026-03-02T09:00:00.500Z")?.timeIntervalSince1970 == 1_772_442_000.5)
        #expect(Clock.parseInstant("2026-03-02") != nil)
        #expect(Clock.parseInstant("yesterday") == nil)
        #expect(Clock.parseInstant("2026-13-45T99:00:00Z") == nil)
    }

    @Test func rolesGrowInWhatTheyMayDo() {
        #expect(Role.manager.may(.recordCall) && Role.manager.may(.tag))
        #expect(!Role.manager.may(.moveFix) && !Role.manager.may(.assign) && !Role.manager.may(.setOwner))
        #expect(Role.supervisor.may(.moveFix) && Role.supervisor.may(.assign))
        #expect(!Role.supervisor.may(.manageUsers) && Role.admin.may(.manageUsers))
    }

    @Test func fixesMoveForwardAndStopAtDone() {
        #expect(FixStatus.open.next == .inProgress)
        #expect(FixStatus.inProgress.next == .done)
        #expect(FixStatus.done.next == nil)
    }
}

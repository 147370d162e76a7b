import Foundation
import Testing
@testable import GapdeskDomain

/// A bare weekday only ever means the coming week; a past time says so.
@Suite struct FriendlyTimeTests {
    let now = Clock.parseInstant("2026-03-02T09:00:00Z")!  // a Monday
    let london = TimeZone(identifier: "Europe/London")!

    func at(_ text: String) -> String { FriendlyTime.at(Clock.parseInstant(text)!, now: now, zone: london) }
    func when(_ text: String) -> String { FriendlyTime.when(Clock.parseInstant(text)!, now: now, zone: london) }

    @Test func aPastDayOfTheWeekIsLastAndAComingOneBare() {
        #expect(at("2026-02-28T16:36:00Z") == "last Sat 16:36")
        #expect(at("2026-03-07T16:36:00Z") == "Sat 16:36")
        #expect(at("2026-02-24T10:00:00Z") == "last Tue 10:00")
        #expect(at("2026-03-03T10:00:00Z") == "tomorrow 10:00")
        #expect(at("2026-03-01T10:00:00Z") == "yesterday 10:00")
        #expect(at("2026-02-22T10:00:00Z") == "22 Feb 10:00")
        #expect(when("2026-02-28T16:36:00Z") == "last Sat at 16:36")
        #expect(when("2026-03-07T16:36:00Z") == "on Sat at 16:36")
    }
}

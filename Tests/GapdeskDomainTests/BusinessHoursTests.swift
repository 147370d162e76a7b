import Foundation
import Testing
@testable import GapdeskDomain

@Suite struct BusinessHoursTests {
    let london = try! HoursSpec.parse("mon-fri 09:00-17:00 Europe/London")

    func at(_ text: String) -> Date { Clock.parseInstant(text)! }

    @Test func fridayEveningIsDueWithinMondaysHours() {
        // Friday 6 March 2026, 19:30 in London (UTC+0 in March before DST).
        let due = CallbackRules.dueTime(receivedAt: at("2026-03-06T19:30:00Z"), hours: london, businessDays: 1)
        #expect(due == at("2026-03-09T17:00:00Z"))
    }

    @Test func midDayRollsIntoTheNextDay() {
        let due = CallbackRules.dueTime(receivedAt: at("2026-03-03T14:00:00Z"), hours: london, businessDays: 1)
        #expect(due == at("2026-03-04T14:00:00Z"))
    }

    @Test func beforeOpeningCountsFromOpening() {
        let due = CallbackRules.dueTime(receivedAt: at("2026-03-03T06:00:00Z"), hours: london, businessDays: 0.5)
        #expect(due == at("2026-03-03T13:00:00Z"))
    }

    @Test func aWeekendArrivalWaitsForMonday() {
        let due = CallbackRules.dueTime(receivedAt: at("2026-03-07T12:00:00Z"), hours: london, businessDays: 0.25)
        #expect(due == at("2026-03-09T11:00:00Z"))
    }

    @Test func aSiteInAnotherTimeZoneCountsItsOwnHours() throws {
        let newYork = try HoursSpec.parse("mon-fri 09:00-17:00 America/New_York")
        // 16:00 in New York on Tuesday 3 March 2026 is 21:00 UTC; one hour left that day, seven on Wednesday.
        let due = CallbackRules.dueTime(receivedAt: at("2026-03-03T21:00:00Z"), hours: newYork, businessDays: 1)
        #expect(due == at("2026-03-04T21:00:00Z"), "16:00 New York time on Wednesday, not 17:00 UTC")
    }

    @Test func daylightSavingChangeKeepsLocalHours() {
        // London moves to BST on Sunday 29 March 2026; Monday opens at 09:00 BST = 08:00 UTC.
        let due = CallbackRules.dueTime(receivedAt: at("2026-03-27T18:00:00Z"), hours: london, businessDays: 0.125)
        #expect(due == at("2026-03-30T09:00:00Z"), "one hour after 09:00 BST")
    }

    @Test func saturdayOpeningSitesCountSaturday() throws {
        let depot = try HoursSpec.parse("mon-sat 07:00-19:00 UTC")
        let due = CallbackRules.dueTime(receivedAt: at("2026-03-06T20:00:00Z"), hours: depot, businessDays: 1)
        #expect(due == at("2026-03-07T19:00:00Z"))
    }

    @Test func overdueOnlyAfterTheDueTimeAndWhileOpen() {
        let due = at("2026-03-02T09:00:00Z")
        #expect(!CallbackRules.isOverdue(dueAt: due, doneAt: nil, now: due), "at the due time is not yet overdue")
        #expect(CallbackRules.isOverdue(dueAt: due, doneAt: nil, now: due.addingTimeInterval(1)))
        #expect(!CallbackRules.isOverdue(dueAt: due, doneAt: due, now: due.addingTimeInterval(86_400)))
    }

    @Test func stateSaysDueTodayUntilTheEndOfTheDay() {
        let now = at("2026-03-02T09:00:00Z")
        let today = DayWindow(containing: now, in: TimeZone(identifier: "UTC")!)
        #expect(CallbackRules.state(dueAt: at("2026-03-02T16:00:00Z"), outcome: nil, doneAt: nil, now: now, today: today)
                == .dueToday(in: 7 * 3600))
        #expect(CallbackRules.state(dueAt: at("2026-03-03T10:00:00Z"), outcome: nil, doneAt: nil, now: now, today: today)
                == .upcoming(in: 25 * 3600))
        #expect(CallbackRules.state(dueAt: at("2026-03-02T08:00:00Z"), outcome: nil, doneAt: nil, now: now, today: today)
                == .overdue(by: 3600))
        #expect(CallbackRules.state(dueAt: at("2026-03-02T08:00:00Z"), outcome: .thanked, doneAt: now, now: now, today: today)
                == .done(.thanked))
    }

    @Test func dayWindowIsShortOnTheDayClocksGoForward() {
        let day = DayWindow(containing: at("2026-03-29T12:00:00Z"), in: TimeZone(identifier: "Europe/London")!)
        #expect(day.end.timeIntervalSince(day.start) == 23 * 3600)
    }

    @Test func hoursSpecReadsAndWritesBack() throws {
        let hours = try HoursSpec.parse("mon,wed,sat 08:30-18:00 Europe/Dublin")
        #expect(hours.days == [.monday, .wednesday, .saturday])
        #expect(hours.opens == 8 * 3600 + 1800 && hours.closes == 18 * 3600)
        #expect(HoursSpec.format(hours) == "mon,wed,sat 08:30-18:00 Europe/Dublin")
        #expect(HoursSpec.format(london) == "mon-fri 09:00-17:00 Europe/London")
        #expect(try HoursSpec.parse("mon-fri 09:00-17:00").timeZone.secondsFromGMT() == 0)
    }

    @Test func hoursSpecRefusesNonsense() {
        for bad in ["", "mon-fri", "fri-mon 09:00-17:00", "mon-fri 17:00-09:00", "mon-fri 09:00-25:00",
                    "mon-fri 09:00-17:00 Mars/Olympus", "xyz 09:00-17:00", "mon-fri 9-17"] {
            #expect(throws: SettingError.self, "\(bad)") { try HoursSpec.parse(bad) }
        }
    }
}

import Foundation

/// Where a callback stands at a given moment.
public enum CallbackState: Equatable, Sendable {
    case done(CallOutcome)
    case overdue(by: TimeInterval)
    case dueToday(in: TimeInterval)
    case upcoming(in: TimeInterval)
}

/// The due-time rules for callbacks.
public enum CallbackRules {
    /// A callback is due `days` business days after the response was received,
    /// counted in the site's hours (one business day = the site's open hours).
    public static func dueTime(receivedAt: Date, hours: BusinessHours, businessDays: Double) -> Date {
        let seconds = Int((Double(hours.dayLength) * businessDays).rounded())
        return hours.adding(businessSeconds: seconds, to: receivedAt)
    }

    /// Feedback recorded more than `maxAgeDays` after it arrived is history:
    /// too late to call back about, so it gets no callback.
    public static func isTooOldToCall(receivedAt: Date, recordedAt now: Date, maxAgeDays: Int) -> Bool {
        now.timeIntervalSince(receivedAt) > Double(maxAgeDays) * 86_400
    }

    /// Overdue when now is past its due time and it is not done.
    public static func isOverdue(dueAt: Date, doneAt: Date?, now: Date) -> Bool {
        doneAt == nil && now > dueAt
    }

    public static func state(dueAt: Date, outcome: CallOutcome?, doneAt: Date?, now: Date, today: DayWindow) -> CallbackState {
        if doneAt != nil, let outcome { return .done(outcome) }
        if isOverdue(dueAt: dueAt, doneAt: doneAt, now: now) { return .overdue(by: now.timeIntervalSince(dueAt)) }
        if dueAt < today.end { return .dueToday(in: dueAt.timeIntervalSince(now)) }
        return .upcoming(in: dueAt.timeIntervalSince(now))
    }
}

/// One calendar day in a time zone, as a half-open interval of instants.
public struct DayWindow: Hashable, Sendable {
    public var start: Date
    public var end: Date

    public init(start: Date, end: Date) { self.start = start; self.end = end }

    /// The day containing `instant` in `timeZone` (23 or 25 hours long across DST).
    public init(containing instant: Date, in timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let start = calendar.startOfDay(for: instant)
        self.start = start
        self.end = calendar.date(byAdding: .day, value: 1, to: start) ?? start.addingTimeInterval(86_400)
    }

}

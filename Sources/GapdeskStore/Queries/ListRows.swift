import Foundation
import GapdeskDomain

/// One open call in the callback queue.
/// Read as a record (see `SQLRecordDecoder`).
public struct QueueRow: Hashable, Sendable, Decodable {
    public var callbackId: Int64
    public var responseId: Int64
    public var customer: String
    public var phone: String?
    public var site: String
    /// The site's time zone: its times are shown and typed in it.
    public var siteZone: TimeZone
    public var scale: RatingScale
    public var rating: Int
    public var comment: String
    public var receivedAt: Date
    public var dueAt: Date
    public var attempts: Int
    public var assignee: String?
    public var staff: String? = nil
    /// The causes the response is tagged with, by name.
    public var tags: [String] = []
}

/// A response's causes as a list's query reads them: their names joined by U+001F (see `SQLDialect.joinedByUnitSeparator`).
enum TagNames {
    static func decode(_ joined: String?) -> [String] { joined?.split(separator: "\u{1F}").map(String.init).sorted() ?? [] }
}

/// Read as a record: the call's columns, with its response's tags joined by U+001F in `tags`.
extension QueueRow {
    private enum Column: String, CodingKey {
        case callbackId, responseId, customer, phone, site, siteZone, scale, rating, comment, receivedAt, dueAt, attempts, assignee, staff, tags
    }

    public init(from decoder: any Decoder) throws {
        let row = try decoder.container(keyedBy: Column.self)
        self.init(callbackId: try row.decode(Int64.self, forKey: .callbackId), responseId: try row.decode(Int64.self, forKey: .responseId),
                  customer: try row.decode(String.self, forKey: .customer), phone: try row.decodeIfPresent(String.self, forKey: .phone),
                  site: try row.decode(String.self, forKey: .site), siteZone: try row.decode(TimeZone.self, forKey: .siteZone),
                  scale: try row.decode(RatingScale.self, forKey: .scale), rating: try row.decode(Int.self, forKey: .rating),
                  comment: try row.decode(String.self, forKey: .comment), receivedAt: try row.decode(Date.self, forKey: .receivedAt),
                  dueAt: try row.decode(Date.self, forKey: .dueAt), attempts: try row.decode(Int.self, forKey: .attempts),
                  assignee: try row.decodeIfPresent(String.self, forKey: .assignee), staff: try row.decodeIfPresent(String.self, forKey: .staff),
                  tags: TagNames.decode(try row.decodeIfPresent(String.self, forKey: .tags)))
    }
}

/// Where a response's callback stands, as shown beside it.
/// Read as a record (columns callback_id, due_at, done_at, outcome, attempts, assignee).
public struct CallbackSummary: Hashable, Sendable, Decodable {
    public var callbackId: Int64
    public var dueAt: Date
    public var doneAt: Date?
    public var outcome: CallOutcome?
    public var attempts: Int
    public var assignee: String?

    public init(callbackId: Int64, dueAt: Date, doneAt: Date?, outcome: CallOutcome?, attempts: Int, assignee: String?) {
        self.callbackId = callbackId; self.dueAt = dueAt; self.doneAt = doneAt; self.outcome = outcome
        self.attempts = attempts; self.assignee = assignee
    }
}

/// One critical response in the low-rated list.
public struct LowRatedRow: Hashable, Sendable {
    public var responseId: Int64
    public var customer: String
    /// Feedback that names nobody: it has no callback, as there is nobody to call.
    public var anonymous = false
    public var phone: String?
    public var site: String
    /// The site's time zone: its times are shown and typed in it.
    public var siteZone: TimeZone
    public var staff: String?
    public var scale: RatingScale
    public var rating: Int
    public var comment: String
    public var receivedAt: Date
    public var tags: [String]
    public var callback: CallbackSummary?
    /// Root causes the tagging rules suggest for its comment (never applied silently).
    public var suggestions: [String] = []
}

/// Read as a record: the response's columns, its tags joined by U+001F in
/// `tags`, and its callback's (see `CallbackSummary`) where `callback_id` is not null.
extension LowRatedRow: Decodable {
    private enum CodingKeys: String, CodingKey {
        case responseId, customer, anonymous, phone, site, siteZone, staff, scale, rating, comment, receivedAt, tags, callbackId
    }

    public init(from decoder: any Decoder) throws {
        let row = try decoder.container(keyedBy: CodingKeys.self)
        self.init(responseId: try row.decode(Int64.self, forKey: .responseId), customer: try row.decode(String.self, forKey: .customer),
                  anonymous: try row.decode(Bool.self, forKey: .anonymous), phone: try row.decodeIfPresent(String.self, forKey: .phone),
                  site: try row.decode(String.self, forKey: .site), siteZone: try row.decode(TimeZone.self, forKey: .siteZone),
                  staff: try row.decodeIfPresent(String.self, forKey: .staff), scale: try row.decode(RatingScale.self, forKey: .scale),
                  rating: try row.decode(Int.self, forKey: .rating), comment: try row.decode(String.self, forKey: .comment),
                  receivedAt: try row.decode(Date.self, forKey: .receivedAt),
                  tags: TagNames.decode(try row.decodeIfPresent(String.self, forKey: .tags)),
                  callback: try row.decodeNil(forKey: .callbackId) ? nil : CallbackSummary(from: decoder))
    }
}

/// One root cause in the gap ranking.
public struct GapRow: Hashable, Sendable {
    public var causeId: Int64
    public var name: String
    public var kind: GapKind?
    public var team: String?
    /// Return on satisfaction over the ranking window (see `ReturnOnSatisfaction`).
    public var score: Double
    /// The score before dividing by effort.
    public var weightedSum: Double
    /// Tagged critical responses in the ranking window.
    public var countInWindow: Int
    /// Tagged critical responses in the last 30 days, and the 30 before.
    public var count30d: Int
    public var countPrevious30d: Int
    /// In the last 7 days, and whether that is far above the gap's own baseline:
    /// how usual a week is, and how likely chance alone would give this one.
    public var count7d: Int
    public var warning: Bool
    public var usualWeek: Double
    public var warningChance: Double
    /// Distinct customers behind the last 30 days' responses, and behind the window's.
    public var customers30d: Int
    public var customersInWindow: Int
    /// The shares of the score from the last 30 days, and from customers worth more than the median.
    public var recentShare: Double
    public var highValueShare: Double
    /// Tagged responses per week, oldest first, over the ranking window.
    public var weekly: [Int]
    /// Guarantee money waived on its responses in the window.
    public var waived: Double
    /// Waived money plus the value of the customers affected in the window.
    public var moneyAtRisk: Double
    public var owner: String?
    public var fixStatus: FixStatus?
    public var verdict: FixVerdict
    public var effort: Double?
    /// The fix row's revision, so a move is refused if someone changed it since.
    public var fixRevision: Int
    /// Position in the ranking, from 1.
    public var rank: Int

    /// ↑ more in the last 30 days than the 30 before, ↓ fewer, → the same.
    public var trend: Int { count30d > countPrevious30d ? 1 : count30d < countPrevious30d ? -1 : 0 }

    /// What its row is marked with: recurred before rising, so a gap has one mark
    /// and the header's counts are the marks shown.
    public var mark: GapMark? {
        if case .recurred = verdict { return .recurred }
        if warning { return .rising }
        return verdict.isFixed ? .done : nil
    }
}

/// The states a gap's row can be marked with.
public enum GapMark: Sendable {
    case recurred, rising, done
}

/// Which gaps the Gaps pane shows.
public enum GapView: Int, CaseIterable, Sendable {
    case all, open, fixed

    public var label: String {
        switch self {
        case .all: "all"
        case .open: "open (not done, or recurred)"
        case .fixed: "fixed and holding (done or verified)"
        }
    }

    public func includes(_ row: GapRow) -> Bool {
        switch self {
        case .all: true
        case .open: !row.verdict.isFixed || row.mark == .recurred
        case .fixed: row.verdict.isFixed && row.mark != .recurred
        }
    }
}

/// Narrows a list: free text (customer, comment, phone) plus site, staff and tag.
/// Matched literally, case-insensitively: `%`, `_` and quotes are plain characters.
public struct ListFilter: Hashable, Sendable {
    public var text: String?
    public var site: String?
    public var staff: String?
    public var tag: String?
    /// The sites whose short label has the site text: a label is the team's name for a site, so it narrows as the name does.
    /// Found by the store as it reads (see `Store.resolvingLabels`).
    var sitesLabelled: [String] = []
    /// Only the calls assigned to this account (the queue's own: "mine").
    var assignee: String?

    public init(text: String? = nil, site: String? = nil, staff: String? = nil, tag: String? = nil) {
        self.text = text; self.site = site; self.staff = staff; self.tag = tag
    }

    public var isEmpty: Bool { [text, site, staff, tag].allSatisfy { ($0 ?? "").isEmpty } }
}

/// Orders of the callback queue, each served by its own index.
public enum QueueSort: Int, CaseIterable, Sendable {
    case dueTime, newest
}

/// Orders of the low-rated list, each served by its own index.
public enum LowRatedSort: Int, CaseIterable, Sendable {
    case newest, lowestRating
}

import Foundation

/// What kind of contact a customer had with the business: every one can be
/// a return (see `Results`), whether or not it was rated.
public enum ContactKind: String, CaseIterable, Sendable {
    case service, visit, job, delivery, sale

    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// The five kinds of service-quality gap a root cause belongs to.
public enum GapKind: Int, CaseIterable, Sendable {
    /// We don't know what customers expect.
    case knowledge = 1
    /// Standards or design don't match what customers expect.
    case standards = 2
    /// Service delivered differs from the standard.
    case delivery = 3
    /// What we promised differs from what we delivered.
    case communication = 4
    /// The customer's experience falls short of their expectation.
    case perception = 5

    /// One word, for columns.
    public var label: String {
        switch self {
        case .knowledge: "knowing"
        case .standards: "standards"
        case .delivery: "delivery"
        case .communication: "promises"
        case .perception: "perceived"
        }
    }

    /// The gap between what and what, in the service-quality gaps model.
    public var words: String {
        switch self {
        case .knowledge: "knowing what customers expect"
        case .standards: "service standards"
        case .delivery: "delivery to the standard"
        case .communication: "promises against delivery"
        case .perception: "expected against perceived"
        }
    }

    /// What the gap means, for the help.
    public var meaning: String {
        switch self {
        case .knowledge: "we do not know what customers expect"
        case .standards: "our standards or designs do not match what customers expect"
        case .delivery: "the service delivered falls short of our own standard"
        case .communication: "what we promised differs from what we delivered"
        case .perception: "the customer's experience falls short of what they expected"
        }
    }
}

public struct Site: Hashable, Sendable {
    public var id: Int64
    public var name: String
    public var hours: BusinessHours
    public init(id: Int64, name: String, hours: BusinessHours) {
        self.id = id; self.name = name; self.hours = hours
    }
}

public struct Customer: Hashable, Sendable {
    public var id: Int64
    public var name: String
    public var phone: String?
    public var email: String?
    /// What the customer is worth to the business (e.g. yearly spend); optional.
    public var value: Double?
    /// Feedback that named nobody: each such response is its own customer, with nobody to call.
    public var anonymous: Bool
    public init(id: Int64, name: String, phone: String? = nil, email: String? = nil, value: Double? = nil, anonymous: Bool = false) {
        self.id = id; self.name = name; self.phone = phone; self.email = email; self.value = value; self.anonymous = anonymous
    }
    /// A missing phone is itself a gap: nobody can call this customer back.
    public var hasPhone: Bool { !(phone ?? "").trimmingWhitespace().isEmpty }
}

public struct RootCause: Hashable, Sendable {
    public var id: Int64
    public var name: String
    /// Unset for causes created by an import until someone classifies them.
    public var kind: GapKind?
    public var team: String?
    public init(id: Int64, name: String, kind: GapKind?, team: String? = nil) {
        self.id = id; self.name = name; self.kind = kind; self.team = team
    }
}

/// How a callback attempt ended.
public enum CallOutcome: String, CaseIterable, Sendable {
    case thanked, recovered, unhappy, guarantee
    case noAnswer = "no-answer"
    /// Given up on after calls nobody answered (a wrong number, a customer who never picks up).
    case unreachable

    public var label: String {
        switch self {
        case .thanked: "thanked"
        case .recovered: "recovered"
        case .unhappy: "still unhappy"
        case .guarantee: "guarantee invoked"
        case .noAnswer: "no answer"
        case .unreachable: "not reached"
        }
    }

    /// Every outcome but "no answer" closes the callback.
    public var closesCallback: Bool { self != .noAnswer }

    /// The call got through to the customer.
    public var reachedCustomer: Bool { ![.noAnswer, .unreachable].contains(self) }
}

/// A fix for a systemic gap moves open -> in progress -> done; after a quiet
/// period a done fix is verified, or recurred when a new tagged response arrives.
public enum FixStatus: String, CaseIterable, Sendable {
    case open
    case inProgress = "in-progress"
    case done

    public var next: FixStatus? {
        switch self {
        case .open: .inProgress
        case .inProgress: .done
        case .done: nil
        }
    }

    public var label: String {
        switch self {
        case .open: "open"
        case .inProgress: "in progress"
        case .done: "done"
        }
    }
}

public enum Role: String, CaseIterable, Comparable, Sendable {
    case manager, supervisor, admin

    private var rank: Int {
        switch self {
        case .manager: 1
        case .supervisor: 2
        case .admin: 3
        }
    }
    public static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }

    /// Managers work calls and tags; supervisors also move fixes, assign and set owners.
    public func may(_ action: ActionKind) -> Bool {
        switch action {
        case .recordCall, .tag, .addResponse, .importFile, .followup: true
        case .assign, .moveFix, .setOwner, .changeSettings: self >= .supervisor
        case .manageUsers: self == .admin
        }
    }
}

/// Every kind of change gapdesk makes, as named in the audit.
public enum ActionKind: String, CaseIterable, Sendable {
    case recordCall = "call.record"
    case tag = "response.tag"
    case assign = "call.assign"
    case moveFix = "fix.move"
    case setOwner = "fix.owner"
    case addResponse = "response.add"
    case importFile = "import"
    case changeSettings = "settings.set"
    case manageUsers = "user"
    /// Telling customers their gap is fixed: creating the follow-ups and recording them.
    case followup = "followup"
}

/// What telling a customer that their gap is fixed came to.
public enum FollowupOutcome: String, CaseIterable, Sendable {
    case told
    case noAnswer = "no-answer"
    case declined

    public var label: String {
        switch self {
        case .told: "told"
        case .noAnswer: "no answer"
        case .declined: "declined to talk"
        }
    }

    /// "No answer" leaves it to try again.
    public var closes: Bool { self != .noAnswer }
}

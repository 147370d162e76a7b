import Foundation
import GapdeskDomain
import GapdeskStore

/// A staff member or site whose scores are in doubt, as `report pressure` and
/// the pressure overlay list them: pushing those asked for top scores
/// (`PressureSignals`), choosing whom to ask (`SelectiveAsking`), or one phone
/// or email given for several customers (`SharedContactDetails`).
public struct ScoreSignal: Sendable, Equatable {
    /// "staff" or "site".
    public var kind: String
    public var mark: Mark
    public var name: String
    /// The responses and their top scores, theirs and their peers'; nil for a shared phone or email, which counts contacts.
    public var responses: Int?
    public var topShare: Double?
    public var peerTopShare: Double?
    /// Pressure's second measure: the share that left a comment, theirs and their peers'.
    public var comments: (share: Double, peers: Double)?
    /// Selective asking's second measure: the share of contacts rated, theirs and their peers'.
    public var rated: (share: Double, peers: Double)?
    /// How often chance alone would give what was seen (the weaker of selective asking's two tests).
    public var pValue: Double
    /// The z-test's statistic; nil for a shared phone or email, whose test is a binomial one.
    public var z: Double?
    public var zText: String
    public var sentence: String
    var extras: [(String, JSONValue)]

    public init(kind: String, _ signal: PressureSignals.Signal) {
        self.kind = kind; mark = .pressure; name = signal.name; responses = signal.responses
        topShare = signal.topShare; peerTopShare = signal.peerTopShare; comments = (signal.commentShare, signal.peerCommentShare)
        pValue = signal.pValue; z = signal.z; zText = String(format: "%.1f", signal.z); sentence = ListLayouts.pressureSentence(signal); extras = []
    }

    public init(kind: String, _ signal: SelectiveAsking.Signal) {
        self.kind = kind; mark = .asking; name = signal.name; responses = signal.responses
        topShare = signal.topShare; peerTopShare = signal.peerTopShare; rated = (signal.rate, signal.peerRate)
        pValue = max(signal.ratePValue, signal.topPValue); z = signal.topZ
        zText = String(format: "%.1f, %.1f", signal.rateZ, signal.topZ); sentence = CoverageText.askingSentence(signal)
        extras = [("contacts", .integer(Int64(signal.contacts))), ("rated", .integer(Int64(signal.rated))), ("rate_z", .number(signal.rateZ)),
                  ("top_z", .number(signal.topZ))]
    }

    public init(_ signal: SharedContactDetails.Signal) {
        kind = signal.kind.rawValue; mark = .shared; name = signal.name
        pValue = signal.pValue; zText = "-"; sentence = CoverageText.sharedSentence(signal)
        extras = [("detail", .string(signal.value)), ("customers", .strings(signal.names)), ("contacts", .integer(Int64(signal.contacts))),
                  ("theirs", .integer(Int64(signal.theirs))), ("share", .number(signal.share))]
    }

    public static func == (a: ScoreSignal, b: ScoreSignal) -> Bool {
        (a.kind, a.mark, a.name, a.sentence) == (b.kind, b.mark, b.name, b.sentence)
    }

    /// Every signal of a window (default: the ranking's): pressure first, then selective asking, each staff before
    /// sites; then the phones and emails given for several customers, likeliest to be chance last.
    public static func read(_ store: Store, now: Date, windowDays: Int? = nil) throws(StoreError) -> [ScoreSignal] {
        let pressure = try store.pressureSignals(now: now, windowDays: windowDays)
        let asking = try store.selectiveAsking(now: now, windowDays: windowDays)
        return pressure.staff.map { ScoreSignal(kind: "staff", $0) } + pressure.sites.map { ScoreSignal(kind: "site", $0) }
            + asking.staff.map { ScoreSignal(kind: "staff", $0) } + asking.sites.map { ScoreSignal(kind: "site", $0) }
            + (try store.sharedContactDetails(now: now, windowDays: windowDays)).map(ScoreSignal.init)
    }

    /// What a window without any signal says.
    public static let none = "None: nobody seems to push for top scores, to choose whom to ask, or to give one phone or email for several customers."

    /// What each kind of signal means, for the overlay and the report read by people.
    public static let explanations = [ListLayouts.pressureExplanation, CoverageText.askingExplanation, CoverageText.sharedExplanation]
}

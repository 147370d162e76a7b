import Foundation
import GapdeskDomain

/// A staff member or site whose scores are in doubt, as `report pressure` and
/// the pressure overlay list them: pushing those asked for top scores
/// (`PressureSignals`), or choosing whom to ask (`SelectiveAsking`).
public struct ScoreSignal: Sendable, Equatable {
    /// "staff" or "site".
    public var kind: String
    public var mark: Mark
    public var name: String
    public var responses: Int
    public var topShare: Double
    public var peerTopShare: Double
    /// Pressure's second measure: the share that left a comment, theirs and their peers'.
    public var comments: (share: Double, peers: Double)?
    /// Selective asking's second measure: the share of contacts rated, theirs and their peers'.
    public var rated: (share: Double, peers: Double)?
    /// How often chance alone would give what was seen (the weaker of selective asking's two tests).
    public var pValue: Double
    public var z: Double
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

    public static func == (a: ScoreSignal, b: ScoreSignal) -> Bool {
        (a.kind, a.mark, a.name, a.sentence) == (b.kind, b.mark, b.name, b.sentence)
    }

    /// Every signal of a window: pressure first, then selective asking; staff before sites.
    public static func all(pressure: (staff: [PressureSignals.Signal], sites: [PressureSignals.Signal]),
                           asking: (staff: [SelectiveAsking.Signal], sites: [SelectiveAsking.Signal])) -> [ScoreSignal] {
        pressure.staff.map { ScoreSignal(kind: "staff", $0) } + pressure.sites.map { ScoreSignal(kind: "site", $0) }
            + asking.staff.map { ScoreSignal(kind: "staff", $0) } + asking.sites.map { ScoreSignal(kind: "site", $0) }
    }
}

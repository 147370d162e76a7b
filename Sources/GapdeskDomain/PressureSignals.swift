import Foundation

/// Staff or sites whose customers give top scores far more often than their
/// peers' do, while leaving few comments: a sign that customers are being
/// pushed for top scores, which hides the gaps.
///
/// The test, per staff member or site with at least `minimumResponses` in the
/// window: a one-sided z-test of its top-score share p against the share p0
/// of everyone else, z = (p − p0) / sqrt(p0 (1 − p0) / n); flagged when
/// z > 3 (p-value under 0.0014) and its comment rate is under half of the peers'.
public enum PressureSignals {
    public static let zThreshold = 3.0
    public static let minimumResponses = 20

    public struct Tally: Sendable, Equatable {
        public var name: String
        public var responses: Int
        public var topScores: Int
        public var comments: Int
        public init(name: String, responses: Int, topScores: Int, comments: Int) {
            self.name = name; self.responses = responses; self.topScores = topScores; self.comments = comments
        }
    }

    public struct Signal: Sendable, Equatable {
        public var name: String
        public var responses: Int
        public var topShare: Double
        public var peerTopShare: Double
        public var commentShare: Double
        public var peerCommentShare: Double
        public var z: Double

        /// How often chance alone would give a share this far above the peers' (one-sided).
        public var pValue: Double { 0.5 * erfc(z / 2.0.squareRoot()) }
    }

    public static func signals(_ tallies: [Tally]) -> [Signal] {
        let total = tallies.reduce(into: (n: 0, top: 0, comments: 0)) { $0.n += $1.responses; $0.top += $1.topScores; $0.comments += $1.comments }
        return tallies.compactMap { tally in
            let peers = total.n - tally.responses
            guard tally.responses >= minimumResponses, peers > 0 else { return nil }
            let p = Double(tally.topScores) / Double(tally.responses)
            let p0 = Double(total.top - tally.topScores) / Double(peers)
            let c = Double(tally.comments) / Double(tally.responses)
            let c0 = Double(total.comments - tally.comments) / Double(peers)
            guard p0 > 0, p0 < 1 else { return nil }
            let z = (p - p0) / (p0 * (1 - p0) / Double(tally.responses)).squareRoot()
            guard z > zThreshold, c < c0 / 2 else { return nil }
            return Signal(name: tally.name, responses: tally.responses, topShare: p, peerTopShare: p0, commentShare: c,
                          peerCommentShare: c0, z: z)
        }.sorted { $0.z > $1.z }
    }
}

/// Which ratings are "critical": any rating below a threshold on its scale.
///
/// By default the threshold is the top of the scale, so everything short of
/// "truly outstanding" is critical: a 4 out of 5 still names a gap. A team may
/// lower the threshold per scale (setting `critical.below.csat5` etc.).
public struct CriticalRule: Hashable, Sendable {
    /// Ratings strictly below this value are critical, keyed by scale code.
    public var thresholds: [String: Int]

    public init(thresholds: [String: Int] = [:]) { self.thresholds = thresholds }

    public func threshold(for scale: RatingScale) -> Int {
        thresholds[scale.code] ?? scale.top
    }

    public func isCritical(_ rating: Int, on scale: RatingScale) -> Bool {
        rating < threshold(for: scale)
    }
}

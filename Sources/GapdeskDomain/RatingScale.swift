/// The scale a rating was given on. Ratings are kept as given and normalised
/// to 0...1 (1 = the top of the scale, "truly outstanding") for comparison.
public enum RatingScale: Hashable, Sendable, CustomStringConvertible {
    /// Customer satisfaction, 1 (very dissatisfied) to 5 (truly outstanding).
    case csat5
    /// Net-promoter "how likely to recommend", 0 to 10.
    case nps10
    /// Any other whole-number scale, set by configuration or an import.
    case custom(min: Int, max: Int)

    public var bottom: Int {
        switch self {
        case .csat5: 1
        case .nps10: 0
        case .custom(let min, _): min
        }
    }

    public var top: Int {
        switch self {
        case .csat5: 5
        case .nps10: 10
        case .custom(_, let max): max
        }
    }

    /// The stored name: `csat5`, `nps10` or `MIN-MAX`.
    public var code: String {
        switch self {
        case .csat5: "csat5"
        case .nps10: "nps10"
        case .custom(let min, let max): "\(min)-\(max)"
        }
    }

    public var description: String { code }

    /// Reads `csat5`, `nps10` or `MIN-MAX` (e.g. `1-7`, `0-100`); nil otherwise.
    public init?(code: String) {
        let text = code.trimmingWhitespace().lowercased()
        switch text {
        case "csat5", "csat": self = .csat5
        case "nps10", "nps": self = .nps10
        default:
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, let low = Int(parts[0]), let high = Int(parts[1]),
                  low < high, high - low <= 1000 else { return nil }
            if low == 1 && high == 5 { self = .csat5 }
            else if low == 0 && high == 10 { self = .nps10 }
            else { self = .custom(min: low, max: high) }
        }
    }

    public func contains(_ rating: Int) -> Bool { rating >= bottom && rating <= top }

    /// 0 at the bottom of the scale, 1 at the top.
    public func normalised(_ rating: Int) -> Double {
        Double(rating - bottom) / Double(top - bottom)
    }

    /// How far a rating falls short of "truly outstanding": (top - rating) / (top - bottom).
    public func shortfall(_ rating: Int) -> Double { 1 - normalised(rating) }
}

extension String {
    func trimmingWhitespace() -> String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}

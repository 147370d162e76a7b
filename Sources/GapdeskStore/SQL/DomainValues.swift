import Foundation
import GapdeskDomain

/// The domain's values as columns hold them, so rows read as records.

extension RatingScale: SQLValueConvertible {
    public var sqlValue: SQLValue { .text(code) }
    /// A code this build does not know reads as the 5-point CSAT scale, as the lists always have.
    public init?(sqlValue: SQLValue) {
        guard let code = String(sqlValue: sqlValue) else { return nil }
        self = RatingScale(code: code) ?? .csat5
    }
}

extension TimeZone: SQLValueConvertible {
    public var sqlValue: SQLValue { .text(identifier) }
    /// A zone this machine does not know reads as UTC (see `SiteCodec`).
    public init?(sqlValue: SQLValue) {
        guard let identifier = String(sqlValue: sqlValue) else { return nil }
        self = SiteCodec.zone(identifier)
    }
}

extension FollowupOutcome: SQLValueConvertible {
    public var sqlValue: SQLValue { .text(rawValue) }
    public init?(sqlValue: SQLValue) {
        guard let text = String(sqlValue: sqlValue) else { return nil }
        self.init(rawValue: text)
    }
}

// Decodable for records' synthesized conformances; a column's value is read
// through `SQLValueConvertible` above, which the record decoder tries first.
extension RatingScale: Decodable {
    public init(from decoder: any Decoder) throws {
        self = RatingScale(code: try decoder.singleValueContainer().decode(String.self)) ?? .csat5
    }
}

extension FollowupOutcome: Decodable {}
extension CallOutcome: Decodable {}
extension FixStatus: Decodable {}
extension GapKind: Decodable {}
extension Role: Decodable {}

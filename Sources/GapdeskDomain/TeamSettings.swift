import Foundation

/// One team-wide setting: its key, default and what it means.
public struct SettingDefinition: Sendable {
    public enum ValueKind: Sendable {
        case integer(ClosedRange<Int>)
        case decimal(ClosedRange<Double>)
        /// Words, at most this many characters, no control characters.
        case text(maxLength: Int)
        /// yes or no.
        case yesNo
    }

    public var key: String
    public var defaultValue: String
    public var meaning: String
    public var kind: ValueKind

    /// Checks and normalises a value typed by a person; throws a sentence.
    public func parse(_ text: String) throws(SettingError) -> String {
        let trimmed = text.trimmingWhitespace()
        switch kind {
        case .integer(let range):
            guard let value = Int(trimmed), range.contains(value) else {
                throw .invalid(key: key, value: text, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return String(value)
        case .decimal(let range):
            guard let value = Double(trimmed), value.isFinite, range.contains(value) else {
                throw .invalid(key: key, value: text, expected: "a number \(Limits.describe(range))")
            }
            return value.formatted(.number.grouping(.never))
        case .text(let maxLength):
            guard trimmed.count <= maxLength, !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw .invalid(key: key, value: text, expected: "text of at most \(maxLength) characters")
            }
            return trimmed
        case .yesNo:
            switch trimmed.lowercased() {
            case "yes", "on", "true": return "yes"
            case "no", "off", "false": return "no"
            default: throw .invalid(key: key, value: text, expected: "yes or no")
            }
        }
    }
}

public enum SettingError: Error, Equatable, CustomStringConvertible {
    case unknown(key: String)
    case invalid(key: String, value: String, expected: String)

    public var description: String {
        switch self {
        case .unknown(let key):
            "There is no setting called \"\(key)\". Run `gapdesk settings list` to see them all."
        case .invalid(let key, let value, let expected):
            "\"\(value)\" is not a valid value for \(key): expected \(expected)."
        }
    }
}

/// The settings a team shares through the store, with their defaults.
/// Business hours are set per site, as `site.NAME.hours`.
public struct TeamSettings: Equatable, Sendable {
    public static let definitions: [SettingDefinition] = [
        .init(key: "critical.below.csat5", defaultValue: "5",
              meaning: "CSAT (1-5) ratings below this are critical; 5 means anything short of truly outstanding",
              kind: .integer(2...5)),
        .init(key: "critical.below.nps10", defaultValue: "10",
              meaning: "NPS (0-10) ratings below this are critical; 10 means anything short of the top",
              kind: .integer(1...10)),
        .init(key: "callback.due_business_days", defaultValue: "1",
              meaning: "a callback is due this many business days (the site's open hours) after the response arrives",
              kind: .decimal(0.05...30)),
        .init(key: "callback.max_age_days", defaultValue: "14",
              meaning: "feedback that arrives more than this many days after it was given gets no callback (history: "
                  + "it still counts in the ranking, and in the results as not called)",
              kind: .integer(1...3650)),
        .init(key: "ranking.window_days", defaultValue: "90",
              meaning: "gaps are ranked over the responses received in the last this many days (today and the whole UTC days before)",
              kind: .integer(1...3650)),
        .init(key: "ranking.half_life_days", defaultValue: "30",
              meaning: "a response's weight in the ranking halves every this many days of age",
              kind: .decimal(1...3650)),
        .init(key: "ranking.value_weight_min", defaultValue: "0.5",
              meaning: "lowest weight a customer's value can give (value / median value, clamped)",
              kind: .decimal(0.01...1)),
        .init(key: "ranking.value_weight_max", defaultValue: "3",
              meaning: "highest weight a customer's value can give (value / median value, clamped)",
              kind: .decimal(1...100)),
        .init(key: "ranking.money_per_point", defaultValue: "100",
              meaning: "guarantee money waived in the window that adds 1 to its gap's return on satisfaction "
                  + "(as much as one of today's responses at the bottom of its scale from a customer of median value)",
              kind: .decimal(0.01...1_000_000)),
        .init(key: "team.name", defaultValue: "",
              meaning: "the team's name, on the top of reports (e.g. Northgate Motor Group)",
              kind: .text(maxLength: 80)),
        .init(key: "team.currency", defaultValue: "",
              meaning: "put before amounts of money on screens and reports (e.g. £, $, EUR )",
              kind: .text(maxLength: 5)),
        .init(key: "fix.quiet_days", defaultValue: "30",
              meaning: "a done fix is verified after this many days with no new tagged response",
              kind: .integer(1...3650)),
        .init(key: "results.return_days", defaultValue: "180",
              meaning: "a customer returned when they have another contact within this many days after the one they rated",
              kind: .integer(1...3650)),
        .init(key: "results.window_days", defaultValue: "365",
              meaning: "the results count responses whose return window has passed, from contacts in this many days before it",
              kind: .integer(1...3650)),
        .init(key: "followups.automatic", defaultValue: "yes",
              meaning: "when a fix is verified, each customer who reported its gap gets a follow-up to tell them (no: only by hand)",
              kind: .yesNo),
        .init(key: "fix.default_effort", defaultValue: "1",
              meaning: "effort estimate of a fix that has none; return on satisfaction is divided by it",
              kind: .decimal(Limits.effort)),
    ]

    public static func definition(for key: String) -> SettingDefinition? {
        definitions.first { $0.key == key }
    }

    public var values: [String: String]

    /// Stored values over the defaults; unknown or invalid stored values fall back to defaults.
    public init(stored: [String: String] = [:]) {
        var values: [String: String] = [:]
        for definition in Self.definitions {
            if let raw = stored[definition.key], let parsed = try? definition.parse(raw) {
                values[definition.key] = parsed
            } else {
                values[definition.key] = definition.defaultValue
            }
        }
        self.values = values
    }

    private func number(_ key: String) -> Double { Double(values[key] ?? "") ?? 0 }

    public var criticalRule: CriticalRule {
        CriticalRule(thresholds: [
            RatingScale.csat5.code: Int(number("critical.below.csat5")),
            RatingScale.nps10.code: Int(number("critical.below.nps10")),
        ])
    }
    public var callbackDueBusinessDays: Double { number("callback.due_business_days") }
    public var callbackMaxAgeDays: Int { Int(number("callback.max_age_days")) }
    public var rankingWindowDays: Int { Int(number("ranking.window_days")) }
    public var halfLifeDays: Double { number("ranking.half_life_days") }
    public var valueWeightRange: ClosedRange<Double> {
        number("ranking.value_weight_min")...number("ranking.value_weight_max")
    }
    public var moneyPerPoint: Double { number("ranking.money_per_point") }
    public var fixQuietDays: Int { Int(number("fix.quiet_days")) }
    public var teamName: String { values["team.name"] ?? "" }
    public var currency: String { values["team.currency"] ?? "" }
    public var defaultEffort: Double { number("fix.default_effort") }
    public var returnDays: Int { Int(number("results.return_days")) }
    public var resultsWindowDays: Int { Int(number("results.window_days")) }
    public var automaticFollowups: Bool { values["followups.automatic"] != "no" }
}

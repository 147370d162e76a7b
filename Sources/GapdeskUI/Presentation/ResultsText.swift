import Foundation
import GapdeskDomain
import GapdeskStore

/// One row of the results: a group (what the call came to) or a call speed,
/// its returns, and its difference from the not called.
public struct ResultLine: Sendable, Equatable {
    public enum Measure: String, Sendable { case group, speed }
    public var measure: Measure
    public var name: String
    public var label: String
    public var proportion: Proportion
    /// Against "not called" (none for "not called" itself and for speeds).
    public var difference: (value: Double, interval: ClosedRange<Double>)?

    public static func == (a: ResultLine, b: ResultLine) -> Bool {
        a.measure == b.measure && a.name == b.name && a.proportion == b.proportion
            && a.difference?.value == b.difference?.value && a.difference?.interval == b.difference?.interval
    }
}

/// The results in words and tables: `gapdesk report results` and the Results
/// overlay say the same.
public enum ResultsText {
    static func points(_ difference: Double) -> String {
        let value = Int((difference * 100).rounded())
        return value > 0 ? "+\(value)" : String(value)
    }

    public static func lines(_ report: ResultsReport) -> [ResultLine] {
        let counts = report.counts, notCalled = counts.group(.notCalled)
        let groups = ResultGroup.allCases.map { group -> ResultLine in
            let proportion = counts.group(group)
            let difference = group == .notCalled || !proportion.isEnough || !notCalled.isEnough ? nil : Proportion.difference(proportion, notCalled)
            return ResultLine(measure: .group, name: group.rawValue, label: group.label, proportion: proportion, difference: difference)
        }
        let speeds = CallSpeed.allCases.map {
            ResultLine(measure: .speed, name: $0.rawValue, label: $0.label, proportion: counts.speed($0), difference: nil)
        }
        return groups + speeds
    }

    /// "Returns within 180 days of contacts from 5 Sep 2024 to 4 Sep 2025, every site."
    public static func heading(_ report: ResultsReport, zone: TimeZone) -> String {
        "Customers who came back within \(report.returnDays) days of their rated contact, for contacts from "
            + FriendlyTime.format(report.from, "d MMM yyyy", zone) + " to " + FriendlyTime.format(report.to, "d MMM yyyy", zone)
            + " (\(report.windowDays) days), " + (report.site.map { "at \($0)" } ?? "every site") + "."
    }

    public static let definitions = [
        "Returned: the same customer had another contact (any kind, rated or not) after the rated one and within the return days.",
        "Group: what the callback came to (its latest attempt that reached the customer); not reached when every attempt went unanswered; "
            + "not called when there was none. Never critical: responses at the top of their scale, the same dates.",
        "Speed: from the response to the first call that reached the customer, in the site's business hours.",
        "Intervals are 95% Wilson intervals; differences use Newcombe's method. Fewer than \(Results.minimumResponses) responses: too few to say. "
            + "These are observed differences, not proof that calling caused them.",
    ]

    /// The value kept, in one sentence (or why there is none).
    public static func valueKept(_ report: ResultsReport, currency: String) -> String {
        guard let kept = ValueKept(reached: report.counts.reached, notCalled: report.counts.group(.notCalled), medianValue: report.medianValue) else {
            return "Value kept: too few called-and-reached or not-called responses (or no customer values) to say."
        }
        let size = Int((abs(kept.difference) * 100).rounded())
        return "Value kept (an observed difference, not a proven effect): customers whose call got through came back "
            + "\(size) points \(kept.difference >= 0 ? "more" : "less") often than those not called (\(points(kept.differenceInterval.lowerBound)) to "
            + "\(points(kept.differenceInterval.upperBound))); over \(kept.reached) such responses at a median value of "
            + "\(Money.glance(kept.medianValue, currency)), about \(Money.glance(kept.value, currency)) "
            + "(\(Money.glance(kept.interval.lowerBound, currency)) to \(Money.glance(kept.interval.upperBound, currency)))."
    }

    /// The rate in a table cell: "52%", or "too few to say (12)".
    static func rateCell(_ p: Proportion) -> String {
        guard let rate = p.rate else { return "-" }
        return p.isEnough ? percentText(rate) : "too few to say"
    }

    static func intervalCell(_ p: Proportion) -> String {
        guard p.isEnough, let interval = p.interval else { return "" }
        return "\(percentText(interval.lowerBound)) to \(percentText(interval.upperBound))"
    }

    static func differenceCell(_ line: ResultLine) -> String {
        line.difference.map { pointsWithInterval($0.value, $0.interval) } ?? ""
    }

    /// "+21 (+11 to +30)": a difference in points with its interval.
    static func pointsWithInterval(_ value: Double, _ interval: ClosedRange<Double>) -> String {
        "\(points(value)) (\(points(interval.lowerBound)) to \(points(interval.upperBound)))"
    }

    public static let layout = ListLayout<ResultLine>(
        columns: [
            Column("measure", "By", width: .content(min: 5, max: 5)) { line, _ in line.measure.rawValue },
            Column("name", "What happened", width: .content(min: 10, max: 26), json: { line, _ in .string(line.name) }) { line, _ in line.label },
            .count("responses", "Responses") { $0.proportion.trials },
            .count("returned", "Returned") { $0.proportion.successes },
            Column("rate", "Rate", width: .content(min: 4, max: 14), alignRight: true,
                   json: { line, _ in line.proportion.rate.map(JSONValue.number) ?? .null }) { line, _ in rateCell(line.proportion) },
            Column("interval", "95% interval", width: .content(min: 12, max: 12),
                   json: { line, _ in .interval(line.proportion) }) {
                line, _ in intervalCell(line.proportion)
            },
            Column("vs_not_called", "vs not called (points)", width: .content(min: 10, max: 24),
                   json: { line, _ in
                       line.difference.map { .object([("difference", .number($0.value)), ("low", .number($0.interval.lowerBound)),
                                                      ("high", .number($0.interval.upperBound))]) } ?? .null
                   }) { line, _ in differenceCell(line) },
        ],
        ids: { _ in [] },
        extras: { line in [("enough", .bool(line.proportion.isEnough))] },
        marker: { _, _ in nil })

    /// The whole report in one format.
    public static func render(_ report: ResultsReport, format: ReportFormat, context: PresentationContext) -> String {
        let lines = lines(report)
        let zone = context.clock.timeZone
        let paradox = ResultWords.paradox(recovered: report.counts.group(.recovered), baseline: report.counts.group(.neverCritical))
        switch format {
        case .json:
            let kept = ValueKept(reached: report.counts.reached, notCalled: report.counts.group(.notCalled), medianValue: report.medianValue)
            func objects(_ measure: ResultLine.Measure) -> JSONValue {
                .objects(lines.filter { $0.measure == measure }.map { line in
                    layout.columns.filter { $0.key != "measure" }.map { ($0.key, $0.jsonValue(line, context)) } + layout.extras(line)
                })
            }
            let object: JSONValue = .object([
                ("contacts_from", .string(Clock.formatInstant(report.from))), ("contacts_to", .string(Clock.formatInstant(report.to))),
                ("window_days", .integer(Int64(report.windowDays))), ("return_days", .integer(Int64(report.returnDays))),
                ("site", report.site.map(JSONValue.string) ?? .null), ("z", .number(Results.z)),
                ("minimum_responses", .integer(Int64(Results.minimumResponses))),
                ("groups", objects(.group)), ("speeds", objects(.speed)),
                ("recovery_paradox", .string(paradox)),
                ("value_kept", kept.map { kept in
                    .object([("difference", .number(kept.difference)), ("difference_low", .number(kept.differenceInterval.lowerBound)),
                             ("difference_high", .number(kept.differenceInterval.upperBound)), ("reached", .integer(Int64(kept.reached))),
                             ("median_value", .number(kept.medianValue)), ("value", .number(kept.value)),
                             ("value_low", .number(kept.interval.lowerBound)), ("value_high", .number(kept.interval.upperBound))])
                } ?? .null),
            ])
            return ReportFormat.jsonText(object) + "\n"
        case .csv:
            return ReportFormat.csv(lines, layout: layout, context: context)
        case .table, .markdown:
            let heading = heading(report, zone: zone)
            let groups = lines.filter { $0.measure == .group }, speeds = lines.filter { $0.measure == .speed }
            var speedLayout = layout
            speedLayout.columns = layout.columns.filter { $0.key != "vs_not_called" && $0.key != "measure" }
            speedLayout.columns[0].title = "How soon the call got through"
            var groupLayout = layout
            groupLayout.columns = layout.columns.filter { $0.key != "measure" }
            groupLayout.columns[0].title = "What the call came to"
            let valueKept = valueKept(report, currency: context.currency)
            if format == .markdown {
                return (["# Does calling back pay?", "", heading, "", format.render(groups, layout: groupLayout, context: context),
                         format.render(speeds, layout: speedLayout, context: context), paradox, "", valueKept, ""]
                        + definitions.map { "- " + $0 }).joined(separator: "\n") + "\n"
            }
            return [heading, "", format.render(groups, layout: groupLayout, context: context),
                    format.render(speeds, layout: speedLayout, context: context), paradox, "", valueKept, ""].joined(separator: "\n")
                + definitions.joined(separator: "\n") + "\n"
        }
    }
}

import Foundation
import GapdeskDomain
import GapdeskStore

/// How much of the business the feedback covers, in words and tables: the
/// Coverage pane and `gapdesk report coverage` say the same.
public enum CoverageText {
    /// "412 of 1,320 contacts rated (31%)": the header's and a line's figure.
    public static func rated(_ share: Proportion) -> String {
        "rated \(share.rate.map(percentText) ?? "-") of \(share.trials.formatted(.number.grouping(.automatic))) contacts"
    }

    static func rateCell(_ share: Proportion) -> String { share.rate.map(percentText) ?? "-" }

    static func intervalCell(_ share: Proportion) -> String {
        share.interval.map { "\(percentText($0.lowerBound)) to \(percentText($0.upperBound))" } ?? ""
    }

    static func changeCell(_ line: Coverage.Line) -> String {
        line.change.map { ResultsText.pointsWithInterval($0.value, $0.interval) } ?? ""
    }

    /// The column that names the groups, by what they are (any of them: the pane's views).
    static func nameTitle(_ grouping: Coverage.Grouping?) -> String {
        switch grouping {
        case .site?: "Site"
        case .staff?: "Staff member"
        case .kind?: "Kind of contact"
        case nil: "Site, staff or kind"
        }
    }

    /// A line's name as every screen shows it: a site by its short label, and a staff member's site too ("Sam Patel (Leeds)").
    static func name(_ line: Coverage.Line, _ context: PresentationContext) -> String {
        if let label = context.siteLabels[line.name] { return label }
        for (site, label) in context.siteLabels where line.name.hasSuffix(" (\(site))") {
            return line.name.dropLast(site.count + 2) + "(\(label))"
        }
        return line.name
    }

    public static func layout(_ grouping: Coverage.Grouping?) -> ListLayout<Coverage.Line> {
        ListLayout<Coverage.Line>(
            columns: [
                Column("name", nameTitle(grouping), width: .text(min: 12)) { line, context in name(line, context) },
                .count("contacts", "Contacts") { $0.share.trials },
                .count("rated", "Rated") { $0.share.successes },
                Column("rate", "Rate", width: .content(min: 4, max: 4), alignRight: true,
                       json: { line, _ in line.share.rate.map(JSONValue.number) ?? .null }) { line, _ in rateCell(line.share) },
                Column("interval", "95% interval", width: .content(min: 12, max: 12), priority: 1,
                       json: { line, _ in .interval(line.share) }) { line, _ in intervalCell(line.share) },
                Column("previous_rate", "Before", width: .content(min: 6, max: 6), alignRight: true, priority: 2,
                       json: { line, _ in line.previous.rate.map(JSONValue.number) ?? .null }) { line, _ in rateCell(line.previous) },
                Column("change", "Change (points)", width: .content(min: 15, max: 18), priority: 3,
                       json: { line, _ in
                           line.change.map { .object([("value", .number($0.value)), ("low", .number($0.interval.lowerBound)),
                                                      ("high", .number($0.interval.upperBound))]) } ?? .null
                       }) { line, _ in changeCell(line) },
            ],
            ids: { line in grouping == .site ? [("site_id", line.id)] : grouping == .staff && line.id > 0 ? [("staff_id", line.id)] : [] },
            extras: { line in
                [("previous_contacts", .integer(Int64(line.previous.trials))), ("previous_rated", .integer(Int64(line.previous.successes))),
                 ("z", line.z.map(JSONValue.number) ?? .null), ("rest_rate", line.restRate.map(JSONValue.number) ?? .null),
                 ("blind_spot", .bool(line.isBlindSpot))]
            },
            marker: { line, _ in line.isBlindSpot ? .blindSpot : nil })
    }

    /// "Contacts rated over the last 30 days (8 Nov to 7 Dec 2026), by site, every site."
    public static func heading(_ report: CoverageReport, context: PresentationContext) -> String {
        let zone = TimeZone(identifier: "UTC")!
        let from = Date(timeIntervalSince1970: Double(report.days.lowerBound * UTCDay.seconds))
        let to = Date(timeIntervalSince1970: Double(report.days.upperBound * UTCDay.seconds))
        return "Contacts rated over the last \(report.windowDays) days (" + FriendlyTime.format(from, "d MMM", zone) + " to "
            + FriendlyTime.format(to, "d MMM yyyy", zone) + "), by \(report.grouping.rawValue), "
            + (report.site.map { "at \(context.siteLabel($0))" } ?? "every site") + ": " + rated(report.total.share)
            + (report.total.previous.trials > 0 ? ", \(rateCell(report.total.previous)) the \(report.windowDays) days before" : "") + "."
    }

    /// A blind spot in words first, the statistic after.
    public static func blindSpotSentence(_ line: Coverage.Line, context: PresentationContext) -> String {
        return "\(name(line, context)): \(line.share.successes) of \(line.share.trials) contacts rated (\(rateCell(line.share))) where "
            + "\(line.restRate.map(percentText) ?? "-") of the rest were: by chance this happens \(Words.chance(line.pValue ?? 1)) "
            + "(one-sided z-test, z = \(String(format: "%.1f", line.z ?? 0)))."
    }

    /// Selective asking in words first, both statistics after.
    public static func askingSentence(_ signal: SelectiveAsking.Signal) -> String {
        "\(signal.name): \(signal.rated) of \(signal.contacts) contacts rated (\(percentText(signal.rate))) where \(percentText(signal.peerRate)) "
            + "of everyone else's were, yet \(percentText(signal.topShare)) of \(signal.responses) responses gave the top score against "
            + "\(percentText(signal.peerTopShare)): chance gives the first \(Words.chance(signal.ratePValue)) (z = \(String(format: "%.1f", signal.rateZ))) "
            + "and the second \(Words.chance(signal.topPValue)) (z = \(String(format: "%.1f", signal.topZ))), one-sided z-tests."
    }

    public static let askingExplanation = "Someone may be choosing whom to ask (\"survey gating\") where a staff member's or site's contacts "
        + "are rated far less often than everyone else's while their ratings are far more often top scores: the scores then hide the gaps."

    /// "Sam (York): one phone, 07700 900555, was given for 4 different customers (Ann Lee, …): all 5 of its contacts at York are
    /// theirs, where they have 17% of York's contacts; chance …". The customers are named, at most eight, so the contacts can be found.
    public static func sharedSentence(_ signal: SharedContactDetails.Signal) -> String {
        let what = signal.value.contains("@") ? "email" : "phone"
        let shown = signal.names.prefix(8).joined(separator: ", ") + (signal.names.count > 8 ? " and \(signal.names.count - 8) more" : "")
        let theirs = signal.theirs == signal.contacts ? "all \(signal.contacts)" : "\(signal.theirs) of the \(signal.contacts)"
        let concentration = switch signal.kind {
        case .staff: "\(theirs) of its contacts at \(signal.site) are theirs, where they have \(percentText(signal.share)) of \(signal.site)'s contacts"
        case .site: "\(theirs) of its contacts are \(signal.site)'s, which has \(percentText(signal.share)) of every site's contacts"
        }
        return "\(signal.name): one \(what), \(signal.value), was given for \(signal.names.count) different customers (\(shown)): \(concentration); "
            + "by chance this happens \(Words.chance(signal.pValue)) (one-sided binomial test)."
    }

    public static let sharedExplanation = "Surveys may be steered to someone who answers them where one phone or email was given for several "
        + "different customers, on one staff member's or site's contacts far more often than their share of the contacts explains "
        + "(chance would give it less than 1 time in 700): the contacts named may carry a number or address the staff member controls."

    public static let definitions = [
        "Rated: the customer gave feedback at the contact's site about that UTC day (the response's own contact, else the day it arrived).",
        "Intervals are 95% Wilson intervals; changes from the window before use Newcombe's method.",
        "Blind spot: rated less than half as often as the rest, and so far below that chance would give it less than 1 time in 700 "
            + "(one-sided z-test, z < -3, at least \(Coverage.minimumContacts) contacts).",
    ]

    /// The whole report in one format.
    public static func render(_ report: CoverageReport, format: ReportFormat, context: PresentationContext) -> String {
        let layout = layout(report.grouping)
        func signals(_ kind: String, _ list: [SelectiveAsking.Signal]) -> [[(String, JSONValue)]] {
            list.map { s in
                [("who", .string(kind)), ("name", .string(s.name)), ("contacts", .integer(Int64(s.contacts))), ("rated", .integer(Int64(s.rated))),
                 ("rate", .number(s.rate)), ("peer_rate", .number(s.peerRate)), ("rate_z", .number(s.rateZ)),
                 ("responses", .integer(Int64(s.responses))), ("top_share", .number(s.topShare)), ("peer_top_share", .number(s.peerTopShare)),
                 ("top_z", .number(s.topZ))]
            }
        }
        switch format {
        case .json:
            func fields(_ line: Coverage.Line, ids: Bool = true) -> [(String, JSONValue)] {
                (ids ? layout.ids(line).map { ($0.0, JSONValue.integer($0.1)) } : []) + layout.columns.map { ($0.key, $0.jsonValue(line, context)) } + layout.extras(line)
            }
            let from = Date(timeIntervalSince1970: Double(report.days.lowerBound * UTCDay.seconds))
            let to = Date(timeIntervalSince1970: Double((report.days.upperBound + 1) * UTCDay.seconds))
            return ReportFormat.jsonText(.object([
                ("from", .string(Clock.formatInstant(from))), ("to", .string(Clock.formatInstant(to))), ("window_days", .integer(Int64(report.windowDays))),
                ("by", .string(report.grouping.rawValue)), ("site", report.site.map(JSONValue.string) ?? .null), ("z", .number(Results.z)),
                ("total", .object(fields(report.total, ids: false))), ("lines", .objects(report.lines.map { fields($0) })),
                ("selective_asking", .objects(signals("staff", report.askingStaff) + signals("site", report.askingSites))),
            ])) + "\n"
        case .csv:
            return ReportFormat.csv(report.lines, layout: layout, context: context)
        case .table, .markdown:
            let blind = report.blindSpots.map { (Mark.blindSpot, blindSpotSentence($0, context: context)) }
            let asking = (report.askingStaff + report.askingSites).map { (Mark.asking, askingSentence($0)) }
            let found = blind + asking
            let marks = found.map { "\($0.0.symbol(context.glyphs)) \($0.1)" }
            let none = "No blind spot, and nobody who seems to choose whom to ask."
            if format == .markdown {
                return (["# How much of the business the feedback covers", "", heading(report, context: context), "",
                         format.render(report.lines, layout: layout, context: context)]
                        + (marks.isEmpty ? [none] : marks.map { "- " + $0 }) + [""] + definitions.map { "- " + $0 }).joined(separator: "\n") + "\n"
            }
            let table = report.lines.isEmpty ? "No contacts in the window: import visits, jobs or deliveries to see how many were rated.\n"
                : format.render(report.lines, layout: layout, context: context)
            return ([heading(report, context: context), "", table] + (marks.isEmpty ? [none] : marks) + [""] + definitions)
                .joined(separator: "\n") + "\n"
        }
    }
}

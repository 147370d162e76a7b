import Foundation
import GapdeskDomain
import GapdeskStore

/// What someone owes, in sections: the Mine overlay (`m`) and `gapdesk report
/// mine` say the same.
public enum MineText {
    public struct Section: Sendable, Equatable {
        public var title: String
        /// Each entry with its mark, if it has one.
        public var entries: [(mark: Mark?, text: String)]
        /// What an empty section says.
        public var empty: String
        /// How many the section's list leaves out.
        public var more: Int

        public static func == (a: Section, b: Section) -> Bool {
            a.title == b.title && a.entries.map(\.text) == b.entries.map(\.text) && a.more == b.more
        }
    }

    public static func sections(_ work: MyWork, context: PresentationContext) -> [Section] {
        let clock = context.clock, dot = " \(context.glyphs.dot) "
        let calls = work.calls.map { call -> (mark: Mark?, text: String) in
            let overdue = call.dueAt <= clock.now
            return (overdue ? .overdue : nil, [TimeText.due(call.dueAt, clock: clock, zone: call.siteZone), call.customer,
                                               ListLayouts.phone(call.phone), context.siteLabel(call.site),
                                               ListLayouts.rating(call.rating, call.scale)].joined(separator: dot))
        }
        let fixes = work.fixes.map { owned -> (mark: Mark?, text: String) in
            let gap = owned.gap
            let state = (gap.fixStatus == .done ? "done " : gap.fixStatus == .inProgress ? "started " : "moved ")
                + FriendlyTime.at(owned.since, now: clock.now, zone: clock.timeZone)
            return (ListLayouts.gaps.marker(gap, context), "#\(gap.rank) \(gap.name): \(gap.verdict.label), \(state)" + dot + "\(gap.count30d) in 30 days")
        }
        let followups = work.followups.map { followup -> (mark: Mark?, text: String) in
            (nil, [followup.customer, ListLayouts.phone(followup.phone), context.siteLabel(followup.site), "\"\(followup.gap)\""]
                .joined(separator: dot))
        }
        return [
            Section(title: "Calls assigned to you: \(work.openCalls) open, \(work.overdueCalls) overdue", entries: calls,
                    empty: "No open calls are assigned to you.", more: work.openCalls - calls.count),
            Section(title: "Fixes you own: \(fixes.count)", entries: fixes, empty: "You own no gap's fix.", more: 0),
            Section(title: "Customers to tell their gap is fixed (your gaps): \(work.followupsToMake)", entries: followups,
                    empty: "Nobody to tell.", more: work.followupsToMake - followups.count),
        ]
    }

    /// The whole of it in one format.
    public static func render(_ work: MyWork, format: ReportFormat, context: PresentationContext) -> String {
        let sections = sections(work, context: context)
        switch format {
        case .json, .csv:
            let calls = ReportFormat.json(work.calls, layout: ListLayouts.queue, context: context)
            let followups = ReportFormat.json(work.followups, layout: ListLayouts.followups, context: context)
            if format == .csv { return ReportFormat.csv(work.calls, layout: ListLayouts.queue, context: context) }
            let fixes: JSONValue = .objects(work.fixes.map { owned in
                [("cause_id", .integer(owned.gap.causeId)), ("name", .string(owned.gap.name)), ("rank", .integer(Int64(owned.gap.rank))),
                 ("status", owned.gap.fixStatus.map { .string($0.rawValue) } ?? .null), ("verdict", .string(owned.gap.verdict.label)),
                 ("since", .string(Clock.formatInstant(owned.since)))]
            })
            return "{\"account\": \(ReportFormat.jsonText(.string(work.account))), \"open_calls\": \(work.openCalls), "
                + "\"overdue_calls\": \(work.overdueCalls), \"followups_to_make\": \(work.followupsToMake),\n\"calls\": \(calls.trimmed),\n"
                + "\"fixes\": \(ReportFormat.jsonText(fixes)),\n\"followups\": \(followups.trimmed)}\n"
        case .table, .markdown:
            let markdown = format == .markdown
            var lines = [markdown ? "# What \(work.account) owes" : "What \(work.account) owes, \(FriendlyTime.full(context.clock.now, zone: context.clock.timeZone)):", ""]
            for section in sections {
                lines.append(markdown ? "## " + section.title : section.title)
                if markdown { lines.append("") }
                if section.entries.isEmpty { lines.append((markdown ? "" : "  ") + section.empty) }
                for entry in section.entries {
                    let mark = entry.mark.map { $0.symbol(context.glyphs) + " " } ?? (markdown ? "" : "  ")
                    lines.append(markdown ? "- " + mark + ReportFormat.markdownCell(entry.text) : mark + entry.text)
                }
                if section.more > 0 { lines.append((markdown ? "- " : "  ") + "… and \(section.more) more") }
                lines.append("")
            }
            return lines.joined(separator: "\n")
        }
    }
}

private extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}

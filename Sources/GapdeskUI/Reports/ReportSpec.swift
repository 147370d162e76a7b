import Foundation
import GapdeskDomain
import GapdeskStore

/// One list `gapdesk report` prints: its name there, what it holds, and how it
/// is read and printed. A pane's report is an entry of its `PaneSpec`; the
/// others are in `Reports`.
public struct ReportSpec: Sendable {
    public let name: String
    /// What it holds, for the command's help: "open calls, overdue first".
    public let about: String
    public let print: @Sendable (Store, ReportRequest) throws(StoreError) -> String
    /// The formats it prints (a document is for people only).
    public var formats: [ReportFormat] = ReportFormat.allCases

    public init(name: String, about: String, formats: [ReportFormat] = ReportFormat.allCases,
                print: @escaping @Sendable (Store, ReportRequest) throws(StoreError) -> String) {
        self.name = name; self.about = about; self.formats = formats; self.print = print
    }
}

/// What a report was asked for: the command line's options, checked, and how to present it.
public struct ReportRequest: Sendable {
    public var format: ReportFormat
    /// At most this many rows.
    public var rows: Int
    /// Days to count over, where the report has a window (nil: the team's setting).
    public var window: Int?
    public var returnDays: Int?
    public var site: String?
    public var since: Date?
    /// The page of each gap's contributions, from 1.
    public var page: Int
    /// What coverage is told by (nil: by site).
    public var grouping: Coverage.Grouping?
    public var settings: TeamSettings
    public var context: PresentationContext

    public init(format: ReportFormat, rows: Int, window: Int? = nil, returnDays: Int? = nil, site: String? = nil, since: Date? = nil,
                page: Int = 1, grouping: Coverage.Grouping? = nil, settings: TeamSettings, context: PresentationContext) {
        self.format = format; self.rows = rows; self.window = window; self.returnDays = returnDays; self.site = site
        self.since = since; self.page = page; self.grouping = grouping; self.settings = settings; self.context = context
    }

    public var now: Date { context.clock.now }
    /// Whether the output is for people (a table or a document) rather than a program: only then do notes go with it.
    public var forPeople: Bool { format == .table || format == .markdown }
}

/// Every report, panes first in tab order.
public enum Reports {
    public static let all: [ReportSpec] = Panes.all.compactMap { pane in pane.report.map { report(of: pane, $0) } }
        + [mine, ReviewReport.spec, pressure, results, audit]

    public static func named(_ name: String) -> ReportSpec? { all.first { $0.name == name } }

    /// A pane's report: its own printing, or its rows as the pane reads them.
    private static func report(of pane: PaneSpec, _ report: PaneReport) -> ReportSpec {
        if let print = report.print { return ReportSpec(name: report.name, about: report.about, print: print) }
        let view = report.view
        return ReportSpec(name: report.name, about: report.about) { store, request throws(StoreError) in
            let rows = try pane.load(store, PaneQuery(filter: ListFilter(), sort: 0, view: view, offset: 0, limit: request.rows, now: request.now)).rows
            return request.format.render(rows, layout: pane.layout, context: request.context)
        }
    }
}

/// How `gapdesk report` prints a pane.
public struct PaneReport: Sendable {
    public let name: String
    public let about: String
    /// The view it prints (the follow-ups: those made too).
    public var view = 0
    /// Its own printing, where the rows alone say too little; by default the rows of its view, in its columns.
    public var print: (@Sendable (Store, ReportRequest) throws(StoreError) -> String)? = nil
}

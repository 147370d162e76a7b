import Foundation
import GapdeskDomain

/// What row formatting needs besides the row: the time, whether the terminal
/// can show Unicode, the sites' short labels and the team's money.
public struct PresentationContext: Sendable {
    public var clock: Clock
    public var glyphs: Glyphs
    /// Each site's short label (`site.NAME.short`, or the words that tell the sites apart).
    public var siteLabels: [String: String]
    /// Put before amounts of money: the team's currency, e.g. £.
    public var currency: String

    public init(clock: Clock, glyphs: Glyphs = .unicode, siteLabels: [String: String] = [:], currency: String = "") {
        self.clock = clock
        self.glyphs = glyphs
        self.siteLabels = siteLabels
        self.currency = glyphs.isUnicode ? currency : Money.ascii(currency)
    }

    public func siteLabel(_ site: String) -> String { siteLabels[site] ?? site }
}

/// A value as it goes into JSON.
public enum JSONValue: Equatable, Sendable {
    case string(String), integer(Int64), number(Double), bool(Bool), null, strings([String]), integers([Int])
    /// A list of objects, each a list of keyed values in order.
    case objects([[(String, JSONValue)]])
    /// One object: keyed values in order.
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { ReportFormat.jsonText(a) == ReportFormat.jsonText(b) }
}

/// One column of a list: how it is titled, sized and filled. The dashboard,
/// `report --format table|csv|json|markdown` all read the same definitions.
public struct Column<Row>: Sendable {
    public enum Width: Sendable {
        /// As wide as its text needs, from `min` to `max` columns. A `whole`
        /// column is never cut (a phone number): it is dropped rather than cut.
        case content(min: Int, max: Int, whole: Bool = false)
        /// Free text: at least `min`; shares the room left by weight.
        case text(min: Int, weight: Int = 1)

        var minimum: Int {
            switch self {
            case .content(let min, _, _), .text(let min, _): min
            }
        }
    }

    public var key: String
    public var title: String
    public var width: Width
    public var alignRight: Bool
    /// Which columns stay when the screen is narrow: 0 always stays; the
    /// highest numbers go first.
    public var priority: Int
    public var text: @Sendable (Row, PresentationContext) -> String
    /// A shorter text for a column narrower than `text` needs ("late 2h05" for "overdue 2h05").
    public var compact: (@Sendable (Row, PresentationContext) -> String)?
    public var json: (@Sendable (Row, PresentationContext) -> JSONValue)?
    /// Where the cell leads, for a terminal that shows hyperlinks (a phone's `tel:`).
    public var link: (@Sendable (Row) -> String?)?

    public init(_ key: String, _ title: String, width: Width, alignRight: Bool = false, priority: Int = 0,
                json: (@Sendable (Row, PresentationContext) -> JSONValue)? = nil,
                compact: (@Sendable (Row, PresentationContext) -> String)? = nil,
                link: (@Sendable (Row) -> String?)? = nil,
                text: @escaping @Sendable (Row, PresentationContext) -> String) {
        self.key = key; self.title = title; self.width = width; self.alignRight = alignRight
        self.priority = priority; self.text = text; self.compact = compact; self.json = json; self.link = link
    }

    public func jsonValue(_ row: Row, _ context: PresentationContext) -> JSONValue {
        json?(row, context) ?? .string(text(row, context))
    }

    /// The text for a cell: the compact form when the column was fitted too narrow for the full one.
    public func cell(_ row: Row, _ context: PresentationContext, compact: Bool) -> String {
        guard compact, let short = self.compact else { return text(row, context) }
        return short(row, context)
    }
}

/// A column as fitted to the screen: its width, and whether every row in it
/// takes the compact form (one column never mixes "overdue 6d5h" and "late 9d").
public struct FittedColumn<Row> {
    public var column: Column<Row>
    public var width: Int
    public var compact: Bool
}

/// A list's columns and the ids its JSON rows carry.
public struct ListLayout<Row>: Sendable {
    public var columns: [Column<Row>]
    public var ids: @Sendable (Row) -> [(String, Int64)]
    /// Fields only scripts need (e.g. a rating's scale), in CSV and JSON after the columns.
    public var extras: @Sendable (Row) -> [(String, JSONValue)]
    /// A mark shown in the first cell (see `Mark`).
    public var marker: @Sendable (Row, PresentationContext) -> Mark?

    public init(columns: [Column<Row>], ids: @escaping @Sendable (Row) -> [(String, Int64)],
                extras: @escaping @Sendable (Row) -> [(String, JSONValue)] = { _ in [] },
                marker: @escaping @Sendable (Row, PresentationContext) -> Mark?) {
        self.columns = columns; self.ids = ids; self.extras = extras; self.marker = marker
    }

    /// The columns that fit in `width` for these rows, with their widths.
    ///
    /// Each column needs what its title and these rows' text take (within its
    /// range); a column with a compact form needs at least what that takes.
    /// The least important columns are dropped until every kept one has its
    /// minimum (a whole column, its whole compact text); then the room left
    /// goes to the columns whose text would be cut, most important first, up
    /// to their compact text and then, where the whole column can have it,
    /// their full text; last to free text, by weight.
    public func fitted(to width: Int, rows: [Row], context: PresentationContext) -> [FittedColumn<Row>] {
        func need(_ column: Column<Row>, _ text: (Row) -> String) -> Int {
            let widest = rows.reduce(DisplayWidth.of(column.title)) { max($0, DisplayWidth.of(text($1))) }
            switch column.width {
            case .content(let min, let max, _): return Swift.min(max, Swift.max(min, widest))
            case .text(let min, _): return Swift.max(min, widest)
            }
        }
        let needs = columns.map { column in need(column) { column.text($0, context) } }
        let compactNeeds = columns.indices.map { index in
            columns[index].compact.map { short in min(needs[index], need(columns[index]) { short($0, context) }) } ?? needs[index]
        }
        func minimum(_ index: Int) -> Int {
            if case .content(_, _, true) = columns[index].width { return compactNeeds[index] }
            return columns[index].width.minimum
        }
        var kept = Array(columns.indices)
        func used(_ widths: [Int: Int]) -> Int { kept.reduce(Mark.width) { $0 + (widths[$1] ?? 0) + 1 } }
        var widths: [Int: Int] = [:]
        for index in kept { widths[index] = minimum(index) }
        while used(widths) > width, let drop = kept.filter({ columns[$0].priority > 0 }).max(by: { columns[$0].priority < columns[$1].priority }) {
            kept.removeAll { $0 == drop }
            widths[drop] = nil
        }
        var spare = max(0, width - used(widths))
        let contents = kept.filter { if case .content = columns[$0].width { true } else { false } }
            .sorted { (columns[$0].priority, $0) < (columns[$1].priority, $1) }
        for index in contents where spare > 0 {
            let more = min(spare, max(0, compactNeeds[index] - widths[index]!))
            widths[index]! += more
            spare -= more
        }
        for index in contents where spare > 0 && widths[index]! < needs[index] {
            let more = needs[index] - widths[index]!
            // A compact column widens only as far as its full text; part of the way would gain nothing.
            if columns[index].compact != nil && more > spare { continue }
            widths[index]! += min(more, spare)
            spare -= min(more, spare)
        }
        var texts = kept.filter { if case .text = columns[$0].width { true } else { false } }
        while spare > 0, !texts.isEmpty {
            let weights = texts.reduce(0) { total, index in if case .text(_, let weight) = columns[index].width { total + weight } else { total } }
            var given = 0
            for index in texts {
                guard case .text(_, let weight) = columns[index].width else { continue }
                let share = min(needs[index] - widths[index]!, max(1, spare * weight / max(1, weights)))
                widths[index]! += max(0, min(share, spare - given))
                given += max(0, min(share, spare - given))
            }
            spare -= given
            texts.removeAll { widths[$0]! >= needs[$0] }
            if given == 0 { break }
        }
        return kept.map { FittedColumn(column: columns[$0], width: widths[$0]!, compact: widths[$0]! < needs[$0]) }
    }
}

extension Column {
    /// A whole number, right-aligned, an integer in JSON.
    static func count(_ key: String, _ title: String, priority: Int = 0, _ value: @escaping @Sendable (Row) -> Int) -> Column {
        let width = max(DisplayWidth.of(title), 4)
        return Column(key, title, width: .content(min: width, max: max(width, 10)), alignRight: true, priority: priority,
                      json: { row, _ in .integer(Int64(value(row))) }) { row, _ in String(value(row)) }
    }
}

extension JSONValue {
    /// A share's 95% Wilson interval, as {low, high}; null without trials.
    static func interval(_ share: Proportion) -> JSONValue {
        share.interval.map { .object([("low", .number($0.lowerBound)), ("high", .number($0.upperBound))]) } ?? .null
    }
}

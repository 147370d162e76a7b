import Foundation
import GapdeskDomain

/// What row formatting needs besides the row: the time, and whether the
/// terminal can show Unicode.
public struct PresentationContext: Sendable {
    public var clock: Clock
    public var glyphs: Glyphs

    public init(clock: Clock, glyphs: Glyphs = .unicode) {
        self.clock = clock
        self.glyphs = glyphs
    }
}

/// A value as it goes into JSON.
public enum JSONValue: Equatable, Sendable {
    case string(String), integer(Int64), number(Double), bool(Bool), null, strings([String]), integers([Int])
    /// A list of objects, each a list of keyed values in order.
    case objects([[(String, JSONValue)]])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { ReportFormat.jsonText(a) == ReportFormat.jsonText(b) }
}

/// One column of a list: how it is titled, sized and filled. The dashboard,
/// `report --format table|csv|json` all read the same definitions.
public struct Column<Row>: Sendable {
    public enum Width: Sendable {
        /// Exactly this many columns.
        case fixed(Int)
        /// Takes what is left, shared with other flexible columns by weight, never below `min`.
        case flexible(min: Int, weight: Int = 1)
    }

    public var key: String
    public var title: String
    public var width: Width
    public var alignRight: Bool
    /// Dropped first when the screen is narrow (higher drops earlier; 0 never).
    public var dropPriority: Int
    public var text: @Sendable (Row, PresentationContext) -> String
    public var json: (@Sendable (Row, PresentationContext) -> JSONValue)?

    public init(_ key: String, _ title: String, width: Width, alignRight: Bool = false, dropPriority: Int = 0,
                json: (@Sendable (Row, PresentationContext) -> JSONValue)? = nil,
                text: @escaping @Sendable (Row, PresentationContext) -> String) {
        self.key = key; self.title = title; self.width = width; self.alignRight = alignRight
        self.dropPriority = dropPriority; self.text = text; self.json = json
    }

    public func jsonValue(_ row: Row, _ context: PresentationContext) -> JSONValue {
        json?(row, context) ?? .string(text(row, context))
    }
}

/// A list's columns and the ids its JSON rows carry.
public struct ListLayout<Row>: Sendable {
    public var columns: [Column<Row>]
    public var ids: @Sendable (Row) -> [(String, Int64)]
    /// Fields only scripts need (e.g. a rating's scale), in CSV and JSON after the columns.
    public var extras: @Sendable (Row) -> [(String, JSONValue)]
    /// A marker shown in the first cell and what it means, e.g. `!` overdue.
    public var marker: @Sendable (Row, PresentationContext) -> RowMarker

    public init(columns: [Column<Row>], ids: @escaping @Sendable (Row) -> [(String, Int64)],
                extras: @escaping @Sendable (Row) -> [(String, JSONValue)] = { _ in [] },
                marker: @escaping @Sendable (Row, PresentationContext) -> RowMarker) {
        self.columns = columns; self.ids = ids; self.extras = extras; self.marker = marker
    }

    /// The columns that fit in `width`, with their widths: low-priority ones
    /// are dropped until the rest fit, and flexible ones share the remainder.
    public func fitted(to width: Int) -> [(column: Column<Row>, width: Int)] {
        var kept = columns
        func needed(_ columns: [Column<Row>]) -> Int {
            columns.reduce(0) { total, column in
                switch column.width {
                case .fixed(let w): total + w + 1
                case .flexible(let min, _): total + min + 1
                }
            } + RowMarker.width
        }
        while needed(kept) > width, let drop = kept.filter({ $0.dropPriority > 0 }).max(by: { $0.dropPriority < $1.dropPriority }) {
            kept.removeAll { $0.key == drop.key }
        }
        var weightLeft = kept.reduce(0) { total, column in
            if case .flexible(_, let weight) = column.width { total + weight } else { total }
        }
        var spare = max(0, width - needed(kept))
        var result: [(Column<Row>, Int)] = []
        for column in kept {
            switch column.width {
            case .fixed(let w): result.append((column, w))
            case .flexible(let min, let weight):
                let share = weightLeft > 0 ? spare * weight / weightLeft : 0
                spare -= share
                weightLeft -= weight
                result.append((column, min + share))
            }
        }
        return result
    }
}

/// The state shown in a row's first cell, readable without colour.
public enum RowMarker: Equatable, Sendable {
    case none, overdue, dueToday, done, warning

    public static let width = 2

    public func symbol(_ glyphs: Glyphs) -> String {
        switch self {
        case .none: " "
        case .overdue: "!"
        case .dueToday: "*"
        case .done: glyphs.check
        case .warning: "?"
        }
    }
}

import Foundation
import GapdeskDomain

/// A summary the store keeps beside its rows (per UTC day, mostly), so that
/// every figure a screen shows costs a few rows whatever the store's size.
/// Each declares what it keeps, what it counts and how to count itself again;
/// `Figures` keeps them all current and `gapdesk check` compares each with a
/// count from the rows.
protocol DailyFigure: SendableMetatype {
    /// Its name: the mark that asks for its rebuild (`rebuild.NAME` in
    /// `store_meta`, which migrations write) and what `check` reports.
    static var name: String { get }
    /// The tables (and derived columns, `table.column`) it keeps.
    static var tables: [String] { get }
    /// Whether a change of the team setting `key` changes what it counts:
    /// it is then counted again whole.
    static func counts(setting key: String) -> Bool
    /// Counts it again from the rows, the whole store, and writes it.
    static func rebuild(_ db: any SQLSession) throws
    /// What it holds against a count from the rows: the first difference.
    static func verify(_ db: any SQLSession) throws -> FigureDifference?
}

/// A figure whose rows change after they are written (a call recorded, a
/// tag, a guarantee, a fix moved), not only when rows are added: it says which
/// of its keys a change reaches and counts those keys again from the rows.
/// Rows added in bulk (an import, a phoned-in response) are counted as they
/// are written (`Figures.Batch`).
protocol FollowingFigure: DailyFigure {
    associatedtype Keys: FigureKeys
    /// The tables whose rows it counts: a write that touches one keeps it current.
    static var sources: Set<String> { get }
    /// The keys the touched rows reach as the rows stand: read before a
    /// change and after it, and both counted again.
    static func keys(_ db: any SQLSession, _ touched: Touched) throws -> Keys
    /// Counts these keys again from the rows and writes them.
    static func recount(_ db: any SQLSession, _ keys: Keys) throws
}

protocol FigureKeys {
    mutating func formUnion(_ other: Self)
}

extension Set: FigureKeys {}

/// What a write touched: the tables, and the responses and gaps whose rows
/// it changed (every call, attempt, tag and guarantee belongs to a response).
struct Touched {
    var tables: Set<String>
    var responses: Set<Int64> = []
    var causes: Set<Int64> = []
}

/// Where a figure and a count from the rows part.
public struct FigureDifference: Sendable, Equatable, CustomStringConvertible {
    public var figure: String
    public var table: String
    /// The row, in words ("day 2026-02-11, cause 3").
    public var key: String
    /// What the table holds and what the rows give, in words; nil for no row.
    public var stored: String?
    public var recounted: String?

    /// Only the parts that differ, each with how much.
    public var description: String {
        guard let stored, let recounted else { return "\(table), \(key): holds \(stored ?? "no row"), the rows give \(recounted ?? "no row")" }
        let (held, counted) = (stored.components(separatedBy: ", "), recounted.components(separatedBy: ", "))
        guard held.count == counted.count else { return "\(table), \(key): holds \(stored), the rows give \(recounted)" }
        let parts = zip(held, counted).filter { $0 != $1 }.map { part, count -> String in
            // "unaged 1211818187 billionths" against "unaged 1211818182 billionths": the numbers and their difference.
            let (words, numbers) = (part.split(separator: " "), count.split(separator: " "))
            if words.count == numbers.count, let index = words.indices.first(where: { words[$0] != numbers[$0] }),
               zip(words, numbers).enumerated().allSatisfy({ $0.offset == index || $0.element.0 == $0.element.1 }),
               let a = Int64(words[index]), let b = Int64(numbers[index]) {
                return "\(part) where the rows give \(b) (\(a > b ? "\(a - b) too many" : "\(b - a) too few"))"
            }
            return "\(part) where the rows give \(count)"
        }
        return "\(table), \(key): \(parts.joined(separator: "; "))"
    }
}

/// Compares a figure's rows with a count, as words keyed by their key.
enum FigureComparison {
    /// The first key, in order, whose words differ.
    static func first<Key: Comparable>(_ figure: String, _ table: String, stored: [Key: String], recounted: [Key: String],
                                       describe: (Key) -> String) -> FigureDifference? {
        first(figure, table, stored: stored, recounted: recounted, describe: describe, words: { $0 })
    }

    /// The same for values put in words only where they differ (a million
    /// rows are compared as values, not as sentences).
    static func first<Key: Comparable, Value: Equatable>(_ figure: String, _ table: String, stored: [Key: Value], recounted: [Key: Value],
                                                         describe: (Key) -> String, words: (Value) -> String) -> FigureDifference? {
        guard stored != recounted else { return nil }
        for key in Set(stored.keys).union(recounted.keys).sorted() where stored[key] != recounted[key] {
            return FigureDifference(figure: figure, table: table, key: describe(key), stored: stored[key].map(words),
                                    recounted: recounted[key].map(words))
        }
        return nil
    }

    /// The same for two runs of rows in key order, neither held whole:
    /// `stored` and `recounted` each give the next page (empty at the end).
    static func first<Key: Comparable>(_ figure: String, _ table: String, stored: () throws -> [(Key, String)],
                                       recounted: () throws -> [(Key, String)], describe: (Key) -> String) throws -> FigureDifference? {
        var (left, right) = (try stored()[...], try recounted()[...])
        while true {
            if left.isEmpty { left = try stored()[...] }
            if right.isEmpty { right = try recounted()[...] }
            switch (left.first, right.first) {
            case (nil, nil): return nil
            case (let held?, nil):
                return FigureDifference(figure: figure, table: table, key: describe(held.0), stored: held.1, recounted: nil)
            case (nil, let counted?):
                return FigureDifference(figure: figure, table: table, key: describe(counted.0), stored: nil, recounted: counted.1)
            case (let held?, let counted?):
                if held.0 < counted.0 {
                    return FigureDifference(figure: figure, table: table, key: describe(held.0), stored: held.1, recounted: nil)
                }
                if counted.0 < held.0 {
                    return FigureDifference(figure: figure, table: table, key: describe(counted.0), stored: nil, recounted: counted.1)
                }
                if held.1 != counted.1 {
                    return FigureDifference(figure: figure, table: table, key: describe(held.0), stored: held.1, recounted: counted.1)
                }
                left = left.dropFirst()
                right = right.dropFirst()
            }
        }
    }

    /// A UTC day as a date, for a key in words.
    static func day(_ day: Int64) -> String {
        "day " + Date(timeIntervalSince1970: Double(day * UTCDay.seconds)).formatted(.iso8601.year().month().day())
    }
}

import Foundation

/// One result row, its values read by column name.
public struct SQLRow: Sendable {
    let columns: SQLColumns
    let values: [SQLValue]

    init(columns: SQLColumns, values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value of `column`, which the query must select: asking for a column
    /// it does not have, or a type its value is not, is a programming error.
    public subscript<T: SQLValueConvertible>(_ column: String) -> T {
        let value = self[value: column]
        guard let converted = T(sqlValue: value) else {
            preconditionFailure("column \(column) holds \(value), not \(T.self)")
        }
        return converted
    }

    public subscript(value column: String) -> SQLValue {
        guard let index = columns.index[column] else { preconditionFailure("the query has no column \(column)") }
        return values[index]
    }

    public subscript<T: SQLValueConvertible>(_ index: Int) -> T {
        guard let converted = T(sqlValue: values[index]) else {
            preconditionFailure("column \(index) holds \(values[index]), not \(T.self)")
        }
        return converted
    }

    public func has(_ column: String) -> Bool { columns.index[column] != nil }
}

/// A result's column names, shared by its rows.
final class SQLColumns: Sendable {
    let names: [String]
    let index: [String: Int]

    init(_ names: [String]) {
        self.names = names
        var index: [String: Int] = [:]
        for (position, name) in names.enumerated() where index[name] == nil { index[name] = position }
        self.index = index
    }
}

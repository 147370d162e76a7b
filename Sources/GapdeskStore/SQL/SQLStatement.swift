import Foundation

/// A statement prepared once and run many times with new values (the
/// import's hot path, and summaries written a row per key). Parameters are
/// numbered from 1, in the order of the SQL's `?` placeholders. Valid only
/// inside the session that prepared it.
public protocol SQLStatement {
    func bind(_ index: Int32, _ value: Int64)
    func bind(_ index: Int32, _ value: Int64?)
    func bind(_ index: Int32, _ value: Double?)
    func bind(_ index: Int32, _ value: String?)
    func bind(_ index: Int32, _ value: Data?)

    /// Runs a statement that returns no rows.
    func run() throws

    /// Runs an INSERT and answers the new row's `id`.
    func insert() throws -> Int64

    /// The first row's first `columns` integer columns (nil where NULL), if there is a row.
    func firstRow(columns: Int32) throws -> [Int64?]?

    /// The first row's integer column 0 and nullable real column 1, if there is a row.
    func firstIntegerAndReal() throws -> (Int64, Double?)?
}

extension SQLStatement {
    /// The first column of the first row, if there is a row (and it is not NULL).
    public func firstInteger() throws -> Int64? {
        try firstRow(columns: 1).flatMap { $0[0] }
    }

    /// Binds each value in order, then runs.
    public func run(_ values: (any SQLValueConvertible)?...) throws {
        bindAll(values)
        try run()
    }

    /// Binds each value in order, then runs an INSERT and answers the new row's `id`.
    public func insert(_ values: (any SQLValueConvertible)?...) throws -> Int64 {
        bindAll(values)
        return try insert()
    }

    private func bindAll(_ values: [(any SQLValueConvertible)?]) {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            switch value?.sqlValue ?? .null {
            case .null: bind(index, Int64?.none)
            case .integer(let integer): bind(index, integer)
            case .real(let real): bind(index, real)
            case .text(let text): bind(index, text)
            case .blob(let data): bind(index, data)
            }
        }
    }
}

import Foundation
import GapdeskDomain
import GapdeskImport
import GapdeskUI

/// What the fuzzer feeds arbitrary bytes to: the CSV and JSON Lines readers
/// with the row checks behind them, and the filter parser. Anything here that
/// crashes, hangs or grows without bound is a bug.
public enum FuzzInput {
    /// Built once: date formatters are costly and hold no state between inputs.
    static let converter = RowConverter(map: ColumnMap(columns: [.responseId: 0, .receivedAt: 1, .customer: 2, .site: 3, .rating: 4,
                                                               .comment: 5, .scale: 6, .rootCauses: 7, .customerValue: 8, .contactDate: 9]),
                                     header: Field.allCases.map(\.rawValue), defaultScale: .csat5, defaultSite: "Main",
                                     now: Date(timeIntervalSince1970: 1_772_442_000))
    static let dates = DateReader()

    public static func exercise(_ data: Data) {
        var reader = CSVReader(source: ByteSource(data: data))
        // As an import reads after the header: a runaway quote gives its lines back.
        reader.expectedFields = converter.header.count
        reader.isRow = converter.looksLikeRow
        var rows = 0
        while let record = reader.next(), rows < 10_000 {
            rows += 1
            _ = converter.convert(record.fields, line: record.line, expectedCount: nil)
            _ = Preset.detect(header: record.fields)
            _ = record.fields.map { SafeText.sanitize($0) }
        }
        var lines = JSONLinesReader(source: ByteSource(data: data))
        rows = 0
        while let object = lines.next(), rows < 10_000 {
            rows += 1
            _ = converter.convert(Field.allCases.map { object.values[$0.rawValue] ?? "" }, line: object.line, expectedCount: nil)
        }
        let text = String(decoding: data.prefix(4_096), as: UTF8.self)
        let filter = FilterParser.parse(text)
        _ = FilterParser.describe(filter)
        _ = DisplayWidth.truncate(SafeText.sanitize(text), to: 40)
        _ = TimeInput.parse(text, clock: Clock(now: Date(timeIntervalSince1970: 1_772_442_000)))
        _ = dates.parse(text)
    }
}

import Foundation

/// Prints a list for scripts and pipes, from the same column definitions the
/// dashboard draws.
public enum ReportFormat: String, CaseIterable, Sendable {
    case table, csv, json, markdown

    public func render<Row>(_ rows: [Row], layout: ListLayout<Row>, context: PresentationContext) -> String {
        switch self {
        case .table: Self.table(rows, layout: layout, context: context)
        case .csv: Self.csv(rows, layout: layout, context: context)
        case .json: Self.json(rows, layout: layout, context: context)
        case .markdown: Self.markdown(rows, layout: layout, context: context)
        }
    }

    /// Aligned columns sized to their contents, two spaces apart (free text
    /// capped at 60 columns), every value sanitised for the terminal.
    static func table<Row>(_ rows: [Row], layout: ListLayout<Row>, context: PresentationContext) -> String {
        let ellipsis = context.glyphs.ellipsis
        let cells = rows.map { row in
            [layout.marker(row, context)?.symbol(context.glyphs) ?? " "] + layout.columns.map { column in
                let text = SafeText.sanitize(column.text(row, context))
                return context.glyphs.isUnicode ? text : SafeText.asciiOnly(text)
            }
        }
        let titles = [" "] + layout.columns.map(\.title)
        let aligns = [false] + layout.columns.map(\.alignRight)
        let widths = titles.indices.map { index in
            min(60, max(DisplayWidth.of(titles[index]), cells.map { DisplayWidth.of($0[index]) }.max() ?? 0))
        }
        func line(_ values: [String]) -> String {
            let fitted = values.indices.map { DisplayWidth.fit(values[$0], to: widths[$0], ellipsis: ellipsis, alignRight: aligns[$0]) }
            // The mark sits against its row; the columns stand apart.
            return (fitted[0] + " " + fitted.dropFirst().joined(separator: "  "))
                .replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        return ([line(titles)] + cells.map(line)).joined(separator: "\n") + "\n"
    }

    /// RFC 4180: a header, then one record per row; fields with commas, quotes
    /// or line breaks are quoted. Text is sanitised and defused for
    /// spreadsheets (`SafeText.spreadsheetCell`); numbers are as they are.
    static func csv<Row>(_ rows: [Row], layout: ListLayout<Row>, context: PresentationContext) -> String {
        let idKeys = rows.first.map { layout.ids($0).map(\.0) } ?? []
        let extraKeys = rows.first.map { layout.extras($0).map(\.0) } ?? []
        var lines = [(idKeys + layout.columns.map(\.key) + extraKeys).map(csvField).joined(separator: ",")]
        for row in rows {
            let ids = layout.ids(row).map { String($0.1) }
            let values = (layout.columns.map { $0.jsonValue(row, context) } + layout.extras(row).map(\.1)).map { value -> String in
                switch value {
                case .string(let text): SafeText.spreadsheetCell(text)
                case .integer(let n): String(n)
                case .number(let x): String(x)
                case .bool(let b): b ? "true" : "false"
                case .null: ""
                case .strings(let list): SafeText.spreadsheetCell(list.joined(separator: ";"))
                case .integers(let list): list.map(String.init).joined(separator: ";")
                case .objects(let list): String(list.count)
                case .object(let pairs): String(pairs.count)
                }
            }
            lines.append((ids + values).map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// One RFC 4180 field: quoted when it holds a comma, quote or line break.
    public static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// An array of objects: ids, then each column's value by key.
    static func json<Row>(_ rows: [Row], layout: ListLayout<Row>, context: PresentationContext) -> String {
        let objects = rows.map { row -> String in
            var fields = layout.ids(row).map { "\(jsonString($0.0)): \($0.1)" }
            for column in layout.columns {
                fields.append("\(jsonString(column.key)): \(jsonText(column.jsonValue(row, context)))")
            }
            for (key, value) in layout.extras(row) {
                fields.append("\(jsonString(key)): \(jsonText(value))")
            }
            return "  {" + fields.joined(separator: ", ") + "}"
        }
        return objects.isEmpty ? "[]\n" : "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }

    static func jsonText(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): jsonString(text)
        case .integer(let n): String(n)
        case .number(let x): x.isFinite ? String(x) : "null"
        case .bool(let b): b ? "true" : "false"
        case .null: "null"
        case .strings(let list): "[" + list.map(jsonString).joined(separator: ", ") + "]"
        case .integers(let list): "[" + list.map(String.init).joined(separator: ", ") + "]"
        case .object(let pairs): "{" + pairs.map { "\(jsonString($0.0)): \(jsonText($0.1))" }.joined(separator: ", ") + "}"
        case .objects(let list):
            "[" + list.map { object in "{" + object.map { "\(jsonString($0.0)): \(jsonText($0.1))" }.joined(separator: ", ") + "}" }
                .joined(separator: ", ") + "]"
        }
    }

    /// Text for Markdown: sanitised, and its pipes and emphasis marks escaped.
    static func markdownCell(_ text: String) -> String {
        var out = ""
        for character in SafeText.sanitize(text) {
            if "|*_`[]<>\\".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// A Markdown table, ready to paste into a meeting note: each row's mark first, as on screen.
    static func markdown<Row>(_ rows: [Row], layout: ListLayout<Row>, context: PresentationContext) -> String {
        var lines = ["|   | " + layout.columns.map { markdownCell($0.title) }.joined(separator: " | ") + " |",
                     "| --- |" + layout.columns.map { $0.alignRight ? " ---: " : " --- " }.joined(separator: "|") + "|"]
        for row in rows {
            let mark = layout.marker(row, context)?.symbol(context.glyphs) ?? ""
            lines.append("| \(mark) | " + layout.columns.map { markdownCell($0.text(row, context)) }.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A JSON string literal. Every character `SafeText` would hide is written
    /// as its `\\u` escape (a surrogate pair above U+FFFF): the text stays exact
    /// for a program and harmless on a terminal.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if SafeText.isHidden(scalar) || scalar.value == 0x7F {
                    for unit in String(scalar).utf16 { out += String(format: "\\u%04x", unit) }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

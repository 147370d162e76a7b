/// Draws data text into the buffer: sanitised, ASCII-only where the locale
/// needs it, cut with an ellipsis, never wrapped.
struct Painter {
    var buffer: ScreenBuffer
    let glyphs: Glyphs

    init(rows: Int, columns: Int, glyphs: Glyphs) {
        buffer = ScreenBuffer(rows: rows, columns: columns)
        self.glyphs = glyphs
    }

    var columns: Int { buffer.columns }
    var rows: Int { buffer.rows }

    func clean(_ text: String) -> String {
        let safe = SafeText.sanitize(text)
        return glyphs.isUnicode ? safe : SafeText.asciiOnly(safe)
    }

    /// Text cut to `width` columns (ellipsis when cut), padded when `pad`.
    @discardableResult
    mutating func text(_ text: String, row: Int, column: Int, width: Int, style: Style = .normal,
                       alignRight: Bool = false, pad: Bool = false) -> Int {
        guard width > 0 else { return 0 }
        let cleaned = clean(text)
        let shown = pad || alignRight
            ? DisplayWidth.fit(cleaned, to: width, ellipsis: glyphs.ellipsis, alignRight: alignRight)
            : DisplayWidth.truncate(cleaned, to: width, ellipsis: glyphs.ellipsis)
        return buffer.put(shown, row: row, column: column, style: style, limit: width)
    }

    /// A run of segments on one row, left to right; returns the column after the last.
    @discardableResult
    mutating func segments(_ parts: [(String, Style)], row: Int, column: Int, width: Int) -> Int {
        var x = column
        for (text, style) in parts {
            let room = column + width - x
            if room <= 0 { break }
            x += self.text(text, row: row, column: x, width: room, style: style)
        }
        return x
    }

    mutating func fill(row: Int, column: Int = 0, width: Int? = nil, style: Style) {
        buffer.fill(row: row, column: column, width: width ?? columns - column, style: style)
    }

    mutating func rule(row: Int, style: Style = .border) {
        buffer.put(String(repeating: glyphs.horizontal, count: max(0, columns)), row: row, column: 0, style: style)
    }

    /// A box with a title on its top edge; the inside is blanked.
    mutating func box(top: Int, left: Int, height: Int, width: Int, title: String) {
        guard height >= 3, width >= 4 else { return }
        let h = glyphs.horizontal, v = glyphs.vertical, c = glyphs.corners
        for row in top..<(top + height) { buffer.fill(row: row, column: left, width: width, style: .normal) }
        buffer.put(c[0] + String(repeating: h, count: width - 2) + c[1], row: top, column: left, style: .border)
        buffer.put(c[2] + String(repeating: h, count: width - 2) + c[3], row: top + height - 1, column: left, style: .border)
        for row in (top + 1)..<(top + height - 1) {
            buffer.put(v, row: row, column: left, style: .border)
            buffer.put(v, row: row, column: left + width - 1, style: .border)
        }
        text(" \(title) ", row: top, column: left + 2, width: width - 4, style: .title)
    }
}

/// Splits text into lines of at most `width` columns at spaces (long words are cut).
enum Wrap {
    static func lines(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var result: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                var word = String(word)
                while DisplayWidth.of(word) > width {
                    if !line.isEmpty { result.append(line); line = "" }
                    let head = DisplayWidth.truncate(word, to: width, ellipsis: "")
                    result.append(head)
                    word = String(word.dropFirst(head.count))
                }
                if line.isEmpty { line = word }
                else if DisplayWidth.of(line) + 1 + DisplayWidth.of(word) <= width { line += " " + word }
                else { result.append(line); line = word }
            }
            result.append(line)
        }
        return result
    }
}

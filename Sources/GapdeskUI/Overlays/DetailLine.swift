/// A line of an overlay: styled runs of text.
public struct DetailLine: Sendable, Equatable {
    public var parts: [(String, Style)]
    /// Where its continuation lines start when it wraps; nil for two past its own indent.
    public var hang: Int?
    /// Stretches of its text that lead somewhere (a phone, an email), by their text: drawn as links where the viewer asks.
    public var links: [(text: String, target: String)] = []

    public init(_ parts: [(String, Style)], hang: Int? = nil, links: [(text: String, target: String)] = []) {
        self.parts = parts; self.hang = hang; self.links = links
    }
    public init(_ text: String, _ style: Style = .normal, hang: Int? = nil) { parts = [(text, style)]; self.hang = hang }

    /// A labelled fact: the label in a column of its own, the value beside it
    /// (and its continuations under the value, not the label).
    static func fact(_ label: String, _ value: String, _ style: Style = .normal, labelWidth: Int = 16) -> DetailLine {
        DetailLine([("  " + DisplayWidth.fit(label, to: labelWidth - 2), .bold), (value, style)], hang: labelWidth)
    }

    public static let blank = DetailLine("")
    static func heading(_ text: String) -> DetailLine { DetailLine(text, .title) }

    public static func == (a: DetailLine, b: DetailLine) -> Bool {
        a.parts.map(\.0) == b.parts.map(\.0) && a.parts.map(\.1) == b.parts.map(\.1) && a.hang == b.hang
    }

    public var text: String { parts.map(\.0).joined() }

    /// The line in lines of at most `width` columns, broken at spaces (a word
    /// longer than a line is cut into pieces); the continuations are indented
    /// two more than the line's own leading spaces (or to its `hang`), so a
    /// wrapped line reads as one.
    public func wrapped(to width: Int) -> [DetailLine] {
        guard width > 4, DisplayWidth.of(text) > width else { return [self] }
        let lead = text.prefix { $0 == " " }.count
        let indent = String(repeating: " ", count: min(width / 2, hang ?? lead + 2))
        var lines: [DetailLine] = []
        var current: [(String, Style)] = lead > 0 ? [(String(repeating: " ", count: lead), parts.first?.1 ?? .normal)] : []
        var used = lead
        var pending: (String, Style)?
        func push(_ piece: String, _ style: Style) {
            if let last = current.last, last.1 == style { current[current.count - 1].0 += piece } else { current.append((piece, style)) }
            used += DisplayWidth.of(piece)
        }
        func breakLine() {
            lines.append(DetailLine(current))
            current = [(indent, parts.first?.1 ?? .normal)]
            used = DisplayWidth.of(indent)
            pending = nil
        }
        var leadDone = lead == 0
        for (text, style) in parts {
            for piece in Self.pieces(text) {
                if piece.first == " " {
                    // The line's own indent is already in place.
                    if leadDone { pending = (piece, style) }
                    leadDone = true
                    continue
                }
                leadDone = true
                var word = piece
                let spaceWidth = pending.map { DisplayWidth.of($0.0) } ?? 0
                if used + spaceWidth + DisplayWidth.of(word) > width && used > DisplayWidth.of(indent) { breakLine() }
                if let space = pending { push(space.0, space.1); pending = nil }
                while used + DisplayWidth.of(word) > width {
                    let head = DisplayWidth.truncate(word, to: max(1, width - used), ellipsis: "")
                    push(head, style)
                    word = String(word.dropFirst(head.count))
                    breakLine()
                }
                push(word, style)
            }
        }
        if !current.isEmpty { lines.append(DetailLine(current)) }
        // A link goes with the line that holds all of it.
        return lines.map { line in DetailLine(line.parts, hang: line.hang, links: links.filter { line.text.contains($0.text) }) }
    }

    /// Text split into runs of spaces and runs of anything else.
    static func pieces(_ text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        for character in text {
            if let last = current.last, (last == " ") != (character == " ") {
                pieces.append(current)
                current = ""
            }
            current.append(character)
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }
}

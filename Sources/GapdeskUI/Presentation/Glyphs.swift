/// The characters used for lines, bars and marks, with ASCII fallbacks for
/// terminals whose locale cannot show UTF-8.
public struct Glyphs: Sendable, Equatable {
    public var ellipsis: String
    public var sparks: [String]
    public var horizontal: String
    public var vertical: String
    /// A trend: more, fewer, the same (never a mark's symbol; see `Mark`).
    public var up: String
    public var down: String
    public var flat: String
    public var dot: String
    /// Box corners: top-left, top-right, bottom-left, bottom-right.
    public var corners: [String]
    public var isUnicode: Bool

    public static let unicode = Glyphs(ellipsis: "…", sparks: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"],
                                       horizontal: "─", vertical: "│", up: "↑", down: "↓", flat: "→", dot: "·",
                                       corners: ["┌", "┐", "└", "┘"], isUnicode: true)
    // The bars' levels rise in ink and share no character with an arrow (+ - =), a mark or a border.
    public static let ascii = Glyphs(ellipsis: "~", sparks: ["_", ".", ":", "i", "l", "I", "H", "M"],
                                     horizontal: "-", vertical: "|", up: "+", down: "-", flat: "=", dot: ".",
                                     corners: ["+", "+", "+", "+"], isUnicode: false)

    /// Draws counts as a bar per value, scaled to the largest.
    public func sparkline(_ values: [Int]) -> String {
        let top = values.max() ?? 0
        return values.map { value in
            if value == 0 { return top == 0 ? sparks[0] : " " }
            let level = top == 0 ? 0 : Int((Double(value) / Double(top) * Double(sparks.count - 1)).rounded())
            return sparks[max(0, min(sparks.count - 1, level))]
        }.joined()
    }
}

/// Draws an open overlay from its lines in the state: the body of the screen
/// with a title row, or a box over the lists (the help).
enum OverlayView {
    static func drawFull(_ overlay: OverlayState, _ state: AppState, _ painter: inout Painter) {
        let layout = state.layout
        let top = layout.bodyTop
        let height = Overlays.visibleLines(overlay.id, layout)
        let lines = overlay.lines
        let first = min(overlay.scroll, max(0, lines.count - height))
        painter.fill(row: top, style: .tabActive)
        let position = lines.count > height ? "  \(first + 1)-\(min(lines.count, first + height))/\(lines.count)" : ""
        painter.segments([(" " + Overlays.title(overlay, state), .tabActive), (position, .tabActive)], row: top, column: 0, width: painter.columns)
        for (offset, line) in lines.dropFirst(first).prefix(height).enumerated() {
            draw(line, state, &painter, row: top + 1 + offset, column: 1, width: painter.columns - 1)
        }
    }

    static func drawBox(_ overlay: OverlayState, _ state: AppState, _ painter: inout Painter) {
        let box = Overlays.box(state.layout)
        // Its rows blanked edge to edge: nothing of the lists shows beside it.
        for row in box.top..<(box.top + box.height) { painter.fill(row: row, style: .normal) }
        painter.box(top: box.top, left: box.left, height: box.height, width: box.width, title: Overlays.title(overlay, state))
        let first = min(overlay.scroll, max(0, overlay.lines.count - box.inside))
        for (offset, line) in overlay.lines.dropFirst(first).prefix(box.inside).enumerated() {
            draw(line, state, &painter, row: box.top + 1 + offset, column: box.left + 2, width: box.width - 4)
        }
    }

    /// A line, and its links over the cells their text is drawn in (as much of each as the width shows).
    private static func draw(_ line: DetailLine, _ state: AppState, _ painter: inout Painter, row: Int, column: Int, width: Int) {
        painter.segments(line.parts, row: row, column: column, width: width)
        guard state.hyperlinks else { return }
        let text = line.text
        for link in line.links {
            guard let found = text.range(of: link.text) else { continue }
            let offset = DisplayWidth.of(String(text[..<found.lowerBound]))
            let shown = min(DisplayWidth.of(link.text), width - offset)
            if shown > 0 { painter.buffer.links.append(Hyperlink(row: row, column: column + offset, width: shown, target: link.target)) }
        }
    }
}

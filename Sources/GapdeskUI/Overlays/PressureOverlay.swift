import GapdeskDomain

/// Staff and sites that may be pushing customers for top scores: each said
/// in words first, the statistic after.
enum PressureOverlay {
    static func lines(_ list: PressureList, state: AppState, width: Int) -> [DetailLine] {
        var lines = [DetailLine("  " + ListLayouts.pressureExplanation, .dim), .blank]
        let mark = Mark.pressure.symbol(state.glyphs)
        for (title, signals) in [("Staff", list.staff), ("Sites", list.sites)] {
            lines.append(.heading(title))
            if signals.isEmpty { lines.append(DetailLine("  none", .dim)) }
            for signal in signals {
                lines.append(DetailLine([("  \(mark) ", Mark.pressure.style), (ListLayouts.pressureSentence(signal), .normal)]))
            }
            lines.append(.blank)
        }
        return lines
    }
}

import Foundation
import GapdeskDomain
import GapdeskStore

/// Does calling back pay? Each group's return rate as a bar drawn in cells,
/// its 95% interval as whiskers (├ at the low end, ┤ at the high end), its n
/// beside it; then the same by how soon the call got through; then what the
/// figures allow saying, and what they mean.
enum ResultsOverlay {
    static let spec = OverlaySpec(
        scope: .overlay,
        title: { _, _ in "Results: does calling back pay?" },
        load: { store, now throws(StoreError) in .results(try store.results(now: now)) },
        lines: { content, state, width in
            guard case .results(let report) = content else { return [] }
            return lines(report, state: state, width: width)
        })

    static let labelWidth = 26

    static func lines(_ report: ResultsReport, state: AppState, width: Int) -> [DetailLine] {
        let lines = ResultsText.lines(report)
        var out: [DetailLine] = [DetailLine(ResultsText.heading(report, zone: state.clock.timeZone), hang: 0), .blank]
        out.append(scale("What the call came to", width: width, glyphs: state.glyphs))
        for line in lines where line.measure == .group { out.append(row(line, width: width, glyphs: state.glyphs)) }
        out.append(DetailLine(ResultWords.paradox(recovered: report.counts.group(.recovered), baseline: report.counts.group(.neverCritical)),
                              .bold, hang: 2))
        out.append(.blank)
        out.append(scale("How soon it got through", width: width, glyphs: state.glyphs))
        for line in lines where line.measure == .speed { out.append(row(line, width: width, glyphs: state.glyphs)) }
        out.append(.blank)
        out.append(DetailLine(ResultsText.valueKept(report, currency: state.context.currency), hang: 2))
        out.append(.blank)
        let marks = whisker(state.glyphs)
        out.append(DetailLine("  \(marks.filled) return rate   \(marks.low)\(state.glyphs.ellipsis)\(marks.high) "
                              + "its 95% interval   n responses", .dim))
        for definition in ResultsText.definitions { out.append(DetailLine("  " + definition, .dim, hang: 4)) }
        out.append(DetailLine("  Each group against not called: gapdesk report results (also --site, --window, --return-days, --format json).",
                              .dim, hang: 4))
        return out
    }

    /// Cells for the bars: what is left after the label, n and the figures, at most 50.
    static func barWidth(_ width: Int) -> Int { max(10, min(50, width - labelWidth - 6 - 18)) }

    /// The bar's cells: filled (the tallest spark, in ASCII "#"), the rule's line to the high whisker.
    static func whisker(_ glyphs: Glyphs) -> (low: String, high: String, line: String, filled: String) {
        (glyphs.isUnicode ? "├" : glyphs.vertical, glyphs.isUnicode ? "┤" : glyphs.vertical, glyphs.horizontal,
         glyphs.isUnicode ? glyphs.sparks.last ?? "█" : "#")
    }

    /// The column titles, with 0% and 100% over the bars' ends.
    static func scale(_ title: String, width: Int, glyphs: Glyphs) -> DetailLine {
        let bars = barWidth(width)
        let axis = "0%" + String(repeating: " ", count: max(1, bars - 6)) + "100%"
        return DetailLine("  " + DisplayWidth.fit(title, to: labelWidth) + DisplayWidth.fit("n", to: 6, alignRight: true) + " " + axis
                          + "  rate (95%)", .columnHeader)
    }

    /// One group: its bar with whiskers, or its counts and "too few to say".
    static func row(_ line: ResultLine, width: Int, glyphs: Glyphs) -> DetailLine {
        let label = "  " + DisplayWidth.fit(line.label, to: labelWidth) + DisplayWidth.fit(String(line.proportion.trials), to: 6, alignRight: true) + " "
        guard line.proportion.isEnough, let rate = line.proportion.rate, let interval = line.proportion.interval else {
            let said = line.proportion.trials == 0 ? "none" : "too few to say (\(line.proportion.successes) of \(line.proportion.trials) came back)"
            return DetailLine([(label, .normal), (said, .dim)])
        }
        let figures = "  " + percentText(rate) + " (" + percentText(interval.lowerBound) + (glyphs.isUnicode ? "–" : "-")
            + percentText(interval.upperBound) + ")"
        return DetailLine([(label, .normal), (bar(rate: rate, interval: interval, cells: barWidth(width), glyphs: glyphs), .good), (figures, .normal)])
    }

    /// The bar to the rate, the low whisker inside it, a line from the rate to the high whisker.
    static func bar(rate: Double, interval: ClosedRange<Double>, cells: Int, glyphs: Glyphs) -> String {
        func cell(_ share: Double) -> Int { max(0, min(cells - 1, Int((share * Double(cells)).rounded(.down)))) }
        let (low, end, high) = (cell(interval.lowerBound), cell(rate), cell(interval.upperBound))
        let marks = whisker(glyphs)
        return (0..<cells).map { index in
            if index == low { return marks.low }
            if index == high { return marks.high }
            if index <= end { return marks.filled }
            if index < high { return marks.line }
            return " "
        }.joined()
    }
}

import GapdeskDomain
import GapdeskStore

/// Staff and sites whose scores are in doubt: pushing customers for top
/// scores, or choosing whom to ask. Each said in words first, the statistic after.
enum PressureOverlay {
    static let spec = OverlaySpec(
        scope: .overlay,
        title: { _, _ in "Pressure signals" },
        load: { store, now throws(StoreError) in
            .pressure(PressureList(signals: ScoreSignal.all(pressure: try store.pressureSignals(now: now), asking: try store.selectiveAsking(now: now))))
        },
        lines: { content, state, width in
            guard case .pressure(let list) = content else { return [] }
            return lines(list, state: state, width: width)
        })

    static func lines(_ list: PressureList, state: AppState, width: Int) -> [DetailLine] {
        var lines = [DetailLine("  " + ListLayouts.pressureExplanation, .dim), DetailLine("  " + CoverageText.askingExplanation, .dim), .blank]
        for (title, kind) in [("Staff", "staff"), ("Sites", "site")] {
            lines.append(.heading(title))
            let signals = list.signals.filter { $0.kind == kind }
            if signals.isEmpty { lines.append(DetailLine("  none", .dim)) }
            for signal in signals {
                lines.append(DetailLine([("  \(signal.mark.symbol(state.glyphs)) ", signal.mark.style), (signal.sentence, .normal)]))
            }
            lines.append(.blank)
        }
        return lines
    }
}

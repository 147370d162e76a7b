import GapdeskDomain
import GapdeskStore

/// Staff and sites whose scores are in doubt: pushing customers for top
/// scores, choosing whom to ask, or giving one phone or email for several
/// customers. Each said in words first, the statistic after; what the
/// signals mean follows them.
enum PressureOverlay {
    static let spec = OverlaySpec(
        scope: .overlay,
        title: { _, _ in "Pressure signals" },
        load: { store, now throws(StoreError) in
            .pressure(PressureList(signals: try ScoreSignal.read(store, now: now)))
        },
        lines: { content, state, width in
            guard case .pressure(let list) = content else { return [] }
            return lines(list, state: state, width: width)
        })

    static func lines(_ list: PressureList, state: AppState, width: Int) -> [DetailLine] {
        var lines: [DetailLine] = []
        for (title, kind) in [("Staff", "staff"), ("Sites", "site")] {
            lines.append(.heading(title))
            let signals = list.signals.filter { $0.kind == kind }
            if signals.isEmpty { lines.append(DetailLine("  none", .dim)) }
            for signal in signals {
                lines.append(DetailLine([("  \(signal.mark.symbol(state.glyphs)) ", signal.mark.style), (signal.sentence, .normal)]))
            }
            lines.append(.blank)
        }
        return lines + ScoreSignal.explanations.map { DetailLine("  " + $0, .dim) }
    }
}

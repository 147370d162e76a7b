import GapdeskDomain
import GapdeskStore

/// Staff and sites that may be pushing customers for top scores: each said
/// in words first, the statistic after.
enum PressureOverlay {
    static let spec = OverlaySpec(
        scope: .overlay,
        title: { _, _ in "Pressure signals" },
        load: { store, now throws(StoreError) in
            let signals = try store.pressureSignals(now: now)
            return .pressure(PressureList(staff: signals.staff, sites: signals.sites))
        },
        lines: { content, state, width in
            guard case .pressure(let list) = content else { return [] }
            return lines(list, state: state, width: width)
        })

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

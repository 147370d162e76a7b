import GapdeskDomain
import GapdeskStore

/// What the logged-in person owes, from any pane: their open calls (overdue
/// first), the fixes they own and those gaps' follow-ups.
enum MineOverlay {
    static let spec = OverlaySpec(
        scope: .overlay,
        title: { content, state in
            guard case .mine(let work)? = content else { return "Yours: \(state.account)" }
            return "Yours: \(work.account)"
        },
        load: { store, now throws(StoreError) in .mine(try store.mine(now: now)) },
        lines: { content, state, _ in
            guard case .mine(let work) = content else { return [] }
            var lines: [DetailLine] = []
            for section in MineText.sections(work, context: state.context) {
                lines.append(.heading(section.title))
                if section.entries.isEmpty { lines.append(DetailLine("  " + section.empty, .dim)) }
                for entry in section.entries {
                    lines.append(DetailLine([("  " + (entry.mark.map { $0.symbol(state.glyphs) + " " } ?? "  "), entry.mark?.style ?? .normal),
                                             (entry.text, .normal)], hang: 4))
                }
                if section.more > 0 { lines.append(DetailLine("    … and \(section.more) more: gapdesk report mine", .dim)) }
                lines.append(.blank)
            }
            return lines
        })
}

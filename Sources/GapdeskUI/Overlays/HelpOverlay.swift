import GapdeskDomain
import GapdeskStore

/// The `?` overlay: every key that works here, from the binding table; every
/// mark; the kinds of gap; and how the ranking works with the team's own settings.
enum HelpOverlay {
    static let spec = OverlaySpec(
        scope: .help, isBox: true,
        title: { _, state in "Keys and marks (\(state.bindings.keyName(.down))/\(state.bindings.keyName(.up)) scroll, any other key closes)" },
        load: { store, _ throws(StoreError) in .help(try store.teamSettings()) },
        lines: { content, state, width in
            guard case .help(let settings) = content else { return [] }
            return lines(settings, state: state, width: width)
        })

    static func lines(_ settings: TeamSettings, state: AppState, width: Int) -> [DetailLine] {
        let keys = state.bindings
        // The key table: keys in a column of their own, what they do beside it.
        let names = keys.bindings.map { $0.keys.map(\.name).joined(separator: " ") }
        let keyColumn = min(20, names.map(DisplayWidth.of).max() ?? 0) + 1
        var lines: [DetailLine] = []
        for (binding, name) in zip(keys.bindings, names) {
            let refusal = state.refusal(for: binding)
            // Where a key acts on some panes' rows only, the help names those panes.
            let panes = Panes.all.filter { binding.scopes?.contains(.pane($0.pane)) == true }.map { $0.title.lowercased() }
            let place = binding.scopes == Set([.form, .picker]) ? " (forms and pickers)"
                : panes.isEmpty || panes.count == Panes.all.count ? "" : " (" + panes.joined(separator: ", ") + ")"
            let suffix = refusal == nil ? "" : " - not for you: \(state.readOnly ? "read-only" : "needs another role")"
            lines.append(DetailLine(DisplayWidth.fit(name, to: keyColumn - 1) + " " + binding.help + place + suffix, refusal == nil ? .normal : .dim))
        }
        lines.append(.blank)
        lines.append(.heading("Marks (the same on every screen and report, and without colour)"))
        for mark in Mark.allCases {
            lines.append(DetailLine([("  \(mark.symbol(state.glyphs))  ", mark.style), (mark.meaning, .normal)]))
        }
        lines.append(DetailLine("  Trends: \(state.glyphs.up) more in the last 30 days than the 30 before, \(state.glyphs.down) fewer, "
                                + "\(state.glyphs.flat) the same."))
        lines.append(.blank)
        lines.append(.heading("Kinds of gap (the service-quality gaps model)"))
        for kind in GapKind.allCases {
            lines.append(DetailLine("  \(kind.rawValue) \(kind.label): \(kind.words); \(kind.meaning)."))
        }
        lines.append(.blank)
        lines += ranking(settings)
        lines.append(.blank)
        lines.append(.heading("Results (\(keys.keyName(.results))): does calling back pay?"))
        lines.append(DetailLine("  A critical response is counted once its return window (results.return_days, \(settings.returnDays) days) has passed, "
                                + "for contacts in the \(settings.resultsWindowDays) days before (results.window_days)."))
        for definition in ResultsText.definitions { lines.append(DetailLine("  " + definition)) }
        lines.append(DetailLine("  Follow-ups: when a fix is verified, each customer who reported its gap is listed to be told (pane "
                                + "\(Pane.followups.number)); followups.automatic turns that off, \(keys.keyName(.tellFixed)) on a verified gap makes them by hand."))
        lines.append(.blank)
        lines.append(.heading("Filters (\(keys.keyName(.filter)))"))
        for spec in Panes.all where !spec.filters.isEmpty {
            let fields = spec.filters.map { $0 == .words ? "words" : $0.prefix + "NAME" }.joined(separator: " ")
            lines.append(DetailLine("  \(spec.title): \(fields); quotes keep spaces."))
        }
        lines.append(.blank)
        lines.append(DetailLine("Record a call with \(keys.keyName(.recordCall)), then one letter: t thanked, r recovered, u still unhappy "
                                + "(saved at once; T, R or U first to add a note), g guarantee (asks the amount), n no answer (asks when to try again; "
                                + "nothing typed: two of the site's open hours later), x unreachable (gives up: closes the call as not reached; X to add a note)."))
        lines.append(DetailLine("In a text field: Ctrl-u clears it back to its start (all of it, from its end), Ctrl-k clears to its end, Ctrl-w removes a word, Ctrl-a and Ctrl-e go to its start "
                                + "and end, Left and Right move, Backspace and Delete remove a character."))
        return lines
    }

    /// How gaps are ranked, with the numbers this team has set.
    static func ranking(_ settings: TeamSettings) -> [DetailLine] {
        let window = settings.rankingWindowDays
        return [DetailLine.heading("Gaps are ranked by return on satisfaction (RoS) over the ranking window "
                                   + "(today and the \(window - 1) whole UTC day\(window == 2 ? "" : "s") before it):")]
            + ReturnOnSatisfaction.Parameters(settings).explanation(median: nil).map { DetailLine("  " + $0) }
            + [
                DetailLine("  Ties: more responses first, then name. These are the team's settings: gapdesk settings list."),
                DetailLine("  Rising: the last 7 days' count would occur by chance less than 1 time in 100 at the gap's own rate. "
                           + "A done fix is verified after \(settings.fixQuietDays) quiet days, and recurred as soon as a new tagged response arrives."),
            ]
    }
}

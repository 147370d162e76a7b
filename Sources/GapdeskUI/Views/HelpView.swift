import GapdeskDomain

/// The `?` overlay: every key that works here, from the binding table, and
/// how the gap ranking works with the team's own settings.
enum HelpView {
    /// Where the box sits: `inside` lines of text fit in it.
    static func frame(columns: Int, rows: Int) -> (top: Int, left: Int, width: Int, height: Int, inside: Int) {
        let width = min(columns - 2, 90)
        let height = max(5, rows - 3)
        return (1, (columns - width) / 2, width, height, height - 2)
    }

    /// The furthest the overlay can scroll: its last line at the bottom of the box.
    static func maxScroll(_ state: AppState) -> Int {
        guard case .help(let settings, _) = state.overlay else { return 0 }
        let box = frame(columns: state.columns, rows: state.rows)
        return max(0, lines(state, settings: settings, room: box.width - 4).count - box.inside)
    }

    static func draw(_ state: AppState, settings: TeamSettings?, scroll: Int, _ painter: inout Painter) {
        let box = frame(columns: painter.columns, rows: painter.rows)
        painter.box(top: box.top, left: box.left, height: box.height, width: box.width, title: "Keys (any key closes, j/k scroll)")
        let wrapped = lines(state, settings: settings, room: box.width - 4)
        let first = min(scroll, max(0, wrapped.count - box.inside))
        for (offset, line) in wrapped.dropFirst(first).prefix(box.inside).enumerated() {
            painter.text(line.0, row: box.top + 1 + offset, column: box.left + 2, width: box.width - 4, style: line.1)
        }
    }

    /// The overlay's lines, wrapped to `room` columns.
    static func lines(_ state: AppState, settings: TeamSettings?, room: Int) -> [(String, Style)] {
        // The key table: keys in a column of their own, what they do wrapped beside it.
        let keys = state.bindings.bindings.map { $0.keys.map(\.name).joined(separator: " ") }
        let keyColumn = min(20, keys.map(DisplayWidth.of).max() ?? 0) + 1
        var table: [(String, Style)] = []
        for (binding, keys) in zip(state.bindings.bindings, keys) {
            let refusal = state.refusal(for: binding)
            let place = binding.scopes == KeyBindings.gaps ? " (gaps)" : binding.scopes == KeyBindings.responses ? " (calls, feedback)"
                : binding.scopes == KeyBindings.overlays ? " (detail)" : ""
            let suffix = refusal == nil ? "" : " - not for you: \(state.readOnly ? "read-only" : "needs another role")"
            table += hanging(DisplayWidth.fit(keys, to: keyColumn - 1) + " ", binding.help + place + suffix, indent: keyColumn, room: room)
                .map { ($0, refusal == nil ? .normal : .dim) }
        }
        var lines: [(String, Style)] = []
        lines.append(("", .normal))
        lines.append(("Marks (also without colour)", .title))
        lines.append(("  !  overdue      *  due today      \(state.glyphs.check)  done      ?  not tagged yet", .normal))
        lines.append(("", .normal))
        lines += ranking(settings)
        lines.append(("", .normal))
        lines.append(("Filter with /: words match customer, comment or phone; site:NAME staff:NAME tag:NAME narrow further; quotes keep spaces.", .normal))
        lines.append(("Record a call with c, then one letter: t thanked, r recovered, u still unhappy, g guarantee (asks the amount), "
                      + "n no answer (asks when to try again); Enter saves.", .normal))
        // Each entry is one paragraph: lines longer than the box wrap, their
        // continuations indented, instead of being cut off.
        return table + lines.flatMap { text, style -> [(String, Style)] in
            guard DisplayWidth.of(text) > room else { return [(text, style)] }
            let lead = String(text.prefix { $0 == " " })
            return hanging(lead, String(text.dropFirst(lead.count)), indent: lead.count + 2, room: room).map { ($0, style) }
        }
    }

    /// `lead` then `text` wrapped to `room` columns, its continuations indented by `indent`.
    static func hanging(_ lead: String, _ text: String, indent: Int, room: Int) -> [String] {
        let parts = Wrap.lines(text, width: max(10, room - max(indent, DisplayWidth.of(lead))))
        return [lead + (parts.first ?? "")] + parts.dropFirst().map { String(repeating: " ", count: indent) + $0 }
    }

    /// How gaps are ranked, with the numbers this team has set.
    static func ranking(_ settings: TeamSettings?) -> [(String, Style)] {
        guard let settings else { return [("Gaps are ranked by return on satisfaction (RoS); reading the team's settings…", .title)] }
        let window = settings.rankingWindowDays
        return [("Gaps are ranked by return on satisfaction (RoS) over the ranking window "
                 + "(today and the \(window - 1) whole UTC day\(window == 2 ? "" : "s") before it):", .title)]
            + ReturnOnSatisfaction.Parameters(settings).explanation(median: nil).map { ("  " + $0, .normal) }
            + [
            ("  Ties: more responses first, then name. These are the team's settings: gapdesk settings list.", .normal),
            ("  Rising (!): last 7 days' count has Poisson tail probability < 1% under the gap's own baseline rate. "
             + "A done fix is verified after \(settings.fixQuietDays) quiet days, RECURRED as soon as a new tagged response arrives. "
             + "w shows why a gap ranks where it does.", .normal),
        ]
    }
}

/// Forms and pickers, drawn in a box over the middle of the screen.
enum ModalView {
    static func draw(_ state: AppState, _ painter: inout Painter) {
        switch state.modal {
        case .none: return
        case .form(let form): drawForm(form, state, &painter)
        case .tags(let picker): drawTags(picker, state, &painter)
        case .assign(let picker): drawAssign(picker, state, &painter)
        }
    }

    static func frame(_ painter: Painter, height wanted: Int) -> (top: Int, left: Int, width: Int, height: Int) {
        let width = min(painter.columns - 2, 76)
        let height = min(painter.rows - 2, wanted)
        return (max(0, (painter.rows - height) / 2), (painter.columns - width) / 2, width, height)
    }

    static func drawForm(_ form: Form, _ state: AppState, _ painter: inout Painter) {
        let visible = form.visibleIndices
        let width = min(painter.columns - 2, 76)
        let labelWidth = max(8, (form.fields.map { DisplayWidth.of($0.label) }.max() ?? 0) + 1)
        let inputOffset = 2 + labelWidth + 3
        let room = max(4, width - 2 - inputOffset)
        // Choices wrap onto as many rows as they need in a narrow window.
        let rowsPerField = visible.map { index -> [[(Int, Form.Option)]] in
            guard case .choice(let options, _) = form.fields[index].input else { return [[]] }
            var lines: [[(Int, Form.Option)]] = [[]], used = 0
            for (i, option) in options.enumerated() {
                let needed = DisplayWidth.of(choiceText(option, selected: true))
                if used + needed > room && !lines[lines.count - 1].isEmpty { lines.append([]); used = 0 }
                lines[lines.count - 1].append((i, option))
                used += needed
            }
            return lines
        }
        let box = frame(painter, height: rowsPerField.reduce(0) { $0 + $1.count } + 5)
        painter.box(top: box.top, left: box.left, height: box.height, width: box.width, title: form.title)
        var row = box.top + 1
        for (position, index) in visible.enumerated() where row < box.top + box.height - 3 {
            let field = form.fields[index]
            let focused = index == form.focus
            let x = box.left + 2
            let inputX = box.left + inputOffset
            painter.text((focused ? "> " : "  ") + field.label, row: row, column: x, width: labelWidth + 2, style: focused ? .bold : .normal)
            switch field.input {
            case .choice(_, let selected):
                for line in rowsPerField[position] where row < box.top + box.height - 3 {
                    var cx = inputX
                    for (i, option) in line {
                        let style: Style = i == selected ? (focused ? .selected : .bold) : .normal
                        cx += painter.text(choiceText(option, selected: i == selected), row: row, column: cx, width: inputX + room - cx, style: style)
                    }
                    row += 1
                }
                continue
            case .text(let editor, let placeholder):
                painter.fill(row: row, column: inputX, width: room, style: .input)
                if editor.text.isEmpty && !focused {
                    painter.text(placeholder, row: row, column: inputX, width: room, style: .dim)
                } else {
                    // Keep the cursor in view: show the tail of long text.
                    let text = painter.clean(editor.text)
                    let skip = max(0, editor.cursorColumn - room + 1)
                    let shown = skip > 0 ? String(text.dropFirst(skip)) : text
                    painter.text(shown, row: row, column: inputX, width: room, style: .input)
                    if focused { painter.buffer.cursor = (row, inputX + min(room - 1, editor.cursorColumn - skip)) }
                    if editor.text.isEmpty { painter.text(placeholder, row: row, column: inputX + 1, width: room - 1, style: .dim) }
                }
            }
            row += 1
        }
        if let error = form.error {
            painter.text(error, row: box.top + box.height - 3, column: box.left + 2, width: box.width - 4, style: .error)
        }
        painter.text("Enter next/save \(state.glyphs.dot) Tab/↑↓ move \(state.glyphs.dot) Esc cancel", row: box.top + box.height - 2,
                     column: box.left + 2, width: box.width - 4, style: .dim)
    }

    /// The selected option in brackets, so it shows without colour.
    static func choiceText(_ option: Form.Option, selected: Bool) -> String {
        selected ? "[\(option.key) \(option.label)]" : " \(option.key) \(option.label) "
    }

    static func drawTags(_ picker: TagPicker, _ state: AppState, _ painter: inout Painter) {
        let box = frame(painter, height: 16)
        painter.box(top: box.top, left: box.left, height: box.height, width: box.width, title: "Tag \(picker.customer)'s feedback")
        let x = box.left + 2, room = box.width - 4
        painter.text("Root cause: ", row: box.top + 1, column: x, width: 12, style: .bold)
        painter.fill(row: box.top + 1, column: x + 12, width: room - 12, style: .input)
        painter.text(picker.query.text, row: box.top + 1, column: x + 12, width: room - 12, style: .input)
        painter.buffer.cursor = (box.top + 1, x + 12 + min(room - 13, picker.query.cursorColumn))
        let items = picker.items
        let listRows = box.height - 5
        let selected = max(0, min(picker.selected, items.count - 1))
        let first = max(0, selected - listRows + 1)
        for (offset, item) in items.dropFirst(first).prefix(listRows).enumerated() {
            let y = box.top + 2 + offset
            let isSelected = first + offset == selected
            let text: String
            switch item {
            case .existing(let cause):
                let tagged = picker.alreadyTagged.contains { $0.lowercased() == cause.name.lowercased() }
                text = (isSelected ? "> " : "  ") + cause.name + (cause.kind.map { "  (kind \($0.rawValue))" } ?? "") + (tagged ? "  \(state.glyphs.check) tagged" : "")
            case .create(let name):
                text = (isSelected ? "> " : "  ") + "+ create \"\(name)\""
            }
            painter.text(text, row: y, column: x, width: room, style: isSelected ? .selected : .normal, pad: true)
        }
        if items.isEmpty { painter.text("Type a root cause to create it.", row: box.top + 2, column: x, width: room, style: .dim) }
        painter.text("Type to narrow \(state.glyphs.dot) ↑↓ choose \(state.glyphs.dot) Enter tag \(state.glyphs.dot) Esc cancel",
                     row: box.top + box.height - 2, column: x, width: room, style: .dim)
    }

    static func drawAssign(_ picker: AssignPicker, _ state: AppState, _ painter: inout Painter) {
        let box = frame(painter, height: min(16, picker.accounts.count + 4))
        painter.box(top: box.top, left: box.left, height: box.height, width: box.width, title: "Assign the call to")
        let rows = box.height - 3
        let first = max(0, picker.selected - rows + 1)
        for (offset, account) in picker.accounts.dropFirst(first).prefix(rows).enumerated() {
            let isSelected = first + offset == picker.selected
            painter.text((isSelected ? "> " : "  ") + account, row: box.top + 1 + offset, column: box.left + 2, width: box.width - 4,
                         style: isSelected ? .selected : .normal, pad: true)
        }
        if picker.accounts.isEmpty {
            painter.text("No accounts with a role yet: gapdesk user add NAME --role manager", row: box.top + 1, column: box.left + 2, width: box.width - 4, style: .dim)
        }
        painter.text("↑↓ choose \(state.glyphs.dot) Enter assign \(state.glyphs.dot) Esc cancel", row: box.top + box.height - 2,
                     column: box.left + 2, width: box.width - 4, style: .dim)
    }
}

import GapdeskDomain

/// Forms and pickers, drawn in a box over the middle of the screen; the keys
/// they hint at come from the binding table.
enum ModalView {
    static func draw(_ state: AppState, _ painter: inout Painter) {
        switch state.modal {
        case .none: return
        case .form(let form): drawForm(form, state, &painter)
        case .tags(let picker): drawTags(picker, state, &painter)
        case .accounts(let picker): drawAccounts(picker, state, &painter)
        }
    }

    static func frame(_ painter: Painter, height wanted: Int) -> (top: Int, left: Int, width: Int, height: Int) {
        let width = min(painter.columns - 2, 76)
        let height = min(painter.rows - 2, wanted)
        return (max(0, (painter.rows - height) / 2), (painter.columns - width) / 2, width, height)
    }

    /// "Enter save · Tab next · Esc back", from the bindings.
    static func hint(_ state: AppState, _ parts: [(Command, String)]) -> String {
        parts.map { "\(state.bindings.keyName($0.0, typing: state.isTyping)) \($0.1)" }.joined(separator: " \(state.glyphs.dot) ")
    }

    static func drawForm(_ form: Form, _ state: AppState, _ painter: inout Painter) {
        let visible = form.visibleIndices
        let width = min(painter.columns - 2, 76)
        let labelWidth = max(8, (form.fields.map { DisplayWidth.of($0.label) }.max() ?? 0) + 1)
        let inputOffset = 2 + labelWidth + 3
        let room = max(4, width - 2 - inputOffset)
        // Choices wrap onto as many rows as they need in a narrow window.
        let rowsPerField = visible.map { index -> [[(Int, Form.Option)]] in
            guard case .choice(let options, let selected) = form.fields[index].input else { return [[]] }
            // A choice without letters (an account) shows only what is chosen, between arrows.
            if options.allSatisfy({ $0.key == nil }) { return [[(selected, options[selected])]] }
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
            case .choice(let options, let selected):
                if options.allSatisfy({ $0.key == nil }) {
                    painter.text("← \(options[selected].label) →", row: row, column: inputX, width: room, style: focused ? .selected : .bold)
                    row += 1
                    continue
                }
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
        painter.text(hint(state, [(.submit, "save"), (.nextField, "next field"), (.back, "cancel")]), row: box.top + box.height - 2,
                     column: box.left + 2, width: box.width - 4, style: .dim)
    }

    /// The selected option in brackets, so it shows without colour.
    static func choiceText(_ option: Form.Option, selected: Bool) -> String {
        let key = option.key.map { "\($0) " } ?? ""
        return selected ? "[\(key)\(option.label)]" : " \(key)\(option.label) "
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
            let isSelected = first + offset == selected
            let text: String
            switch item {
            case .existing(let cause):
                let tagged = picker.alreadyTagged.contains { $0.lowercased() == cause.name.lowercased() }
                text = (isSelected ? "> " : "  ") + cause.name + (cause.kind.map { "  (\($0.label))" } ?? "")
                    + (picker.isSuggested(cause) ? "  suggested" : "")
                    + (tagged ? "  \(Mark.done.symbol(state.glyphs)) tagged" : "")
            case .create(let name):
                text = (isSelected ? "> " : "  ") + "+ create \"\(name)\""
            }
            painter.text(text, row: box.top + 2 + offset, column: x, width: room, style: isSelected ? .selected : .normal, pad: true)
        }
        if items.isEmpty { painter.text("Type a root cause to create it.", row: box.top + 2, column: x, width: room, style: .dim) }
        painter.text("Type to narrow \(state.glyphs.dot) " + hint(state, [(.nextField, "next"), (.submit, "tag"), (.back, "cancel")]),
                     row: box.top + box.height - 2, column: x, width: room, style: .dim)
    }

    static func drawAccounts(_ picker: AccountPicker, _ state: AppState, _ painter: inout Painter) {
        let box = frame(painter, height: min(16, picker.accounts.count + 4))
        painter.box(top: box.top, left: box.left, height: box.height, width: box.width, title: picker.title)
        let rows = box.height - 3
        let first = max(0, picker.selected - rows + 1)
        for (offset, account) in picker.accounts.dropFirst(first).prefix(rows).enumerated() {
            let isSelected = first + offset == picker.selected
            painter.text((isSelected ? "> " : "  ") + account, row: box.top + 1 + offset, column: box.left + 2, width: box.width - 4,
                         style: isSelected ? .selected : .normal, pad: true)
        }
        if picker.accounts.isEmpty {
            painter.text("No accounts with a role yet: gapdesk user add NAME --role manager", row: box.top + 1, column: box.left + 2,
                         width: box.width - 4, style: .dim)
        }
        painter.text(hint(state, [(.nextField, "next"), (.submit, "choose"), (.back, "cancel")]), row: box.top + box.height - 2,
                     column: box.left + 2, width: box.width - 4, style: .dim)
    }
}

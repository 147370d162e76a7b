import Foundation
import GapdeskDomain
@testable import GapdeskStore
import Testing
@testable import GapdeskUI

@Suite struct InputAndTextTests {
    @Test func sanitisingMakesEscapesVisibleAndHarmless() {
        let hostile = "A\u{1B}]2;pwned\u{07}B\u{1B}[2J\rC\u{08}D\u{7F}E\u{9B}F\u{202E}G\u{200B}H\tI\nJ"
        let safe = SafeText.sanitize(hostile)
        #expect(safe == "A^[]2;pwned^GB^[[2J C^HD^?E<U+009B>F<U+202E>G<U+200B>H I J")
        #expect(!safe.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        #expect(SafeText.sanitize("line\nnext", keepNewlines: true) == "line\nnext")
        #expect(SafeText.asciiOnly("café 你好 “quoted” – ×") == "cafe ?? \"quoted\" - x", "one column for one")
    }

    @Test func widthCountsWideCharactersTwiceAndCombiningMarksNever() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("你好") == 4)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("🚗") == 2)
        #expect(DisplayWidth.of("☎️") == 2)
        #expect(DisplayWidth.truncate("你好世界", to: 5) == "你好…")
        #expect(DisplayWidth.fit("你好", to: 5) == "你好 ")
        #expect(DisplayWidth.fit("abc", to: 5, alignRight: true) == "  abc")
        #expect(DisplayWidth.truncate("abcdef", to: 1) == "…")
        #expect(DisplayWidth.truncate("abc", to: 0) == "")
    }

    @Test func wideNamesKeepColumnsAligned() throws {
        let h = try Harness(demo: nil, setup: { store in
            for (index, name) in ["王小明先生", "Ann", "🚗 Car Fan", "Zoë Ångström"].enumerated() {
                _ = try store.addResponse(NewResponse(customer: name, phone: "0100 00\(index)", site: "Main", scale: .csat5, rating: 2,
                                                      comment: "comment \(index)", receivedAt: Harness.now.addingTimeInterval(Double(-index) * 3600)),
                                          by: "manager1", at: Harness.now)
            }
        })
        h.press("r")
        let screen = h.screen
        var phoneColumns: Set<Int> = []
        for row in 4..<8 {
            let column = (0..<screen.columns).first { column in
                (0..<4).map { screen.cell(row, column + $0).text }.joined() == "0100"
            }
            phoneColumns.insert(try #require(column, "row \(row): \(screen.text(row: row))"))
        }
        #expect(phoneColumns.count == 1, "phones start in one column: \(phoneColumns)")
    }

    @Test func hostileTextNeverReachesTheScreenRaw() throws {
        let h = try Harness(demo: nil, setup: { store in
            _ = try store.addResponse(NewResponse(customer: "Eve\u{1B}]2;owned\u{07}", phone: "0100", site: "Main\u{202E}x",
                                                  scale: .csat5, rating: 1, comment: "\u{1B}[2J\u{1B}]52;c;ZXZpbA==\u{07}bad\r\u{08}",
                                                  receivedAt: Harness.now, tags: ["tag\u{1B}[31m"]), by: "manager1", at: Harness.now)
        })
        for keys in [["1"], ["2"], ["3"], ["2", "Enter"]] {
            h.press("Esc")
            h.press("1")
            for key in keys { h.press(key) }
            let screen = h.screen
            for cell in screen.cells {
                #expect(!cell.text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value) || $0.value == 0x202E })
            }
        }
        #expect(h.text.contains("^[]2;owned^G") || h.text.contains("Eve^["))
    }

    @Test func noColourStillShowsEveryState() {
        for style in Style.allCases {
            _ = Theme.look(style, theme: .default, colour: false)
        }
        #expect(Theme.look(.selected, theme: .default, colour: false).reverse)
        #expect(Theme.look(.overdue, theme: .default, colour: false).bold)
        #expect(Theme.look(.overdue, theme: .default, colour: false).foreground == nil)
        #expect(Theme.look(.done, theme: .monochrome, colour: true).dim)
        #expect(Theme.look(.overdue, theme: .colourBlind, colour: true).foreground != .red)
        let ascii = Mark.allCases.map { $0.symbol(.ascii) }
        #expect(Set(ascii).count == ascii.count, "each mark has an ASCII form of its own: \(ascii)")
        #expect(Mark.overdue.symbol(.ascii) == "!" && Mark.dueToday.symbol(.ascii) == "*")
    }

    @Test func asciiGlyphsWhenTheLocaleIsNotUTF8() throws {
        let h = try Harness(rows: 48, columns: 160, glyphs: .ascii)
        let nonASCII = h.screen.cells.filter { !$0.text.unicodeScalars.allSatisfy(\.isASCII) }.map(\.text)
        #expect(nonASCII.isEmpty, "\(nonASCII)")
        #expect(TerminalLocale.isUTF8(environment: ["LANG": "en_GB.UTF-8"]))
        #expect(!TerminalLocale.isUTF8(environment: ["LANG": "C"]))
        #expect(!TerminalLocale.isUTF8(environment: ["LC_ALL": "C", "LANG": "en_GB.UTF-8"]))
        #expect(!TerminalLocale.isUTF8(environment: [:]))
    }

    @Test func lineEditorDoesTheUsualKeys() {
        var editor = LineEditor("hello world")
        _ = editor.handle(.control("w"))
        #expect(editor.text == "hello ")
        _ = editor.handle(.home)
        _ = editor.handle(.character("X"))
        #expect(editor.text == "Xhello " && editor.cursor == 1)
        _ = editor.handle(.control("k"))
        #expect(editor.text == "X")
        _ = editor.handle(.backspace)
        _ = editor.handle(.backspace)
        #expect(editor.text == "")
        _ = editor.handle(.character("\u{1B}"))
        #expect(editor.text == "", "control characters never enter the text")
        var short = LineEditor("", maxLength: 3)
        for c in "abcdef" { _ = short.handle(.character(c)) }
        #expect(short.text == "abc")
    }

    @Test func filterTextSplitsIntoFields() {
        let filter = FilterParser.parse("late site:york tag:\"car not ready\" staff:Sam again")
        #expect(filter.text == "late again")
        #expect(filter.site == "york" && filter.tag == "car not ready" && filter.staff == "Sam")
        #expect(FilterParser.parse("   ").isEmpty)
        #expect(FilterParser.parse("100% a_b 'x'").text == "100% a_b 'x'")
        #expect(FilterParser.parse("\"unbalanced quote").text == "unbalanced quote")
        #expect(FilterParser.parse("site:").text == nil && FilterParser.parse("site:").site == nil)
        #expect(FilterParser.describe(filter) == "late again site:york staff:Sam tag:\"car not ready\"")
    }

    @Test func retryTimesReadAsPeopleTypeThem() {
        let clock = Clock(now: Clock.parseInstant("2026-03-02T09:00:00Z")!, timeZone: TimeZone(identifier: "UTC")!)
        #expect(TimeInput.parse("+2h", clock: clock) == Clock.parseInstant("2026-03-02T11:00:00Z"))
        #expect(TimeInput.parse("in 30m", clock: clock) == Clock.parseInstant("2026-03-02T09:30:00Z"))
        #expect(TimeInput.parse("14:30", clock: clock) == Clock.parseInstant("2026-03-02T14:30:00Z"))
        #expect(TimeInput.parse("08:00", clock: clock) == Clock.parseInstant("2026-03-03T08:00:00Z"), "past today means tomorrow")
        #expect(TimeInput.parse("tomorrow", clock: clock) == Clock.parseInstant("2026-03-03T09:00:00Z"))
        #expect(TimeInput.parse("tomorrow 13:15", clock: clock) == Clock.parseInstant("2026-03-03T13:15:00Z"))
        for bad in ["", "soon", "+h", "+-2h", "25:00", "+99999d"] { #expect(TimeInput.parse(bad, clock: clock) == nil, "\(bad)") }
    }

    /// Phones as `tel:` links (OSC 8) where the viewer asks for them: the
    /// phone's cells, and what the terminal is sent to make them clickable.
    @Test func phonesAreLinksOnlyWhenAskedFor() throws {
        let (on, none) = Preferences.parse("[display]\nhyperlinks = true\n")
        #expect(on.hyperlinks && none.isEmpty && !Preferences().hyperlinks)
        #expect(Preferences.parse("[display]\nhyperlinks = \"yes\"\n").1.first?.contains("true or false") == true)
        #expect(Hyperlink.telephone("07700 900123") == "tel:07700900123" && Hyperlink.telephone(" +44 20 7946-0000") == "tel:+442079460000")
        #expect(Hyperlink.telephone(nil) == nil && Hyperlink.telephone("n/a") == nil)

        let plain = try Harness(rows: 24, columns: 80)
        #expect(plain.screen.links.isEmpty, "off unless asked for")
        let h = try Harness(rows: 24, columns: 80, hyperlinks: true)
        let call = try #require(h.state.selectedRow?.as(QueueRow.self))
        let screen = h.screen
        let link = try #require(screen.links.first { $0.target == Hyperlink.telephone(call.phone) })
        let cells = (link.column..<link.column + link.width).map { screen.cell(link.row, $0).text }.joined()
        #expect(cells == call.phone, "the link covers the phone as drawn")
        let sent = Hyperlink.sequence(for: screen) { _ in "\u{1B}[0m" }
        #expect(sent.hasPrefix("\u{1B}7") && sent.hasSuffix("\u{1B}[0m\u{1B}8"))
        #expect(sent.contains("\u{1B}]8;;\(link.target)\u{1B}\\\(cells)\u{1B}]8;;\u{1B}\\"))
        var hostile = ScreenBuffer(rows: 1, columns: 10)
        hostile.links = [Hyperlink(row: 0, column: 0, width: 3, target: "tel:1\u{1B}]2;x")]
        #expect(!Hyperlink.sequence(for: hostile) { _ in "" }.contains("]2;x"), "a target with control characters is not sent")
    }

    /// A response's detail links its customer's phone (`tel:`) and email
    /// (`mailto:`), each over its own cells, at any width.
    @Test func theDetailLinksThePhoneAndTheEmail() throws {
        #expect(Hyperlink.mail("ann.lee@example.com") == "mailto:ann.lee@example.com")
        #expect(Hyperlink.mail("a b@example.com") == "mailto:a%20b@example.com" && Hyperlink.mail("not an address") == nil && Hyperlink.mail(nil) == nil)
        for (rows, columns) in [(24, 80), (40, 120), (48, 160)] {
            let h = try Harness(rows: rows, columns: columns, hyperlinks: true)
            h.focus(.lowRated)
            let store = h.store
            let row = try #require(h.select(LowRatedRow.self) { row in
                row.phone != nil && !row.anonymous && (try? store.responseDetail(id: row.responseId))??.customer.email != nil
            })
            let detail = try #require(try h.store.responseDetail(id: row.responseId))
            h.press("Enter")
            let screen = h.screen
            for (target, text) in [(Hyperlink.telephone(detail.customer.phone), detail.customer.phone), (Hyperlink.mail(detail.customer.email), detail.customer.email)] {
                let link = try #require(screen.links.first { $0.target == target }, "\(columns) columns: \(String(describing: target)) in \(screen.links)")
                let cells = (link.column..<link.column + link.width).map { screen.cell(link.row, $0).text }.joined()
                #expect(cells == text, "the link covers what is drawn")
            }
        }
    }

    @Test func preferencesNameTheBadLineAndKeepDefaults() {
        let (good, noProblems) = Preferences.parse("""
            # mine
            theme = "light"
            refresh_ms = 500
            [keys]
            record_call = "C"
            quit = ["q", "Ctrl-q"]
            """)
        #expect(noProblems.isEmpty)
        #expect(good.theme == .light && good.refreshMilliseconds == 500)
        #expect(good.bindings.command(for: .character("C"), in: .pane(.callbacks)) == .recordCall)
        #expect(good.bindings.command(for: .character("c"), in: .pane(.callbacks)) == nil)

        let (bad, problems) = Preferences.parse("theme = \"purple\"\nrefresh_ms = fast\nwhat\n[colours]\n")
        #expect(bad.theme == .default && bad.refreshMilliseconds == 250)
        #expect(problems.count == 4)
        #expect(problems[0].contains("line 1") && problems[1].contains("line 2") && problems[2].contains("line 3"))
    }

    @Test func remapsThatClashAreRefused() {
        let (preferences, problems) = Preferences.parse("[keys]\nrecord_call = \"t\"\n")
        #expect(problems.count == 1 && problems[0].contains("would do both"))
        #expect(preferences.bindings.command(for: .character("c"), in: .pane(.callbacks)) == .recordCall, "standard keys kept")
        #expect(throws: KeyBindings.RemapError.unknownCommand("fly")) { try KeyBindings.standard.remapped([("fly", ["x"])]) }
        #expect(throws: KeyBindings.RemapError.self) { try KeyBindings.standard.remapped([("quit", ["two words"])]) }
    }

    @Test func theStandardBindingsHaveNoClash() throws {
        _ = try KeyBindings.standard.remapped([])
        #expect(KeyBindings.standard.command(for: .character("q"), in: .pane(.gaps)) == .quit)
        #expect(KeyBindings.standard.command(for: .character("q"), in: .responseDetail) == .back)
    }

    @Test func formLettersPickAndMoveOn() {
        let utc = TimeZone(identifier: "UTC")!
        var form = CallForm.make(callbackId: 1, customer: "Ann", phone: nil, zone: utc)
        #expect(form.visibleIndices.count == 2)
        _ = form.handle(.character("g"), command: nil)
        #expect(form.value("outcome") == "guarantee")
        #expect(form.visibleIndices.count == 3, "the amount field appears")
        #expect(form.fields[form.focus].id == "amount")
        _ = form.handle(.backTab, command: .previousField)
        _ = form.handle(.character("n"), command: nil)
        #expect(form.fields[form.focus].id == "retry")
        #expect(form.handle(.escape, command: .back) == .cancel)
        var thanks = CallForm.make(callbackId: 1, customer: "Ann", phone: nil, zone: utc)
        #expect(thanks.handle(.character("t"), command: nil) == .submit, "a thank-you needs nothing more")
    }

    @Test func listCursorScrollsAndAsksForTheNextWindow() {
        var list = ListState<Int>()
        list.receive(rows: Array(0..<10), total: 100, atLeast: false, id: { Int64($0) })
        let withinWindow = list.move(by: 5, visible: 10)
        #expect(!withinWindow)
        let outsideWindow = list.move(by: 5, visible: 10)
        #expect(outsideWindow, "row 10 is outside the loaded window")
        #expect(list.top == 1 && list.selected == 10)
        _ = list.select(1_000, visible: 10)
        #expect(list.selected == 99 && list.top == 90)
        _ = list.select(-5, visible: 10)
        #expect(list.selected == 0 && list.top == 0)
    }

    @Test func reportFormatsShareTheColumns() {
        let context = PresentationContext(clock: Clock(now: Harness.now, timeZone: TimeZone(identifier: "UTC")!))
        let row = QueueRow(callbackId: 7, responseId: 9, customer: "Ann, \"the\" boss", phone: nil, site: "Main",
                           siteZone: TimeZone(identifier: "Europe/London")!, scale: .csat5,
                           rating: 2, comment: "line1\nline2 \u{1B}[31m", receivedAt: Harness.now,
                           dueAt: Harness.now.addingTimeInterval(-3600), attempts: 1, assignee: nil)
        let csv = ReportFormat.csv.render([row], layout: ListLayouts.queue, context: context)
        #expect(csv.hasPrefix("callback_id,response_id,due,customer,phone,rating,site,attempts,assignee,comment,scale,site_time_zone\r\n"))
        #expect(csv.contains(",csat5,Europe/London\r\n"), "times in scripts say whose zone they are in")
        #expect(csv.contains("\"Ann, \"\"the\"\" boss\""))
        let json = ReportFormat.json.render([row], layout: ListLayouts.queue, context: context)
        #expect(json.contains("\"callback_id\": 7") && json.contains("\"phone\": null") && json.contains("\\u001b[31m"))
        let table = ReportFormat.table.render([row], layout: ListLayouts.queue, context: context)
        #expect(table.contains("! overdue 1h00") && table.contains("NO PHONE") && !table.contains("\u{1B}"))
    }
}

/// Without a UTF-8 locale every glyph still means one thing: a level of the
/// weekly bars is never an arrow, a mark or a border.
@Suite struct AsciiGlyphTests {
    @Test func barsArrowsMarksAndBordersShareNoCharacter() {
        let ascii = Glyphs.ascii
        let arrows = [ascii.up, ascii.down, ascii.flat]
        let marks = Mark.allCases.map { $0.symbol(ascii) }
        let borders = [ascii.horizontal, ascii.vertical] + ascii.corners
        #expect(Set(arrows).count == 3)
        for level in Set(ascii.sparks) {
            #expect(!arrows.contains(level) && !marks.contains(level) && !borders.contains(level), "\"\(level)\" is a bar and something else")
        }
        #expect(Set(arrows).isDisjoint(with: marks), "an arrow is also a mark")
    }
}

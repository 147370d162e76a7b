import Foundation
import GapdeskDomain
import GapdeskStore
import Testing
@testable import GapdeskUI

/// Every key named on a screen comes from the binding table: with every
/// command remapped in config.toml, no screen, hint or message names a
/// standard key.
@Suite struct RemapTests {
    /// Each command on a Greek letter, keys no screen would show by chance;
    /// those that forms obey while text is typed on control keys.
    static let remapped: KeyBindings = {
        let letters = Array("αβγδεζηθικλμνξοπρστυφχψωΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ")
        let typing: [Command: String] = [.back: "Ctrl-o", .submit: "Ctrl-t", .nextField: "Ctrl-y", .previousField: "Ctrl-r"]
        let config = "[keys]\n" + Command.allCases.enumerated().map { index, command in
            "\(command.name) = \"\(typing[command] ?? String(letters[index]))\""
        }.joined(separator: "\n")
        let (preferences, problems) = Preferences.parse(config)
        #expect(problems.isEmpty, "\(problems)")
        return preferences.bindings
    }()

    /// Every screen a user can reach, with each hint and message they can cause.
    func everyScreen() throws -> [String] {
        var screens: [String] = []
        let h = try Harness(bindings: Self.remapped)
        func look() { screens.append(h.text + "\n" + h.status) }
        for pane in Pane.allCases {
            h.focus(pane)
            look()
            h.press(.help); look(); h.press(.bottom); look(); h.press(.back)
            h.press(.filter); look()
            h.type("zzz-nothing-matches"); h.press(.submit); look()
            h.press(.filter); h.press("Ctrl-u"); h.press(.submit)
            h.press(.open); look(); h.press(.back)
        }
        h.focus(.callbacks)
        h.press(.recordCall); look(); h.press("n"); look(); h.press(.back)
        h.press(.assign); look(); h.press(.back)
        h.press(.tag); look(); h.press(.back)
        h.focus(.lowRated)
        h.select(LowRatedRow.self) { $0.suggestions.isEmpty }
        h.press(.acceptSuggestion); look()
        h.focus(.gaps)
        h.select(GapRow.self) { $0.fixStatus == nil }
        h.press(.open); look(); h.press(.back)
        h.press(.why); look(); h.press(.back)
        h.press(.pressure); look(); h.press(.back)
        h.press(.moveFix); look(); h.press(.back)
        h.press(.setOwner); look(); h.press(.back)
        h.press(.undo); look()
        h.resize(rows: 8, columns: 30); look()

        let empty = try Harness(demo: nil, bindings: Self.remapped)
        screens.append(empty.text)
        let readOnly = try Harness(readOnly: true, bindings: Self.remapped)
        readOnly.press(.recordCall)
        screens.append(readOnly.text + "\n" + readOnly.status)
        return screens
    }

    /// On a terminal too small to draw, the quit key it names is the remapped one, and it quits; Ctrl-C always does.
    @Test func aRemappedQuitKeyQuitsATooSmallTerminal() throws {
        let h = try Harness(bindings: Self.remapped)
        h.resize(rows: 9, columns: 39)
        let quit = try #require(Self.remapped.binding(.quit)?.keys.first)
        #expect(h.text.contains(quit.name), "\(h.text)")
        h.press("q")
        #expect(!h.state.quit, "q is not the quit key here")
        h.press(quit.name)
        #expect(h.state.quit, "the remapped quit key quits")
        let other = try Harness(bindings: Self.remapped)
        other.resize(rows: 9, columns: 39)
        other.press("Ctrl-c")
        #expect(other.state.quit)
    }

    @Test func noScreenNamesAStandardKeyAfterEveryKeyIsRemapped() throws {
        let screens = try everyScreen()
        let all = screens.joined(separator: "\n")
        let newNames = Set(Self.remapped.bindings.flatMap { $0.keys.map(\.name) })
        // "press X" and "Press X" name a key: it must be one of the new ones.
        for screen in screens {
            for match in screen.matches(of: /[Pp]ress (\S+)/) {
                let named = String(match.1).trimmingCharacters(in: .punctuationCharacters)
                #expect(newNames.contains(named), "\"\(match.0)\" names a key that is not bound:\n\(screen)")
            }
        }
        // Hints pair a key with a word ("c call", "Esc cancel"): none pairs a standard key with its word.
        for binding in KeyBindings.standard.bindings {
            let remapped = try #require(Self.remapped.binding(binding.command))
            for word in [binding.footer].compactMap({ $0 }) {
                for key in binding.keys.map(\.name) {
                    #expect(!all.contains("\(key) \(word)  "), "\"\(key) \(word)\" is stale")
                }
                #expect(all.contains("\(remapped.keys[0].name) \(word)"), "the footer names \(binding.command.name) by its new key")
            }
        }
        #expect(throws: KeyBindings.RemapError.typesText(command: "back")) { try KeyBindings.standard.remapped([("back", ["x"])]) }
        for stale in ["Esc cancel", "Enter save", "Tab next", "Enter tag", "Enter choose", "j/k scroll", "Enter save", "Tab next field",
                      "q to quit", "? for the keys"] {
            #expect(!all.contains(stale), "\"\(stale)\" is stale")
        }
    }
}

import Foundation
import GapdeskDomain
import GapdeskStore
import Testing
@testable import GapdeskUI

/// The results overlay: bars drawn in cells with interval whiskers and n,
/// at 80x24 and 160x48, with and without Unicode.
@Suite struct ResultsScreenTests {
    @Test func eachGroupIsABarWithWhiskersAndItsN() throws {
        for size in [(rows: 24, columns: 80), (rows: 48, columns: 160)] {
            let h = try Harness(rows: size.rows, columns: size.columns, demo: 3_000)
            h.press(.results)
            let report = try h.store.results(now: Harness.now)
            let screen = h.screen.lines
            #expect(screen[2].contains("Results: does calling back pay?"))
            for group in [ResultGroup.thanked, .recovered, .notCalled, .neverCritical] {
                let counts = report.counts.group(group)
                let line = try #require(screen.first { $0.hasPrefix("   " + group.label + " ") }, "\(size): \(group.label)")
                #expect(line.contains(" \(counts.trials) "), "its n: \(line)")
                #expect(line.contains("█") && line.contains("├") && line.contains("┤"), "a bar with whiskers: \(line)")
                let rate = Int(((counts.rate ?? 0) * 100).rounded())
                #expect(line.contains("\(rate)% ("), "its rate: \(line)")
                #expect(DisplayWidth.of(line) <= size.columns)
            }
            // The bar ends at the rate: its filled cells are the rate's share of the track.
            let thanked = report.counts.group(.thanked)
            let line = try #require(screen.first { $0.hasPrefix("   thanked ") })
            let cells = ResultsOverlay.barWidth(size.columns - 2)
            let filled = line.filter { $0 == "█" || $0 == "├" }.count
            #expect(abs(filled - Int((thanked.rate! * Double(cells)).rounded(.down)) - 1) <= 1, "\(line)")
            let wholeStory = h.words.contains("recovered customers") && h.words.contains("within 4 business hours") && h.words.contains("Value kept")
            #expect(wholeStory || size.columns < 160, "at 160x48 the whole story is on one screen")
        }
    }

    @Test func tooFewResponsesAreSaidNotDrawn() throws {
        let h = try Harness(demo: 600)
        h.press(.results)
        let report = try h.store.results(now: Harness.now)
        let few = try #require(ResultGroup.allCases.first { !report.counts.group($0).isEnough && report.counts.group($0).trials > 0 })
        let line = try #require(h.screen.lines.first { $0.hasPrefix("   " + few.label + " ") })
        #expect(line.contains("too few to say") && !line.contains("█"), "\(line)")
    }

    @Test func withoutUnicodeTheBarsAreASCII() throws {
        let h = try Harness(rows: 48, columns: 160, demo: 3_000, glyphs: .ascii)
        h.press(.results)
        #expect(h.screen.cells.allSatisfy { $0.text.unicodeScalars.allSatisfy(\.isASCII) })
        let line = try #require(h.screen.lines.first { $0.hasPrefix("   thanked ") })
        #expect(line.contains("#") && line.contains("|") && !line.contains("?"), "\(line)")
        #expect(h.text.contains("median value of GBP"), "the team's £ as its code, not a question mark")
    }
}

import Foundation
import Testing
@testable import GapdeskUI

/// The one sanitiser, over every character it must show as its code.
@Suite struct SanitiserTests {
    /// Unicode's format characters (general category Cf), as its character database lists them (15.1).
    static let formatCharacters: [ClosedRange<UInt32>] = [
        0x00AD...0x00AD, 0x0600...0x0605, 0x061C...0x061C, 0x06DD...0x06DD, 0x070F...0x070F, 0x0890...0x0891, 0x08E2...0x08E2,
        0x180E...0x180E, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x206F, 0xFEFF...0xFEFF, 0xFFF9...0xFFFB,
        0x110BD...0x110BD, 0x110CD...0x110CD, 0x13430...0x1343F, 0x1BCA0...0x1BCA3, 0x1D173...0x1D17A, 0xE0001...0xE0001,
        0xE0020...0xE007F,
    ]
    /// Letters that draw as blank space.
    static let hangulFillers: [UInt32] = [0x115F, 0x1160, 0x3164, 0xFFA0]
    /// C1 controls, and the line and paragraph separators.
    static let otherHidden: [UInt32] = Array(0x80...0x9F) + [0x2028, 0x2029]

    static func code(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
    }

    @Test func everyFormatCharacterHangulFillerAndC1ControlShowsAsItsCode() {
        let values = Self.formatCharacters.flatMap { Array($0) } + Self.hangulFillers + Self.otherHidden
        #expect(values.count == 170 + 4 + 34)
        for value in values {
            let scalar = Unicode.Scalar(value)!
            var text = "a"
            text.unicodeScalars.append(scalar)
            text += "b"
            #expect(SafeText.sanitize(text) == "a\(Self.code(value))b", "\(Self.code(value))")
            #expect(SafeText.sanitize(text, keepNewlines: true) == "a\(Self.code(value))b")
        }
    }

    @Test func theTableHoldsEveryFormatCharacterThisSwiftKnows() {
        let listed = Set(Self.formatCharacters.flatMap { Array($0) })
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value), scalar.properties.generalCategory == .format else { continue }
            #expect(listed.contains(value), "\(Self.code(value)) is a format character the table lacks")
        }
    }

    @Test func c0ControlsAndDeleteUseCaretNotationAndLineBreaksBecomeSpaces() {
        for value in UInt32(0)...0x1F where ![0x09, 0x0A, 0x0D].contains(value) {
            var text = "a"
            text.unicodeScalars.append(Unicode.Scalar(value)!)
            #expect(SafeText.sanitize(text) == "a^" + String(UnicodeScalar(UInt8(value + 0x40))), "\(value)")
        }
        #expect(SafeText.sanitize("a\u{7F}") == "a^?")
        #expect(SafeText.sanitize("a\tb\r\nc") == "a b c")
        #expect(SafeText.sanitize("a\r\nb\rc", keepNewlines: true) == "a\nb\nc")
        #expect(SafeText.sanitize("plain text, 你好, é") == "plain text, 你好, é", "ordinary text passes as it is")
        #expect(SafeText.sanitize("👨\u{200D}👩") == "👨<U+200D>👩", "a joiner is a format character too")
    }

    @Test func jsonKeepsHiddenCharactersExactThroughItsOwnEscapes() throws {
        let text = "x\u{1B}]2;t\u{07}\u{202E}\u{2060}\u{E0041}\u{3164}\u{85}y"
        let literal = ReportFormat.jsonString(text)
        #expect(literal == "\"x\\u001b]2;t\\u0007\\u202e\\u2060\\udb40\\udc41\\u3164\\u0085y\"")
        let decoded = try JSONSerialization.jsonObject(with: Data(("[" + literal + "]").utf8)) as? [String]
        #expect(decoded == [text])
    }

    @Test func spreadsheetCellsNeverStartAFormula() {
        for lead in ["=", "+", "-", "@", "\t", "\r"] {
            #expect(SafeText.spreadsheetCell(lead + "1+1").hasPrefix("'"), "\(lead.debugDescription)")
        }
        #expect(SafeText.spreadsheetCell("Ann = happy") == "Ann = happy")
        #expect(SafeText.spreadsheetCell("=cmd\u{1B}") == "'=cmd^[")
    }
}

/// One line of text being typed: the cursor moves by characters, and the
/// usual readline keys work (Ctrl-a/e/u/k/w).
public struct LineEditor: Equatable, Sendable {
    public private(set) var characters: [Character]
    public private(set) var cursor: Int
    public var maxLength: Int

    public init(_ text: String = "", maxLength: Int = 500) {
        characters = Array(text.prefix(maxLength))
        cursor = characters.count
        self.maxLength = maxLength
    }

    public var text: String { String(characters) }

    /// Applies a key; returns false when the key is not an editing key.
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .character(let c):
            // Control characters never enter the text (a paste may carry them).
            guard characters.count < maxLength, !c.isNewline, c.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else { return true }
            characters.insert(c, at: cursor)
            cursor += 1
        case .backspace:
            if cursor > 0 { characters.remove(at: cursor - 1); cursor -= 1 }
        case .delete, .control("d"):
            if cursor < characters.count { characters.remove(at: cursor) }
        case .left, .control("b"): cursor = max(0, cursor - 1)
        case .right, .control("f"): cursor = min(characters.count, cursor + 1)
        case .home, .control("a"): cursor = 0
        case .end, .control("e"): cursor = characters.count
        case .control("u"): characters.removeFirst(cursor); cursor = 0
        case .control("k"): characters.removeLast(characters.count - cursor)
        case .control("w"):
            var start = cursor
            while start > 0 && characters[start - 1] == " " { start -= 1 }
            while start > 0 && characters[start - 1] != " " { start -= 1 }
            characters.removeSubrange(start..<cursor)
            cursor = start
        default:
            return false
        }
        return true
    }

    /// The columns before the cursor, to place the terminal cursor.
    public var cursorColumn: Int { DisplayWidth.of(String(characters[..<cursor])) }
}

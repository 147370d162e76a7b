/// What text from outside (an export, a command line) may hold before it is
/// stored. Control characters that a terminal acts on are kept and shown
/// escaped, except where they would change what the text means to a program:
/// NUL cuts text short in C interfaces, and a phone number is dialled and copied.
public enum TextRules {
    public static let maxName = 200, maxSite = 120, maxStaff = 120, maxEmail = 200, maxPhone = 40, maxCause = 80

    /// True when the text holds a NUL character anywhere.
    public static func hasNUL(_ text: String) -> Bool { text.utf8.contains(0) }

    /// Why this is not a phone number gapdesk can keep, or nil when it is fine.
    public static func phoneProblem(_ phone: String) -> String? {
        if let scalar = phone.unicodeScalars.first(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) {
            return "the phone number holds an invisible or control character (\(hex(scalar)))"
        }
        if phone.count > maxPhone { return "the phone number is longer than \(maxPhone) characters" }
        return nil
    }

    /// `U+001B`.
    public static func hex(_ scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

import Foundation

/// Money in the team's currency (`team.currency`): a symbol goes straight
/// before the figure, a code takes a space.
public enum Money {
    /// "£950", "£1.2k", "£34k", "EUR 1.2M": money at a glance, in the team's currency.
    public static func glance(_ amount: Double, _ currency: String) -> String {
        let figure: String
        if amount < 1_000 { figure = String(format: "%.0f", amount) }
        else if amount < 10_000 { figure = String(format: "%.1fk", amount / 1_000) }
        else if amount < 1_000_000 { figure = String(format: "%.0fk", amount / 1_000) }
        else { figure = String(format: "%.1fM", amount / 1_000_000) }
        return withCurrency(figure, currency)
    }

    /// "£1,860.00": money exactly, for details and why-this-rank.
    public static func exact(_ amount: Double, _ currency: String) -> String {
        withCurrency(amount.formatted(.number.precision(.fractionLength(2)).locale(Locale(identifier: "en_GB"))), currency)
    }

    /// A currency an ASCII terminal can show: its symbol as its code.
    public static func ascii(_ currency: String) -> String {
        let codes: [String: String] = ["£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB", "₺": "TRY", "₪": "ILS", "₫": "VND", "₱": "PHP"]
        if currency.unicodeScalars.allSatisfy(\.isASCII) { return currency }
        return codes[currency.trimmingCharacters(in: .whitespaces)] ?? String(currency.unicodeScalars.filter(\.isASCII))
    }

    /// An amount as people type money: "45.50", "£45.50", "1,250", "EUR 1,250.75", with the team's sign or code before
    /// or after it and commas between thousands. Nil for anything else (another currency, a stray comma, words).
    public static func parse(_ text: String, currency: String) -> Double? {
        var figure = text.trimmingCharacters(in: .whitespaces)
        let sign = currency.trimmingCharacters(in: .whitespaces)
        if !sign.isEmpty {
            if figure.hasPrefix(sign) { figure.removeFirst(sign.count) } else if figure.hasSuffix(sign) { figure.removeLast(sign.count) }
            figure = figure.trimmingCharacters(in: .whitespaces)
        }
        let whole = figure.split(separator: ".", omittingEmptySubsequences: false).first ?? ""
        let groups = whole.split(separator: ",", omittingEmptySubsequences: false)
        // Commas only between thousands: "1,250", never "12,34".
        guard groups.count == 1 || groups.dropFirst().allSatisfy({ $0.count == 3 }) && !groups[0].isEmpty && groups[0].count <= 3 else { return nil }
        return Double(figure.replacingOccurrences(of: ",", with: ""))
    }

    static func withCurrency(_ figure: String, _ currency: String) -> String {
        // A symbol goes straight before the number; a code takes a space.
        currency.isEmpty ? figure : currency.last?.isLetter == true ? currency + " " + figure : currency + figure
    }
}

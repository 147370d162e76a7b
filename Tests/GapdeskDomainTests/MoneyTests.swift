import Testing
@testable import GapdeskDomain

/// An amount typed as people write money: the team's sign or code, thousands separated.
@Suite struct MoneyTests {
    @Test func anAmountReadsWithTheTeamsCurrencyAndThousands() {
        #expect(Money.parse("£45.50", currency: "£") == 45.5)
        #expect(Money.parse(" 45.50 £ ", currency: "£") == 45.5)
        #expect(Money.parse("1,250", currency: "£") == 1250)
        #expect(Money.parse("£1,250.75", currency: "£") == 1250.75)
        #expect(Money.parse("EUR 1,250", currency: "EUR") == 1250)
        #expect(Money.parse("120", currency: "") == 120)
        #expect(Money.parse("-5", currency: "£") == -5, "a range check says what is allowed, not the parser")
        for refused in ["", "£", "12,34", "1,2345", "£12£", "$45", "forty", "1.2.3"] {
            #expect(Money.parse(refused, currency: "£") == nil, "\(refused)")
        }
    }

    @Test func moneyReadsBackAsItIsWritten() {
        #expect(Money.exact(1860, "£") == "£1,860.00")
        #expect(Money.parse(Money.exact(1860, "£"), currency: "£") == 1860)
        #expect(Money.glance(1200, "EUR") == "EUR 1.2k")
    }
}

import Foundation
import GapdeskDomain

/// One gap's figures, gathered response by response.
struct GapTally {
    var weightedSum = 0.0
    var countInWindow = 0, count30d = 0, countPrevious30d = 0, count7d = 0
    /// Responses in the window per week, oldest week first.
    var weekly: [Int]
    var customers30d: Set<Int64> = []
    /// The value of each customer with a response in the window (0 when unknown).
    var valueByCustomer: [Int64: Double] = [:]
    var waived = 0.0

    init(weeks: Int) { weekly = Array(repeating: 0, count: weeks) }

    mutating func add(_ item: GapRanking.Tagged, ranking: GapRanking) {
        let day = 86_400.0
        let age = ranking.now.timeIntervalSince(item.input.receivedAt)
        if age >= 0 && age < 30 * day {
            count30d += 1
            customers30d.insert(item.customerId)
        }
        if age >= 30 * day && age < 60 * day { countPrevious30d += 1 }
        if age >= 0 && age < 7 * day { count7d += 1 }
        guard let contribution = ReturnOnSatisfaction.contribution(of: item.input, now: ranking.now, medianValue: ranking.medianValue,
                                                                   parameters: ranking.parameters) else { return }
        weightedSum += contribution.amount
        countInWindow += 1
        let week = Int(age / (7 * day))
        if week < weekly.count { weekly[weekly.count - 1 - week] += 1 }
        valueByCustomer[item.customerId] = item.input.customerValue ?? 0
        waived += item.waived
    }
}

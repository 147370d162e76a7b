import Testing
@testable import GapdeskDomain

@Suite struct CallDelayHistogramTests {
    @Test func bucketsAreAsFineAsTheHeaderShows() {
        #expect(CallDelayHistogram.bucket(ofSeconds: 0) == 0)
        #expect(CallDelayHistogram.bucket(ofSeconds: 59) == 0)
        #expect(CallDelayHistogram.bucket(ofSeconds: 82_800) == 1380, "23h00 is minute 1380")
        #expect(CallDelayHistogram.lowerBound(ofBucket: 1380) == 82_800)
        let dayAndAHalf = 86_400 + 12 * 3600 + 59 * 60
        #expect(CallDelayHistogram.lowerBound(ofBucket: CallDelayHistogram.bucket(ofSeconds: dayAndAHalf)) == 86_400 + 12 * 3600)
        let ninetyDays = 90 * 86_400 + 5
        #expect(CallDelayHistogram.lowerBound(ofBucket: CallDelayHistogram.bucket(ofSeconds: ninetyDays)) == 90 * 86_400)
        #expect(CallDelayHistogram.bucket(ofSeconds: -5) == 0)
    }

    @Test func theStoredFormRoundTripsAndAddsUp() {
        var histogram = CallDelayHistogram()
        for seconds in [0, 61, 61, 90_000, 400 * 86_400] { histogram.add(seconds: seconds) }
        histogram.add(seconds: 5, count: -3)  // a day's change can take calls away
        #expect(CallDelayHistogram(encoded: histogram.encoded) == histogram)
        #expect(histogram.encoded.count == 8 * histogram.counts.count)
        var dense: [Int] = []
        CallDelayHistogram.accumulate(encoded: histogram.encoded, into: &dense)
        CallDelayHistogram.accumulate(encoded: histogram.encoded, into: &dense)
        var twice = histogram
        twice.add(histogram)
        #expect(CallDelayHistogram(dense: dense) == twice && twice.total == 2 * histogram.total)
        #expect(CallDelayHistogram(encoded: [UInt8]()) == CallDelayHistogram())
    }

    @Test func everyBucketBoundRoundTrips() {
        for bucket in stride(from: 0, to: 4000, by: 7) {
            #expect(CallDelayHistogram.bucket(ofSeconds: CallDelayHistogram.lowerBound(ofBucket: bucket)) == bucket)
        }
    }

    @Test func theMedianMatchesTheExactOneToTheBucket() {
        for round in 0..<50 {
            // Spread deterministically over five days, minutes and hours apart.
            let delays = (0..<(1 + round * 7)).map { ($0 * 7_919 + round * 104_729) % (5 * 86_400) }
            var histogram = CallDelayHistogram()
            for delay in delays { histogram.add(seconds: delay) }
            let bucketed = delays.map { Double(CallDelayHistogram.lowerBound(ofBucket: CallDelayHistogram.bucket(ofSeconds: $0))) }.sorted()
            #expect(histogram.median == Statistics.median(ofSorted: bucketed))
            #expect(histogram.total == delays.count)
        }
        #expect(CallDelayHistogram().median == nil)
    }

    @Test func removingWhatWasAddedLeavesNothing() {
        var histogram = CallDelayHistogram()
        histogram.add(seconds: 600)
        histogram.add(seconds: 600, count: -1)
        #expect(histogram == CallDelayHistogram() && histogram.counts.isEmpty)
    }
}

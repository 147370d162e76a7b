import Foundation

/// Times from a response arriving to its call closing, counted in buckets as
/// fine as the header shows them: minutes under a day, hours under 60 days,
/// days beyond. The median of a month of calls then comes from a few
/// thousand stored counts instead of every call, and reads the same on screen.
public struct CallDelayHistogram: Equatable, Sendable {
    public private(set) var counts: [Int: Int] = [:]

    public init(counts: [Int: Int] = [:]) { self.counts = counts.filter { $0.value != 0 } }

    static let day = 86_400, hourBuckets = 59 * 24

    /// The bucket a delay (in seconds) falls in.
    public static func bucket(ofSeconds seconds: Int) -> Int {
        let delay = max(0, seconds)
        if delay < day { return delay / 60 }
        if delay < 60 * day { return 1440 + (delay - day) / 3600 }
        return 1440 + hourBuckets + (delay - 60 * day) / day
    }

    /// The shortest delay in a bucket, in seconds.
    public static func lowerBound(ofBucket bucket: Int) -> Int {
        if bucket < 1440 { return bucket * 60 }
        if bucket < 1440 + hourBuckets { return day + (bucket - 1440) * 3600 }
        return 60 * day + (bucket - 1440 - hourBuckets) * day
    }

    public mutating func add(seconds: Int, count: Int = 1) {
        let bucket = Self.bucket(ofSeconds: seconds)
        counts[bucket, default: 0] += count
        if counts[bucket] == 0 { counts[bucket] = nil }
    }

    public mutating func add(bucket: Int, count: Int) {
        counts[bucket, default: 0] += count
        if counts[bucket] == 0 { counts[bucket] = nil }
    }

    public mutating func add(_ other: CallDelayHistogram) {
        for (bucket, count) in other.counts { add(bucket: bucket, count: count) }
    }

    public var total: Int { counts.values.reduce(0, +) }

    /// Stored form: (bucket, count) pairs in bucket order, each as two
    /// little-endian 32-bit integers, so a day's histogram is one value.
    public var encoded: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(counts.count * 8)
        for (bucket, count) in counts.sorted(by: { $0.key < $1.key }) {
            withUnsafeBytes(of: UInt32(truncatingIfNeeded: bucket).littleEndian) { bytes += $0 }
            withUnsafeBytes(of: Int32(truncatingIfNeeded: count).littleEndian) { bytes += $0 }
        }
        return bytes
    }

    public init<Bytes: ContiguousBytes>(encoded: Bytes) {
        var dense: [Int] = []
        Self.accumulate(encoded: encoded, into: &dense)
        self.init(dense: dense)
    }

    /// Adds stored histograms into counts indexed by bucket: summing a month
    /// of busy days this way is one pass over their bytes, without hashing.
    public static func accumulate<Bytes: ContiguousBytes>(encoded: Bytes, into dense: inout [Int]) {
        encoded.withUnsafeBytes { bytes in
            var offset = 0
            while offset + 8 <= bytes.count {
                let bucket = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
                let count = Int(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 4, as: Int32.self)))
                offset += 8
                if bucket >= dense.count { dense += repeatElement(0, count: bucket + 1 - dense.count) }
                dense[bucket] += count
            }
        }
    }

    /// From counts indexed by bucket.
    public init(dense: [Int]) {
        var counts: [Int: Int] = [:]
        for (bucket, count) in dense.enumerated() where count != 0 { counts[bucket] = count }
        self.counts = counts
    }

    /// The median delay, to the bucket (nil when empty); for an even count the
    /// mean of the two middle ones, as `Statistics.median` does.
    public var median: Double? {
        let total = total
        guard total > 0 else { return nil }
        let wanted = total % 2 == 1 ? [total / 2] : [total / 2 - 1, total / 2]
        var found: [Double] = []
        var seen = 0
        for bucket in counts.keys.sorted() {
            let count = counts[bucket]!
            for position in wanted where position >= seen && position < seen + count {
                found.append(Double(Self.lowerBound(ofBucket: bucket)))
            }
            seen += count
            if found.count == wanted.count { break }
        }
        return found.reduce(0, +) / Double(found.count)
    }
}

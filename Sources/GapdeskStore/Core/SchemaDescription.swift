/// A schema as its engine's catalog describes it, one line an object
/// ("index audit_by_time: CREATE INDEX …"), kept as each object's name and a
/// digest of its line: enough to say which objects differ from a version's,
/// and small enough to pin for every shipped version.
struct SchemaDescription: Equatable, Sendable {
    /// Each object's name (its line up to ": ") and the first 16 hex digits of its line's SHA-256.
    var digests: [String: String]

    init(lines: [String]) {
        digests = Dictionary(lines.map { line in
            let name = line.range(of: ": ").map { String(line[..<$0.lowerBound]) } ?? line
            return (name, String(SHA256.hex(line).prefix(16)))
        }, uniquingKeysWith: { first, _ in first })
    }

    init(digests: [String: String]) { self.digests = digests }

    /// What differs from `expected`, one sentence an object, in name order.
    func differences(from expected: SchemaDescription, version: Int) -> [String] {
        Set(digests.keys).union(expected.digests.keys).sorted().compactMap { name in
            switch (digests[name], expected.digests[name]) {
            case (nil, _?): "\(name): missing (schema \(version) has it)"
            case (_?, nil): "\(name): not part of schema \(version)"
            case (let found?, let wanted?) where found != wanted: "\(name): not as schema \(version) made it"
            default: nil
            }
        }
    }
}

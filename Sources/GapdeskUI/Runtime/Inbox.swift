import Foundation

/// Messages posted from background work, collected by the main loop.
final class Inbox: @unchecked Sendable {
    private var messages: [Message] = []
    private let lock = NSLock()

    func post(_ message: Message) {
        lock.lock(); messages.append(message); lock.unlock()
    }

    func drain() -> [Message] {
        lock.lock(); defer { lock.unlock() }
        let taken = messages
        messages.removeAll()
        return taken
    }

    var isEmpty: Bool {
        lock.lock(); defer { lock.unlock() }
        return messages.isEmpty
    }
}

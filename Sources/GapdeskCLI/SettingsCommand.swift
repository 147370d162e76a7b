import ArgumentParser
import Foundation
import GapdeskStore

struct SettingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings",
        abstract: "Read and change the team's shared settings.",
        subcommands: [List.self, Get.self, Set.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every setting with its value, default and meaning.")
        @OptionGroup var store: StoreOptions

        func run() throws {
            let listings = try Self.listings(store)
            for listing in listings {
                let changed = listing.value == listing.defaultValue || listing.defaultValue.isEmpty ? "" : "  (default \(listing.defaultValue))"
                Output.say("\(listing.key) = \(listing.value)\(changed)\n    \(listing.meaning)")
            }
        }

        static func listings(_ options: StoreOptions) throws -> [SettingListing] {
            do { return try options.openStore(readOnly: true).settingListings() } catch let error as StoreError {
                throw UserError(error.description)
            }
        }
    }

    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print one setting's value.")
        @Argument(help: "The setting, e.g. callback.due_business_days or site.NAME.hours.") var key: String
        @OptionGroup var store: StoreOptions

        func run() throws {
            do {
                Output.say(try store.openStore(readOnly: true).setting(key).value)
            } catch let error as CustomStringConvertible & Error {
                throw UserError(error.description)
            }
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change one setting; recorded in the audit.")
        @Argument(help: "The setting, e.g. callback.due_business_days or site.NAME.hours.") var key: String
        @Argument(help: "The new value, e.g. 0.5 or \"mon-fri 09:00-17:00 Europe/London\".") var value: String
        @OptionGroup var store: StoreOptions

        func run() throws {
            try perform(store) { db, actor, now in
                try db.changeSetting(key, to: value, by: actor, at: now)
                return "\(key) = \(try db.setting(key).value)"
            }
        }
    }
}

import GapdeskDomain

/// The demo business: a dealership group's service departments and a parcel
/// delivery firm, with the root causes that recur in their feedback.
public enum DemoCatalogue {
    struct SiteSpec {
        var name: String
        var hours: String
        var kind: ContactKind
        var scale: RatingScale
        var staff: [String]
        /// Indexes into `causes` that this kind of business produces.
        var causes: [Int]
    }

    struct CauseSpec {
        var name: String
        var kind: GapKind
        var team: String
        /// Relative frequency among critical responses of its sites.
        var weight: Double
        var comments: [String]
    }

    static let causes: [CauseSpec] = [
        CauseSpec(name: "alignment not checked", kind: .delivery, team: "Workshop", weight: 9, comments: [
            "Car still pulls to the left after the new tyres. Nobody checked the alignment.",
            "Had to come back a week later because the tracking was out. Should have been checked the first time.",
            "Steering wheel is off centre since the service. Alignment obviously not done.",
        ]),
        CauseSpec(name: "car not ready when promised", kind: .communication, team: "Service desk", weight: 12, comments: [
            "Told the car would be ready at 4, it was nearly 6 before I got it back.",
            "Took a day off work to collect the car and it wasn't ready. Nobody rang to warn me.",
            "Promised same-day, ended up leaving it overnight.",
            "Waited in reception for over an hour past the time I was given.",
        ]),
        CauseSpec(name: "no contact phone on the delivery order", kind: .standards, team: "Dispatch", weight: 10, comments: [
            "Driver could not find the address and there was no phone on the order, so the parcel went back to the depot.",
            "The driver couldn't reach me because my number wasn't on the delivery. Third attempt now.",
            "Nobody could call me to find the gate. Parcel marked as 'address not found'.",
        ]),
        CauseSpec(name: "price higher than quoted", kind: .communication, team: "Service desk", weight: 8, comments: [
            "Quoted £180 on the phone, charged £260 on the day with no explanation.",
            "The bill was much higher than the estimate. Nobody asked before doing extra work.",
            "Price higher than quoted and the advisor just shrugged.",
        ]),
        CauseSpec(name: "nobody called when the part was late", kind: .communication, team: "Parts", weight: 7, comments: [
            "The part was late and nobody called me. I found out when I turned up.",
            "Waited two weeks for a part without a single update from anyone.",
            "Had to chase three times to find out the part hadn't even been ordered.",
        ]),
        CauseSpec(name: "car returned dirty", kind: .delivery, team: "Valeting", weight: 4, comments: [
            "Greasy handprints on the door and seat. Car was cleaner when I dropped it off.",
            "The promised wash didn't happen and there was mud in the footwell.",
        ]),
        CauseSpec(name: "long wait at the service desk", kind: .standards, team: "Service desk", weight: 5, comments: [
            "Only one person on the desk at 8am and a queue out of the door.",
            "Queued twenty minutes just to hand over my keys.",
        ]),
        CauseSpec(name: "work not explained", kind: .perception, team: "Service desk", weight: 4, comments: [
            "Nobody explained what had been done or why the brakes needed replacing.",
            "Advisor used a lot of jargon and didn't answer my questions.",
        ]),
        CauseSpec(name: "courtesy car unavailable", kind: .knowledge, team: "Service desk", weight: 3, comments: [
            "Assumed a courtesy car came with the service plan. It didn't and nobody said.",
            "No loan car available even though I booked two weeks ahead.",
        ]),
        CauseSpec(name: "parcel left in the rain", kind: .delivery, team: "Drivers", weight: 6, comments: [
            "Parcel left on the doorstep in the rain, the box was soaked through.",
            "Left outside with no photo and no note. Found it wet the next morning.",
        ]),
        CauseSpec(name: "delivery slot missed", kind: .delivery, team: "Dispatch", weight: 8, comments: [
            "Waited in all day for the 9-12 slot, it came at 5pm.",
            "Missed the delivery window twice this month.",
            "The tracking said 'out for delivery' all day and then 'rescheduled'.",
        ]),
        CauseSpec(name: "driver rude at the door", kind: .perception, team: "Drivers", weight: 3, comments: [
            "Driver threw the parcel at the door and walked off when I asked a question.",
            "Very abrupt driver, wouldn't wait ten seconds for me to get downstairs.",
        ]),
    ]

    static let sites: [SiteSpec] = [
        SiteSpec(name: "Northgate Leeds Service", hours: "mon-fri 08:00-18:00 Europe/London", kind: .service,
                 scale: .csat5, staff: ["Sam Patel", "Laura Jenkins", "Marek Nowak", "Tom Fairweather"],
                 causes: [0, 1, 3, 4, 5, 6, 7, 8]),
        SiteSpec(name: "Northgate York Service", hours: "mon-sat 08:00-17:30 Europe/London", kind: .service,
                 scale: .csat5, staff: ["Priya Shah", "Gareth Lloyd", "Hannah Brook"],
                 causes: [0, 1, 3, 4, 5, 6, 7, 8]),
        SiteSpec(name: "Northgate Dublin Service", hours: "mon-fri 08:30-17:30 Europe/Dublin", kind: .service,
                 scale: .csat5, staff: ["Aoife Byrne", "Declan Murphy", "Siobhan Kelly"],
                 causes: [0, 1, 2, 3, 4, 5, 7]),
        SiteSpec(name: "Northgate Car Sales", hours: "mon-sat 09:00-19:00 Europe/London", kind: .sale,
                 scale: .csat5, staff: ["Oliver Grant", "Fatima Hussain"],
                 causes: [1, 3, 7, 8]),
        SiteSpec(name: "Swiftline Parcels Manchester", hours: "mon-sat 07:00-19:00 Europe/London", kind: .delivery,
                 scale: .nps10, staff: ["Kyle Reid", "Jasmine Okafor", "Lee Chung", "Dan Mercer", "Rosa Alvarez"],
                 causes: [2, 9, 10, 11]),
    ]

    static let praise: [String] = [
        "Excellent service as always, thank you.",
        "Quick, friendly and explained everything. Couldn't ask for more.",
        "Spot on. Car was ready early and spotless.",
        "Parcel arrived on time and the driver was lovely.",
        "Really impressed, will recommend to friends.",
        "",
        "",
    ]

    static let mildCritical: [String] = [
        "Fine overall, but it took a while.",
        "OK, nothing special.",
        "Good but a bit pricey.",
        "",
    ]

    static let firstNames = [
        "James", "Olivia", "Mohammed", "Emily", "Jack", "Sophie", "Harry", "Amelia", "Ewan", "Grace",
        "Noah", "Isla", "Ravi", "Chloe", "Liam", "Mia", "Connor", "Zara", "Wei", "Ella", "Tomasz", "Niamh",
        "Kwame", "Freya", "Arjun", "Lucy", "Ciarán", "Hollie", "Yusuf", "Beth",
    ]

    static let lastNames = [
        "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
        "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke",
        "Khan", "O'Brien", "Kowalski", "Nguyen", "Mensah", "Begum", "Murphy", "McLeod", "Ahmed", "Li",
    ]

    static let managers = ["amira", "ben", "chloe", "dev"]

    /// The team's name and money, as on its screens and reports.
    static let settings = [("team.name", "Northgate & Swiftline"), ("team.currency", "£")]

    /// A staff member who asks customers for top scores: the pressure signal the demo shows.
    public static let pusher = "Tom Fairweather"

    /// A staff member who hands the survey mostly to customers who will give the top score ("survey gating"):
    /// the selective-asking signal the demo shows, and where.
    public static let gater = "Ruth Cole"
    public static let gaterSite = "Northgate York Service"

    /// A staff member who puts his own mobile on customers' visits, so their surveys come to him and he answers
    /// them: the shared-phone signal the demo shows, where, and the phone.
    public static let borrower = "Declan Murphy"
    public static let borrowerSite = "Northgate Dublin Service"
    public static let borrowerPhone = "087 555 0142"
    public static let borrowedVisits = 11

    /// Keyword rules that suggest root causes for untagged feedback.
    /// Keyword → cause (@ the site words it is limited to): at the garage
    /// "tracking" is wheel alignment; at the courier it is where the parcel is.
    static let taggingRules: [(String, String)] = [
        ("alignment", "alignment not checked"), ("pulls", "alignment not checked"), ("tracking", "alignment not checked @ Northgate"),
        ("not ready", "car not ready when promised"), ("wasn't ready", "car not ready when promised"),
        ("no phone", "no contact phone on the delivery order"), ("couldn't reach", "no contact phone on the delivery order"),
        ("quoted", "price higher than quoted"), ("estimate", "price higher than quoted"),
        ("part", "nobody called when the part was late @ Northgate"), ("rain", "parcel left in the rain"),
        ("slot", "delivery slot missed"), ("window", "delivery slot missed"), ("dirty", "car returned dirty"),
        ("queue", "long wait at the service desk"), ("jargon", "work not explained"), ("courtesy car", "courtesy car unavailable"),
        ("loan car", "courtesy car unavailable"), ("abrupt", "driver rude at the door"),
    ]
}

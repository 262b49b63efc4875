import ReplywrightCore

/// The demo workspace's leads and their conversations: 20 people at invented companies,
/// answering a cold email in the ways real leads do (interested, asking for times, asking
/// about price, objecting, out of office, referring someone, unsubscribing…).
enum DemoConversations {
    struct Person {
        var first: String
        var last: String
        var company: String
        var title: String
        var industry: String
        var city: String
        var channel: Channel
    }

    struct Turn {
        var sender: MessageSender
        var body: String
        /// Days before the seeding moment.
        var daysAgo: Double
    }

    static let people: [Person] = [
        Person(
            first: "Maya", last: "Okafor", company: "Brightline Dental", title: "Practice Manager", industry: "dental clinics", city: "Austin",
            channel: .email),
        Person(
            first: "Liam", last: "Hartmann", company: "Keel & Co Logistics", title: "Head of Operations", industry: "freight", city: "Hamburg",
            channel: .email),
        Person(first: "Priya", last: "Raman", company: "Lumen Analytics", title: "VP Growth", industry: "B2B SaaS", city: "Toronto", channel: .email),
        Person(first: "Diego", last: "Alvarez", company: "Casa Verde Realty", title: "Broker", industry: "real estate", city: "Miami", channel: .sms),
        Person(
            first: "Hannah", last: "Lindqvist", company: "Nordfjord Outdoor", title: "E-commerce Lead", industry: "outdoor retail", city: "Oslo",
            channel: .email),
        Person(
            first: "Marcus", last: "Bell", company: "Ironclad Roofing", title: "Owner", industry: "home services", city: "Denver", channel: .email),
        Person(
            first: "Sofia", last: "Marchetti", company: "Trattoria Group", title: "Marketing Director", industry: "restaurants", city: "Chicago",
            channel: .linkedin),
        Person(
            first: "Kenji", last: "Watanabe", company: "Sora Robotics", title: "CTO", industry: "industrial automation", city: "San Jose",
            channel: .email),
        Person(
            first: "Amara", last: "Nwosu", company: "Harbor Health Clinics", title: "COO", industry: "healthcare", city: "Baltimore", channel: .email),
        Person(
            first: "Tom", last: "Fischer", company: "Fischer Legal", title: "Managing Partner", industry: "law firms", city: "Munich", channel: .email
        ),
        Person(first: "Elena", last: "Petrova", company: "Vela Travel", title: "Founder", industry: "travel", city: "Lisbon", channel: .linkedin),
        Person(
            first: "Jamal", last: "Carter", company: "Peak Fitness Studios", title: "Franchise Owner", industry: "fitness", city: "Atlanta",
            channel: .sms),
        Person(first: "Grace", last: "Kim", company: "Maple Ledger", title: "Partner", industry: "accounting", city: "Seattle", channel: .email),
        Person(
            first: "Oliver", last: "Grant", company: "Grant Solar", title: "Sales Director", industry: "solar installation", city: "Phoenix",
            channel: .email),
        Person(
            first: "Aisha", last: "Rahman", company: "Cedar Learning", title: "Head of Admissions", industry: "education", city: "London",
            channel: .email),
        Person(
            first: "Noah", last: "Schultz", company: "Alpine Insurance", title: "Agency Principal", industry: "insurance", city: "Zurich",
            channel: .email),
        Person(
            first: "Chloe", last: "Dubois", company: "Atelier Lumière", title: "Creative Director", industry: "design studios", city: "Paris",
            channel: .linkedin),
        Person(
            first: "Ethan", last: "Murphy", company: "Murphy HVAC", title: "General Manager", industry: "home services", city: "Boston",
            channel: .email),
        Person(
            first: "Isabel", last: "Costa", company: "Mar Azul Hotels", title: "Revenue Manager", industry: "hospitality", city: "Porto",
            channel: .email),
        Person(
            first: "Ryan", last: "O'Neill", company: "Summit Recruiting", title: "Managing Director", industry: "staffing", city: "Dublin",
            channel: .email),
    ]

    /// The demo team's knowledge assets.
    static let knowledge: [KnowledgeAssetInput] = [
        KnowledgeAssetInput(
            kind: .faq, title: "Onboarding",
            content: """
                Onboarding takes one week: a 30-minute kickoff call, then we import your past replies so drafts sound like your team, \
                and you review the first drafts before anything is sent.
                """, priority: 10),
        KnowledgeAssetInput(
            kind: .pricing, title: "Pricing",
            content: """
                Plans start at $299 per month for up to 3 senders; each extra sender is $79 per month. \
                Annual plans get two months free.
                """, priority: 20),
        KnowledgeAssetInput(
            kind: .caseStudy, title: "Results",
            content: """
                Teams using Replywright answer replies in under 5 minutes on average, and book 20 to 30 percent more meetings \
                from the same outbound volume.
                """, priority: 30),
        KnowledgeAssetInput(
            kind: .faq, title: "Integrations",
            content: """
                We integrate with HubSpot, Salesforce and Pipedrive, and with Smartlead and Instantly for sending.
                """, priority: 40),
    ]

    /// The opening cold email every conversation starts from.
    static func opener(for person: Person) -> String {
        """
        Hi \(person.first),

        I noticed \(person.company) has been growing in \(person.city). We help \(person.industry) teams book \
        more qualified meetings from outbound without adding headcount: replies get answered within minutes, \
        in your team's own voice.

        Would a 15-minute call next week be worth it to see if this fits?

        Best,
        Jordan
        """
    }

    /// The lead's side (and any follow-up) for the i-th person, cycling through the reply types.
    static func replies(for person: Person, index: Int) -> [Turn] {
        switch index % 10 {
        case 0:
            return [
                Turn(
                    sender: .lead,
                    body: "Hi Jordan, this sounds interesting. We get a lot of replies we never answer in time. What does onboarding look like?",
                    daysAgo: 2)
            ]
        case 1:
            return [Turn(sender: .lead, body: "Happy to chat. I'm free Tuesday 3pm CET or Thursday morning. Does either work?", daysAgo: 1.5)]
        case 2:
            return [Turn(sender: .lead, body: "Before we book anything: how much does this cost for a team of 6 SDRs?", daysAgo: 1)]
        case 3:
            return [
                Turn(sender: .lead, body: "We already use an agency for outreach and honestly it's fine. Not sure we need another tool.", daysAgo: 3)
            ]
        case 4:
            return [Turn(sender: .lead, body: "Not the right time — we're in the middle of our peak season. Check back in Q1?", daysAgo: 4)]
        case 5:
            return [
                Turn(
                    sender: .lead, body: "I'm out of the office until Monday with limited access to email. For urgent matters contact my assistant.",
                    daysAgo: 0.5)
            ]
        case 6:
            return [
                Turn(
                    sender: .lead,
                    body: "I'm not the right person for this. You should talk to our Head of Sales, Dana Whitfield — she owns outbound.", daysAgo: 2.5
                )
            ]
        case 7:
            return [Turn(sender: .lead, body: "Please remove me from your list.", daysAgo: 1)]
        case 8:
            return [
                Turn(sender: .lead, body: "Sure, send me a few times that work for you.", daysAgo: 0.6),
                Turn(sender: .setter, body: "Great! How about Thursday at 10am or Friday at 2pm your time?", daysAgo: 0.5),
                Turn(sender: .lead, body: "Friday 2pm works. Can you include my colleague Sam?", daysAgo: 0.3),
            ]
        default:
            return [
                Turn(sender: .lead, body: "What results have other \(person.industry) companies seen? Any numbers?", daysAgo: 3),
                Turn(
                    sender: .ai,
                    body:
                        "Good question, \(person.first). I'd rather walk you through real examples than quote numbers out of context — would 15 minutes on Thursday work?",
                    daysAgo: 2.9),
                Turn(sender: .lead, body: "Thursday is packed. Maybe next week.", daysAgo: 2),
            ]
        }
    }
}

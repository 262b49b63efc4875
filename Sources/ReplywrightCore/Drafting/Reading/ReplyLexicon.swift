/// The phrases the reply reader looks for, as token sequences (lowercase, contractions
/// expanded: "don't" is `do not`, "let's" is `let us`). Matching is on whole words, so "yes"
/// never fires inside "yesterday".
enum ReplyLexicon {
    /// How a phrase counts when a negation ("not", "no", "never"…) stands just before it.
    enum Polarity {
        /// The phrase says it whatever comes before ("not interested" is one phrase).
        case fixed
        /// Counts only when not negated ("can't do a call" asks for no times).
        case plain
        /// A positive word that, negated, is a no: "not keen", "isn't relevant".
        case flipsToNo
    }

    struct Entry {
        var tokens: [String]
        var intent: ReplyIntent
        var polarity: Polarity
    }

    /// `all` by each phrase's first word, with its place in `all` (so matches keep its order):
    /// a clause is matched against the phrases that can start at each of its words, not all of them.
    static let byFirstToken: [String: [(index: Int, entry: Entry)]] = Dictionary(
        grouping: all.enumerated().compactMap { index, entry in entry.tokens.isEmpty ? nil : (index: index, entry: entry) },
        by: { $0.entry.tokens[0] })

    static let negators: Set<String> = ["not", "no", "never", "without", "nothing", "none", "nor", "neither", "hardly"]

    static func entries(_ intent: ReplyIntent, _ polarity: Polarity, _ phrases: [String]) -> [Entry] {
        phrases.map { Entry(tokens: $0.split(separator: " ").map(String.init), intent: intent, polarity: polarity) }
    }

    static let all: [Entry] =
        entries(
            .unsubscribe, .fixed,
            [
                "unsubscribe", "remove me", "remove us", "remove my", "remove our", "take me off", "take us off", "stop emailing",
                "stop contacting", "stop messaging", "stop sending", "stop writing", "opt out", "opt me out", "do not contact",
                "do not email", "do not write", "no more emails", "leave me alone", "austragen", "delete my contact", "delete my data",
                "delete my email", "unsubscribe me", "please remove it", "remove this address", "unsub", "want to be removed",
                "be removed", "cease all", "stop reaching out", "off your list", "off your lists", "address off", "email off",
                // German, French, Spanish, Dutch, Portuguese, Italian.
                "abmelden", "austragen", "entfernen sie mich", "keine weiteren e mails", "keine e mails mehr", "désabonnez moi",
                "désabonner", "me retirer de", "ne m'écrivez plus", "darse de baja", "darme de baja", "elimíname", "eliminarme",
                "dejen de enviarme", "afmelden", "haal mij", "van jullie lijst", "me remova", "descadastrar", "remover meu",
                "não quero receber", "cancellatemi", "cancellarmi", "disiscrivermi", "non voglio più ricevere",
            ])
        + entries(
            .outOfOffice, .fixed,
            [
                "out of office", "out of the office", "ooo", "on vacation", "on holiday", "on leave", "parental leave", "maternity leave",
                "paternity leave", "annual leave", "sick leave", "out sick", "limited access", "automatic reply", "auto reply", "autoreply",
                "away until", "away from my desk", "on pto", "pto until", "back in the office", "will respond when", "will reply when",
                "when i return", "mailbox is not monitored", "gone fishing", "i am away", "currently away", "will reply then",
                "will get back to you then", "reply when i am back", "respond after", "on leave until", "out until",
                "automatic response", "auto response", "sabbatical", "replies may be delayed", "off until", "no laptop",
                "attending a", "at a conference", "will be back on", "be back on", "be back next", "back next week",
                "back on monday", "back on tuesday", "back on wednesday", "back on thursday", "back on friday",
            ])
        + entries(
            .notInterested, .fixed,
            [
                "not interested", "no interest", "no thanks", "no thank you", "not a fit", "not a good fit",
                "not for us", "all set", "pass on", "we will pass", "going to pass", "hard pass", "not looking", "not relevant",
                "signed with", "deal elsewhere", "went with", "decided to go with", "go with another", "chose a different",
                "chose another", "another vendor", "do not need", "no need", "we are good", "not something we", "not keen",
                "not moving forward", "not be moving forward", "not for our", "do not see us", "do not think this is for us",
                "do not do cold", "not the right fit", "a no from", "it is a no", "not for me", "not going to go ahead",
                "not go ahead", "already picked", "already chose", "already found", "already selected", "does not fit",
                "not going to proceed", "not proceed", "not proceeding", "decided against", "another direction",
                "different direction", "out of our budget", "out of budget", "kein interesse", "nein danke", "pas pour nous",
                "no nos interesa", "geen interesse", "não temos interesse", "non siamo interessati",
            ])
        + entries(.notInterested, .flipsToNo, ["interested", "keen", "relevant", "useful"])
        + entries(
            .notNow, .fixed,
            [
                "not right now", "not now", "right now no", "next quarter", "next year", "next month", "maybe later", "later this year",
                "later in the year", "check back", "bad timing", "timing is not", "timing is off", "in a few months", "couple of months",
                "after the holidays", "after the summer", "in the spring", "the new year", "circle back", "reach out again",
                "reach out in", "reach out after", "get back to me in", "try me in", "try again after", "ping me after",
                "revisit", "hold off", "hiring freeze", "contact me then", "follow up next", "email me again", "until the summer",
                "too busy", "swamped", "not a priority", "give it a", "q1", "q2", "q3", "q4", "budget planning", "fiscal year",
                "until next year", "could be relevant later", "again around", "in six months", "in 6 months", "not ready yet",
                "try again in", "not this quarter", "not this month", "not this year", "reconnect after", "reconnect in",
                "reconnect next", "come back to me", "after our", "planning", "too early", "still early", "pass for now",
            ])
        + entries(
            .wantsTimes, .plain,
            [
                "send me some times", "send some times", "some times", "what times", "which times", "when are you free", "availability",
                "book a call", "book something", "book a meeting", "schedule a call", "set up a call", "set up a meeting", "grab",
                "calendar", "calendly", "times that work", "time that works", "a quick call", "hop on a call", "jump on a call",
                "happy to chat", "let us talk", "let us chat", "let us meet", "let us do a call", "schedule a", "see a demo",
                "for a demo", "call me", "can we talk", "can we schedule", "i can meet", "could do a quick call", "could do a call",
                "am free", "i am around", "have time on", "a 15 min call", "min call", "minute call", "30 minutes", "20 minutes",
                "15 minutes", "when suits you", "up for a chat", "a chat", "time to talk", "have time", "schedule something", "a call", "a meeting",
                "set something up", "pencil me in",
            ])
        + entries(
            .objection, .fixed,
            [
                "too expensive", "pricey", "seems high", "no budget", "budget is tight", "concern", "worried", "worry",
                "not sure it", "do not see how", "do not really see", "do not see the value", "sceptical", "skeptical",
                "tried something", "burned", "spam", "happy with our", "in house", "locked into", "contract with", "prefer writing",
                "doubt", "sounds complicated", "too small", "promised the same", "why would we switch", "legal team", "not approve",
                "is a bot", "robotic", "work fine", "works fine", "not sure we need", "delivered nothing", "happy with our current",
                "not convinced", "well enough", "deliverability", "have an in house", "our current process",
            ])
        + entries(
            .interested, .plain,
            [
                "interested", "sounds interesting", "sounds good", "sounds great", "sounds promising", "tell me more", "learn more",
                "know more", "hear more", "share more", "more info", "more information", "send info", "send over", "send details",
                "send me the details", "email me the details", "one pager", "deck", "case study", "intrigued", "curious", "keen",
                "love the idea", "exactly what we need", "looking for something like", "open to", "could be useful", "worth a look",
                "good timing", "interesting timing", "yes", "sure", "definitely", "cool", "nice", "makes sense", "send me something",
                "go ahead", "interesante", "listening", "we would use", "something we", "brochure", "email over", "send me more",
                "interesting", "details please", "share more details", "next step", "next steps", "move forward", "get started",
                "count me in", "count us in", "interessiert", "interessant", "intéresse", "me interesa", "interessante", "mi interessa",
                "tenho interesse",
            ])

    /// Words about money; they make a pricing question only in an asking clause ("the price
    /// seems high" is an objection, "what's the price?" is a question).
    static let pricing: [[String]] = [
        "price", "pricing", "prices", "cost", "costs", "how much", "quote", "per seat", "per user", "per month", "fee", "fees",
        "charge", "ballpark", "run us", "subscription", "billing", "expensive", "price list", "priced", "licence", "license",
        "price range", "cheapest", "the damage", "preis", "kostet", "coûte", "prix", "cuesta", "precio", "kost", "custa",
        "preço", "costa", "prezzo",
    ].map { $0.split(separator: " ").map(String.init) }

    /// Words that make a clause ask for something even without a question's form.
    static let asking: Set<String> = ["send", "share", "tell", "know", "quote", "curious"]

    /// Clause openings that ask, with or without a question mark (not every lead types one).
    static let interrogatives: [[String]] = [
        "how", "what", "when", "where", "which", "who", "why", "do you", "does it", "does", "can you", "can it", "can i",
        "could you", "is there", "are there", "is it", "are you", "is our", "will you", "will it", "can we", "do we",
    ].map { $0.split(separator: " ").map(String.init) }

    /// Contractions, expanded so negations are their own token.
    static let contractions: [String: [String]] = [
        "can't": ["can", "not"], "cant": ["can", "not"], "won't": ["will", "not"], "wont": ["will", "not"],
        "don't": ["do", "not"], "dont": ["do", "not"], "doesn't": ["does", "not"], "doesnt": ["does", "not"],
        "didn't": ["did", "not"], "didnt": ["did", "not"], "isn't": ["is", "not"], "isnt": ["is", "not"],
        "aren't": ["are", "not"], "wasn't": ["was", "not"], "weren't": ["were", "not"], "haven't": ["have", "not"],
        "hasn't": ["has", "not"], "wouldn't": ["would", "not"], "shouldn't": ["should", "not"], "couldn't": ["could", "not"],
        "i'm": ["i", "am"], "im": ["i", "am"], "we're": ["we", "are"], "you're": ["you", "are"], "they're": ["they", "are"],
        "it's": ["it", "is"], "let's": ["let", "us"], "lets": ["let", "us"], "i'd": ["i", "would"], "we'd": ["we", "would"],
        "i'll": ["i", "will"], "we'll": ["we", "will"], "i've": ["i", "have"], "we've": ["we", "have"], "that's": ["that", "is"],
        "what's": ["what", "is"], "whats": ["what", "is"], "there's": ["there", "is"], "you'll": ["you", "will"],
        "u": ["you"], "pls": ["please"], "plz": ["please"], "thx": ["thanks"], "tmrw": ["tomorrow"], "ur": ["your"],
    ]

    /// Capitalised words that are not people.
    static let notNames: Set<String> = [
        "I", "Me", "Us", "You", "We", "Our", "My", "The", "This", "That", "Him", "Her", "Them", "Hi", "Hello", "Hey", "Thanks",
        "Please", "Sales", "Support", "Marketing", "Team", "Ops", "Head", "VP", "CRO", "CEO", "CTO", "CFO", "COO", "Director",
        "Lead", "Manager", "Founder", "RevOps", "SDR", "SDRs", "AI", "CRM", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
        "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December", "Partnerships", "Procurement", "Growth", "Outbound", "It", "Someone", "Anyone", "Sorry",
    ]
}

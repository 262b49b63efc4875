/// The rules tier's phrasings, several per slot and intent. Nothing here states a fact about
/// the product: facts come only from knowledge snippets.
enum RulesPhrases {
    static func greetings(_ name: String?) -> [String] {
        guard let name else { return ["Hi there,", "Hello,", "Hi,", "Hey there,", "Good to hear from you,"] }
        return ["Hi \(name),", "Hey \(name),", "Hello \(name),", "\(name), hi!", "Hi \(name), good to hear back.", "Thanks \(name),"]
    }

    static let signOffs = ["Best,", "Thanks,", "Cheers,", "All the best,", "Talk soon,", "Kind regards,", "Speak soon,"]

    static func openings(_ opening: Archetype.Opening, _ intent: ReplyIntent, inputs: RulesComposer.Inputs) -> [String] {
        switch opening {
        case .thanks:
            return ["Thanks for getting back to me.", "Thank you for the quick reply.", "Appreciate you taking the time to answer.",
                    "Thanks for writing back so soon.", "Really appreciate the reply."]
        case .briefAcknowledgement:
            return ["Got it.", "Understood.", "Makes sense.", "Noted, thank you.", "Fair enough.", "Clear, thanks."]
        case .mirror:
            switch intent {
            case .pricingQuestion: return ["You asked about pricing, so let me keep this simple.", "On your question about cost:",
                                           "Good question on price.", "Happy to cover the pricing side."]
            case .wantsTimes: return ["You asked for some times, so here is how we can set it up.", "On finding a time:",
                                      "Happy to find a slot that suits you.", "Let's get something in the calendar."]
            default: return ["On your question:", "To pick up on what you wrote:", "Picking up your point:", "About what you mentioned:"]
            }
        case .personalHook:
            if let city = inputs.variables["city"], !city.isEmpty {
                return ["Hope all is well in \(city).", "Hope things are good over in \(city).", "Greetings to the team in \(city).",
                        "Hope \(city) is treating you well."]
            }
            if let company = inputs.company, !company.isEmpty {
                return ["Hope all is well at \(company).", "Good to hear from the \(company) side.", "Hope things are busy in a good way at \(company).",
                        "Always good to hear from \(company)."]
            }
            return ["Hope your week is going well.", "Hope the week has been kind so far.", "Hope all is well on your side."]
        case .context:
            return ["I reached out because teams like yours often run into this.", "For context, I wrote because this tends to come up at this stage.",
                    "A little context on why I got in touch.", "To give some background first."]
        case .directAnswer:
            return directAnswers(intent)
        }
    }

    static func directAnswers(_ intent: ReplyIntent) -> [String] {
        switch intent {
        case .wantsTimes: return ["Yes, let's find a time.", "Happy to set up a call.", "Sure, a short call is a good idea.", "Glad to get something booked."]
        case .pricingQuestion: return ["Short answer on pricing below.", "Here is how pricing works.", "Happy to share pricing.", "Pricing is straightforward."]
        case .notNow: return ["No problem at all.", "Completely understand.", "That's fine.", "Timing matters, I get it."]
        case .objection: return ["That's a fair point.", "Good that you raised it.", "I hear you on that.", "A reasonable concern."]
        case .referral: return ["Thank you for pointing me in the right direction.", "Appreciate the introduction.", "Thanks for passing this on."]
        default: return ["Glad this caught your interest.", "Great to hear back.", "Good to hear from you.", "Happy you replied."]
        }
    }

    static func bodies(_ intent: ReplyIntent) -> [String] {
        switch intent {
        case .wantsTimes: return ["A short call is usually enough to see whether it fits.", "I'd keep it short and focused on your setup.",
                                  "We can use the time to look at how your team works today.", "I'll keep the call tight and practical."]
        case .pricingQuestion: return ["It depends a little on team size, so I'd rather be exact than guess.", "I'll share the figures that apply to your case.",
                                       "The detail depends on how many people would use it.", "Happy to send the exact numbers for your team."]
        case .notNow: return ["I'll make a note and stay out of your inbox until then.", "I won't chase in the meantime.",
                              "I'll leave it with you for now.", "Nothing needed from you in the meantime."]
        case .objection: return ["It is a fair thing to weigh up.", "It's worth a look at how it fits next to what you have.",
                                 "The best way to judge is against your own workflow.", "I'd rather show than tell on this one."]
        case .referral: return ["I'll reach out to them directly and mention you pointed me their way.", "I'll follow up with them and keep it brief.",
                                "I'll get in touch with them and keep you out of the loop unless useful."]
        case .outOfOffice, .unsubscribe, .notInterested:
            return ["Thanks for letting me know.", "Understood, and thanks for the reply.", "Appreciate you telling me."]
        default: return ["Happy to walk you through how it works.", "I can show you the parts that matter most to your team.",
                         "It's easiest to see in a short walkthrough.", "I'd love to hear a bit more about your setup."]
        }
    }

    static func extras(_ intent: ReplyIntent) -> [String] {
        switch intent {
        case .notNow: return ["If anything changes sooner, just reply here.", "Feel free to ping me whenever suits.", "My door stays open."]
        default: return ["No pressure either way.", "Whatever works best on your side.", "Happy to adapt to your schedule.",
                         "Feel free to bring a colleague.", "Questions are welcome before then too."]
        }
    }

    /// Sentences about process, not product: safe to add when an archetype asks for length.
    static func fillers(_ intent: ReplyIntent) -> [String] {
        let general = [
            "I would rather understand how your team works today than pitch anything generic.",
            "The aim is to see honestly whether this is a fit for you, and to say so if it is not.",
            "If it helps, I can put together a short summary for anyone else who should weigh in.",
            "Any questions you have before then are welcome, and I am happy to answer them in writing.",
            "We can keep things as light or as detailed as suits you.",
            "I will keep my notes short so nothing takes more of your time than it needs to.",
            "It often helps to look at one concrete example from your own week.",
            "Whatever you decide, I appreciate you taking the time to reply.",
        ]
        switch intent {
        case .notNow, .outOfOffice:
            return ["There is no rush on my side.", "I will keep this brief and leave the next step with you.",
                    "When the time is right, a short reply here is all it takes."] + general.suffix(3)
        case .unsubscribe, .notInterested:
            return ["I will make sure we respect that.", "Thanks again for being clear with me."]
        default:
            return general
        }
    }

    static func questions(_ intent: ReplyIntent) -> [String] {
        switch intent {
        case .wantsTimes: return ["Would early next week work for you?", "What day suits you best?", "Does a morning or an afternoon slot suit you better?",
                                  "Shall I send a calendar invite?"]
        case .pricingQuestion: return ["How many people would be using it?", "Roughly how large is the team that would use it?",
                                       "Would it help to go through the numbers on a short call?"]
        case .notNow: return ["When would be a better time to reconnect?", "Shall I check back in a few months?", "Is there a month that suits better?"]
        default: return ["Would a quick call this week be useful?", "Is that helpful?", "Shall we set up a short call?", "Would that work for you?"]
        }
    }

    static func statements(_ intent: ReplyIntent) -> [String] {
        switch intent {
        case .wantsTimes: return ["I'll send a calendar invite for early next week.", "I'll send over a few options.", "I'll propose a couple of slots."]
        case .pricingQuestion: return ["I'll send the details over today.", "I'll follow up with the exact figures.", "I'll put the numbers in a short note."]
        case .notNow: return ["I'll check back in a few months.", "I'll reach out again later in the year.", "Talk when the timing is better."]
        default: return ["Let me know what works for you.", "Just reply here when it suits.", "Happy to take it from here whenever you are ready."]
        }
    }

    static func list(_ intent: ReplyIntent, facts: [String], picker: inout PhrasePicker) -> String? {
        if facts.count >= 2 { return facts.prefix(3).map { "- " + $0 }.joined(separator: "\n") }
        switch intent {
        case .wantsTimes:
            return picker.pick(["- a short intro call\n- a walkthrough of your current setup", "- early in the week\n- late in the week",
                                "- a morning slot\n- an afternoon slot"], slot: "list")
        default:
            return picker.pick(["- how it fits your current process\n- what a first month looks like",
                                "- the parts most relevant to you\n- any questions from your side"], slot: "list")
        }
    }
}

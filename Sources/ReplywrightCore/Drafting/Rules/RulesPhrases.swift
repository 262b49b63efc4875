/// The rules tier's phrasings, several per slot. Nothing here states a fact about the product:
/// facts come only from the knowledge passages the composer is given, quoted as they are.
enum RulesPhrases {
    /// `warm`: the greeting may carry a thank-you of its own (nothing after it thanks or acknowledges).
    static func greetings(_ name: String?, warm: Bool = true) -> [String] {
        guard let name else { return ["Hi there,", "Hello,", "Hi,", "Hey there,"] + (warm ? ["Good to hear from you,"] : []) }
        return ["Hi \(name),", "Hey \(name),", "Hello \(name),", "Hi \(name) -"]
            + (warm ? ["Hi \(name), good to hear back.", "Hi \(name), thanks for the note."] : [])
    }

    static let signOffs = ["Best,", "Thanks,", "Cheers,", "All the best,", "Talk soon,", "Kind regards,", "Speak soon,"]

    /// An opening line the archetype asks for, or none (a direct answer opens with the answer).
    static func opening(
        _ opening: Archetype.Opening, _ intent: ReplyIntent, company: String?, city: String?, hasAnswers: Bool, hasQuestions: Bool,
        picker: inout PhrasePicker
    ) -> String? {
        switch opening {
        case .directAnswer:
            return nil
        case .thanks:
            return picker.pick(
                [
                    "Thanks for getting back to me.", "Thank you for the quick reply.", "Thanks for writing back.",
                    "Appreciate the reply.",
                ], slot: "opening")
        case .briefAcknowledgement:
            return picker.pick(["Got it.", "Understood.", "Noted, thank you.", "Clear, thanks."], slot: "opening")
        case .mirror:
            // Only a reply that answers a question picks up the question.
            guard hasQuestions else { return nil }
            return picker.pick(["Good question.", "Happy to answer that.", "Thanks for asking.", "Fair question."], slot: "opening")
        case .personalHook:
            if let city, !city.isEmpty {
                return picker.pick(
                    ["Hope all is well in \(city).", "Hope things are good in \(city).", "Hope \(city) is treating you well."],
                    slot: "opening")
            }
            if let company, !company.isEmpty {
                return picker.pick(["Hope all is well at \(company).", "Hope things are going well at \(company)."], slot: "opening")
            }
            return nil
        case .context:
            guard hasAnswers else { return nil }
            return picker.pick(
                [
                    "Thanks for the reply; here is what you asked about.", "Short answers first, then the next step.",
                    "Here's the detail.",
                ], slot: "opening")
        }
    }

    /// The lead's time, confirmed.
    static func confirmations(_ time: String) -> [String] {
        [
            "\(time) works. I'll send the invite now.", "\(time) it is; the invite is on its way.",
            "Let's do \(time). I'll send a calendar invite shortly.", "Great, \(time) suits me and the invite is on its way.",
        ]
    }

    /// Someone the lead copied into the thread.
    static func copied(_ who: String) -> [String] {
        [
            "Thanks for looping in \(who); happy to continue with you both here.", "Good to have \(who) on the thread too.",
            "Thanks for copying \(who) in.",
        ]
    }

    /// Material the lead asked for: its link, or a promise to send it (the setter attaches it).
    static func material(_ name: String, url: String?) -> [String] {
        // By sound: "an overview", "a one-pager", "a user guide".
        let lowered = name.lowercased()
        let article = "aeiou".contains(lowered.prefix(1)) && !["one", "uni", "use", "usu", "eu"].contains(where: lowered.hasPrefix) ? "an" : "a"
        guard let url else {
            return [
                "I'll send the \(name) over shortly.", "I'll email you the \(name) today.", "I'll follow up with the \(name) in a separate email.",
            ]
        }
        return ["Here's the \(name): \(url)", "You'll find the \(name) here: \(url)", "Here's \(article) \(name) you can share: \(url)"]
    }

    /// The next step, when the lead asked for it (the booking sentence after it makes it concrete).
    static let nextSteps = [
        "The next step is a short call to see how it would fit your team.", "From here, the next step is a 20-minute walkthrough on a call.",
        "Next step: a quick call where we look at how your replies are handled today.",
    ]

    static func including(_ names: String) -> [String] {
        ["I'll add \(names) to the invite.", "I'll include \(names) on the invite too.", "Happy to have \(names) join; I'll add them to the invite."]
    }

    static func referrals(_ names: String) -> [String] {
        [
            // No pronoun: the lead may have written "she" ("Dana Whitfield — she owns outbound").
            "Thanks for pointing me to \(names). I'll reach out directly.", "Thank you, I'll get in touch with \(names).",
            "Appreciate the introduction to \(names); I'll write directly.",
        ]
    }

    /// A passage that answers a question, as the knowledge states it.
    static func answered(_ passage: String, topic: String?) -> [String] {
        let text = passage.hasSuffix(".") || passage.hasSuffix("!") || passage.hasSuffix("?") ? passage : passage + "."
        // "About onboarding: Onboarding takes one week" says the topic twice.
        guard let topic, !topic.isEmpty, !text.lowercased().hasPrefix(topic.lowercased()) else { return [text] }
        return [text, "On \(topic): \(text)", "About \(topic): \(text)", text]
    }

    /// A question no passage answers: the sender will confirm it, in their own words (the
    /// lead's question is never quoted back).
    static func unanswered(_ question: String) -> [String] {
        guard let point = QuestionRephraser.embedded(question) else {
            return ["I'll confirm that point and come back to you.", "Let me check on that and get back to you with a clear answer."]
        }
        return [
            "I'll confirm \(point) and come back to you.", "Let me check \(point); I'll get back to you with a clear answer.",
            "I'm confirming \(point) and will reply shortly.",
        ]
    }

    static func offers(_ times: [String]) -> [String] {
        switch times.count {
        case 1: return ["Would \(times[0]) work for you?", "How about \(times[0])?"]
        // One sentence each: the overseer removes a sentence that proposes a time the lead ruled
        // out, and a "Which suits you best?" left behind asked about nothing.
        case 2: return ["Would \(times[0]) or \(times[1]) work for you?", "Which suits you better, \(times[0]) or \(times[1])?"]
        default:
            let listed = times.prefix(3)
            return [
                "Would \(listed.dropLast().joined(separator: ", ")) or \(listed.last!) work for you?",
                "Which suits you best: \(listed.dropLast().joined(separator: ", ")) or \(listed.last!)?",
            ]
        }
    }

    static func links(_ link: String) -> [String] {
        [
            "You can pick a time that suits you here: \(link)", "Here's my calendar to grab a slot: \(link)",
            "Choose whatever time works best for you: \(link)",
            "My calendar is open, so book any free slot that fits your day: \(link)",
            "Grab whichever slot is easiest on your side, the link shows my live availability: \(link)",
            "The quickest way is to pick a time directly on my calendar: \(link)",
            "If you'd like to lock something in, my booking page has the open times: \(link)",
            "Feel free to choose a morning or an afternoon that works for you here: \(link)",
            "Here's a link to book straight into my calendar, whenever suits: \(link)",
            "Happy to talk. Pick the time that is most convenient for you: \(link)",
            "To save us the back and forth, here is my scheduling page: \(link)",
            "Any open time on this page works for me, just choose one: \(link)",
            "You'll see my free times here and can book one in a click: \(link)",
        ]
    }

    // No week words: the overseer reads "this week" in a draft as times it offers.
    static let askForTimes = [
        "What day and time would suit you?", "Which times work best for you over the coming days?",
        "Send me a couple of times that suit you and I'll make one work.", "When suits you best? Mornings or afternoons both work here.",
        "Tell me a day and time that works and I'll send the invite.", "What does your week look like? Pick a time and I'll fit around it.",
    ]

    static let afterConfirmation = [
        "Anything you'd like me to prepare?", "Is there anything you'd like covered on the call?",
        "Shall I bring anything in particular?",
    ]

    /// What an intent says when nothing else in the reply speaks to the message.
    static func acknowledgements(_ intent: ReplyIntent) -> [String] {
        switch intent {
        case .notInterested:
            return [
                "Thanks for letting me know. I won't follow up.", "Understood, and thanks for the clear answer.",
                "Appreciate you telling me; I'll leave it there.",
            ]
        case .notNow: return ["No problem, timing matters.", "Completely understand.", "That's fine, thanks for saying so."]
        case .objection: return ["That's a fair point.", "Understood, it's worth weighing up.", "Good that you raised it."]
        case .outOfOffice, .unsubscribe: return ["Thanks for letting me know."]
        case .wantsTimes:
            return [
                "Happy to set up a call.", "Glad to find a time.", "Let's get something in the calendar.",
                "Sure, a short call makes sense.", "Great, let's talk.",
            ]
        case .interested: return ["Glad it caught your interest.", "Happy to share more.", "Great to hear."]
        // A reply the rules could not read: no guess and no pitch, a question about what would help.
        case .unclear:
            return [
                "Thanks for getting back to me. What would be most useful to you from here?",
                "Thanks for the reply. Is there something specific I can help with?",
                "Appreciate you writing back. What would help most at this point?",
            ]
        default: return ["Thanks for the reply.", "Thanks for getting back to me.", "Good to hear from you."]
        }
    }

    static func questions(_ intent: ReplyIntent) -> [String] {
        switch intent {
        case .objection: return ["Would it help to see it on one of your own replies?", "Worth a short look to judge for yourself?"]
        case .notNow, .referral: return ["Does that work for you?", "Is that all right with you?"]
        default:
            return [
                "Would a short call help?", "Would a quick call be useful?", "Shall we set up a short call?",
                "Would it help to talk it through on a call?",
            ]
        }
    }

    static func statements(_ intent: ReplyIntent) -> [String] {
        switch intent {
        case .notNow: return ["Thanks again.", "Talk then."]
        case .referral: return ["Appreciate your help.", "I'll keep it brief with them."]
        default:
            return [
                "Happy to set up a short call whenever suits you.", "Just reply here if a short call would help.",
                "I'm around for a quick call whenever it suits.",
            ]
        }
    }

    /// The first line of a scheduled follow-up.
    static func followingUp(_ reason: FollowUp.Reason) -> [String] {
        switch reason {
        case .outOfOffice:
            return [
                "Welcome back, I hope the time away was good.", "Hope you had a good break.",
                "Welcome back. Picking up where we left off.",
            ]
        case .notNow:
            return [
                "Following up as you suggested.", "You asked me to check back around now, so here I am.",
                "As promised, a short follow-up.",
            ]
        }
    }

    /// "Sam", "Sam and Dana", "Sam, Dana and Lee".
    static func list(_ names: [String]) -> String {
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " and " + names.last!
    }
}

import Foundation

/// Tells a person's reply from mail a machine wrote: delivery-status notifications (bounces and
/// delays), ARF spam complaints, RFC 3834 auto-replies, bulk mail, and "no longer with the
/// company" notices. Headers decide first (`Content-Type: multipart/report`, `Auto-Submitted`,
/// `X-Autoreply`, `X-Autorespond`, `X-Auto-Response-Suppress`, `Precedence`), then the subject,
/// then the body, in English, German, French, Spanish, Dutch, Portuguese, Italian and Chinese
/// (and Swedish and Polish subjects). Pure.
public enum AutomatedMailDetector {
    /// `body`: the whole text (quoted parts included: a bounce quotes the mail it returns);
    /// `reports`: a DSN's or ARF report's machine-readable parts, when the mail came whole.
    public static func read(
        headers: MailHeaders, subject: String?, body: String, reports: [String] = [], sentAt: Date, zone: TimeZone
    ) -> MailReading {
        let text = String(body.prefix(20_000))
        let report = reports.joined(separator: "\n")
        let fields = report + "\n" + text
        let subjectText = (subject ?? headers.value("Subject").map(RawMail.decodeEncodedWords) ?? "").trimmingCharacters(in: .whitespaces)
        let contentType = (headers.value("Content-Type")?.lowercased() ?? "").replacingOccurrences(of: "\"", with: "")

        // Feedback reports (ARF): a complaint or an opt-out opts the lead out; an authentication
        // failure report (DMARC forensics) is about the sending domain, nobody to answer.
        let feedbackType = fields.firstMatch(of: rx(#"(?im)^feedback-type:\s*([a-z-]+)"#))?.output[1].substring?.lowercased()
        if contentType.contains("report-type=feedback-report") || feedbackType != nil {
            if let feedbackType, !["abuse", "fraud", "opt-out", "complaint", "other"].contains(feedbackType) {
                return MailReading(kind: .automated, evidence: "an ARF \(feedbackType) report")
            }
            return MailReading(kind: .complaint, evidence: "an ARF \(feedbackType ?? "feedback") report", recipient: complainant(fields))
        }
        let complaintWords = #"(?i)\bthis is an (?:e-?mail )?abuse report\b|\bcomplaint (?:about|regarding) (?:a |an )?(?:message|e-?mail)\b"#
        if text.contains(rx(complaintWords)) || subjectText.contains(rx(#"(?i)^complaint about message from\b|^abuse report\b"#)) {
            return MailReading(kind: .complaint, evidence: "a spam complaint report", recipient: complainant(fields))
        }
        if headers.value("X-Apple-Unsubscribe")?.lowercased() == "true" {
            return MailReading(kind: .complaint, evidence: "Apple Mail's unsubscribe request (X-Apple-Unsubscribe)")
        }

        // Delivery-status notifications.
        let isReport = contentType.contains("report-type=delivery-status")
        let dsnFields = fields.contains(rx(#"(?im)^(?:final-recipient|original-recipient):\s*rfc822;"#))
        let from = headers.value("From")?.lowercased() ?? ""
        let fromDaemon = from.contains("mailer-daemon") || from.contains("postmaster") || from.contains("mail delivery")
        let bounceSubject = subjectText.contains(rx(bounceSubjects))
        let bounceBody = text.contains(rx(bounceBodies))
        let certainBody = text.contains(rx(certainBounceBodies))
        if isReport || dsnFields || certainBody || (bounceSubject && (bounceBody || fromDaemon || text.isEmpty)) || (fromDaemon && bounceBody)
            || (bounceBody && text.contains(rx(#"(?i)\b5\.\d{1,3}\.\d{1,3}\b|\b55[0-4]\b"#)))
        {
            let evidence = isReport ? "a delivery-status report" : bounceSubject ? "subject “\(subjectText.prefix(60))”" : "a delivery failure notice"
            let recipient = headers.value("X-Failed-Recipients").flatMap(Self.address) ?? failedRecipient(fields)
            return MailReading(kind: isTransient(fields) ? .delayed : .bounce, evidence: evidence, recipient: recipient)
        }

        // "No longer with the company": a notice, usually automatic, that points elsewhere.
        let left = saysThePersonLeft(text)

        // Auto-replies by header.
        var evidence: String?
        if let value = headers.value("Auto-Submitted"), value.lowercased() != "no" {
            evidence = "header Auto-Submitted: \(value.prefix(40))"
        } else if let name = ["X-Autoreply", "X-Autorespond", "X-Autoresponder", "X-Auto-Response-Suppress"].first(where: { headers.value($0) != nil }
        ) {
            evidence = "header \(name)"
        } else if let precedence = headers.value("Precedence")?.lowercased(), precedence.contains("auto_reply") {
            evidence = "header Precedence: auto_reply"
        }
        if evidence == nil, subjectText.contains(rx(autoReplySubjects)) { evidence = "subject “\(subjectText.prefix(60))”" }
        if evidence == nil, let phrase = text.firstMatch(of: rx(awayBodies)) {
            evidence = "“\(String(phrase.output[0].substring ?? "").trimmingCharacters(in: .whitespaces).prefix(60))”"
        }
        if evidence != nil || left {
            return MailReading(
                kind: .autoReply, evidence: evidence ?? "a notice that the person has left",
                returnDate: ReturnDates.returnDate(in: text, sentAt: sentAt, zone: zone),
                leftCompany: left, referral: left ? referral(in: text) : nil)
        }

        // Bulk and list mail with nobody to answer.
        if let precedence = headers.value("Precedence")?.lowercased(), ["bulk", "junk", "list"].contains(where: precedence.contains) {
            return MailReading(kind: .automated, evidence: "header Precedence: \(precedence.prefix(20))")
        }
        if headers.value("List-Unsubscribe") != nil, headers.value("In-Reply-To") == nil {
            return MailReading(kind: .automated, evidence: "a mailing list's mail (List-Unsubscribe, not a reply)")
        }
        return .person
    }

    /// "is no longer with the company", "has left", "ist nicht mehr im Unternehmen"…
    public static func saysThePersonLeft(_ text: String) -> Bool { text.contains(CachedRegex.simple(leftCompany)) }

    // MARK: - Phrases

    static let bounceSubjects =
        #"(?i)\b(?:undeliverable|undelivered mail|delivery status notification|mail delivery (?:failed|failure|subsystem)|delivery failure|failure notice|returned mail|delivery has failed|could not be delivered|non remis|non distribuable|impossible de remettre|unzustellbar|nicht zustellbar|no se puede entregar|no entregado|onbestelbaar|niet bezorgd|não entregue|não foi possível entregar|non recapitabile|mancato recapito|无法投递|退信)\b"#
    static let bounceBodies =
        #"(?i)(?:delivery to the following recipients? (?:failed|has failed)|could not be delivered to|wasn't able to deliver|was not delivered to|the following address(?:es)? (?:failed|had permanent fatal errors)|permanent(?:ly)? (?:fatal )?(?:error|failure)|user unknown|unknown user|no such user|mailbox (?:unavailable|not found|does not exist)|recipient address rejected|address (?:not found|couldn't be found|does not exist)|account that you tried to reach does not exist|this is the mail system at host|message could not be delivered|undeliverable|returned to sender|diagnostic-code:|status: [45]\.\d|has been delayed|delivery (?:is )?delayed|will (?:continue to )?retry|mailbox (?:is )?full)"#
    /// Phrases only a delivery system writes: enough on their own.
    static let certainBounceBodies =
        #"(?i)(?:delivery to the following recipients? (?:failed|has failed)|could not be delivered to:?\s*<?[^\s@<>]+@|this is the mail system at host|following address(?:es)? had permanent fatal errors|i'm afraid i wasn't able to deliver|message (?:was|could) not (?:be )?delivered to (?:the following|any)|you are not a member of this mailing list|delivery has failed to these recipients|your message (?:to|for) \S+@\S+ (?:has been|was) (?:rejected|returned|blocked)|diagnostic-code:\s*smtp;)"#
    static let autoReplySubjects =
        #"(?i)^(?:(?:re|aw|fw|wg|tr|sv):\s*)?(?:automatic reply|auto[- ]?reply|auto[- ]?response|automatic response|out of (?:the )?office|ooo\b|away from (?:the )?office|on vacation|on leave|abwesenheitsnotiz|abwesend|automatische antwort|r[ée]ponse automatique|absence du bureau|absent du bureau|respuesta autom[áa]tica|fuera de la oficina|automatisch antwoord|afwezig|afwezigheidsmelding|resposta autom[áa]tica|fora do escrit[óo]rio|ausente|risposta automatica|fuori ufficio|assente|自动回复|自動回覆|自动答复|automatiskt svar|autosvar|automatyczna odpowied[źz])"#
    static let awayBodies =
        #"(?i)\b(?:i am (?:currently )?(?:out of (?:the )?office|away from (?:the )?office|on (?:annual |parental |sick )?leave|on vacation|on holiday)|i'm (?:currently )?(?:out of (?:the )?office|on (?:annual )?leave|on vacation|on holiday|away until)|i (?:will|shall) be (?:out of (?:the )?office|away|on leave) (?:until|till|from)|(?:limited|no) access to (?:my )?e-?mail|this is an automatic (?:reply|response)|automatic reply|ich bin (?:bis|vom|ab|derzeit|momentan|zurzeit|im urlaub|nicht im büro|außer haus|abwesend)|bin ich (?:nicht im büro|abwesend|im urlaub|außer haus)|keinen zugriff auf (?:meine )?e-?mails?|je suis (?:actuellement )?(?:absente?|en congés?|en vacances|hors du bureau)|je serai de retour|estoy (?:actualmente )?(?:fuera de la oficina|de vacaciones|ausente)|estar[ée] de (?:vuelta|regreso)|regresar[ée] el|ik ben (?:momenteel |tot en met |t/m )?(?:afwezig|niet op kantoor|met vakantie|op vakantie)|ben ik (?:weer )?(?:aanwezig|terug|afwezig)|estou (?:fora do escrit[óo]rio|de f[ée]rias|ausente)|estarei de volta|sono (?:attualmente )?(?:fuori ufficio|in ferie|assente|in vacanza)|sar[òo] di ritorno|rientrer[òo] (?:in ufficio )?il)|(?:我(?:目前|现在)?不在办公室|我正在休假|休假中|将于.{1,20}返回|自动回复)"#
    static let leftCompany =
        #"(?i)\b(?:(?:is|am) no longer (?:with|at|employed|working|part of)|no longer works? (?:for|at|with)|(?:has|have) left (?:the company|the organi[sz]ation|\w+ (?:inc|ltd|gmbh)|us)|left the company|this (?:mailbox|address|e-?mail address) is no longer (?:monitored|in use|active)|ist nicht mehr (?:im unternehmen|bei uns|für)|nicht mehr im unternehmen|ne fait plus partie|n'est plus (?:chez|avec)|ya no (?:trabaja|forma parte)|werkt niet meer|não (?:trabalha|faz parte) mais|non (?:lavora|fa) più)"#

    /// Who to write to instead: an address in the notice, else a name after "contact".
    static func referral(in text: String) -> String? {
        if let match = text.firstMatch(
            of: rx(
                #"(?i)(?:contact|reach out to|write to|email|e-mail|forward (?:it|your message) to|wenden sie sich an|contacter|contacte a|contactez)\s*:?\s*(?:my colleague\s+|our\s+)?([\p{Lu}][\p{L}'-]+(?:\s+[\p{Lu}][\p{L}'-]+)?)?[\s,(]*<?([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})?"#
            ))
        {
            let name = match.output[1].substring.map(String.init)
            let email = match.output[2].substring.map(String.init)
            if let name, let email { return "\(name) <\(email)>" }
            if let email { return email }
            if let name, !ReplyLexicon.notNames.contains(String(name.split(separator: " ")[0])) { return name }
        }
        return text.firstMatch(of: rx(#"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"#)).map { String($0.output[0].substring ?? "") }
    }

    /// The first address in a header value.
    static func address(_ value: String) -> String? {
        value.firstMatch(of: rx(#"[A-Za-z0-9._%+=-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"#)).map { String($0.output[0].substring ?? "") }
    }

    /// A DSN's `Final-Recipient` (or `Original-Recipient`), else the address the notice's text
    /// says failed ("<ann@x.com>: 550 …", "RCPT TO: ann@x.com", "could not be delivered to ann@x.com").
    static func failedRecipient(_ fields: String) -> String? {
        let address = #"<?([A-Za-z0-9._%+=-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})>?"#
        for pattern in [
            #"(?im)^final-recipient:\s*rfc822;\s*"# + address, #"(?im)^original-recipient:\s*rfc822;\s*"# + address,
            #"(?im)^x-failed-recipients:\s*"# + address, #"(?m)^\s*<([A-Za-z0-9._%+=-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})>:"#,
            #"(?i)\b(?:rcpt to|delivered to|recipients?|address(?:es)?|mailbox|user)\b[^\n@]{0,40}?"# + address,
            // A line that opens with the address: "ann@x.com: 550 …", "\"ann@x.com\":", "ann@x.com [User unknown]".
            #"(?m)^\s*(?:>>>\s*)?"?<?([A-Za-z0-9._%+=-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})>?"?\s*(?::|\.\.\.|\[|<)"#,
            #"(?m)^\s*[45]\.\d{1,3}\.\d{1,3}\s+"# + address,
        ] {
            if let match = fields.firstMatch(of: rx(pattern)), let address = match.output[1].substring { return String(address) }
        }
        return nil
    }

    /// An ARF report's `Original-Rcpt-To` or `Removal-Recipient`, else the reported mail's `To`.
    static func complainant(_ fields: String) -> String? {
        for pattern in [
            #"(?im)^original-rcpt-to:\s*<?([^\s<>;]+@[^\s<>;]+\.[^\s<>;]+)>?"#, #"(?im)^removal-recipient:\s*<?([^\s<>;]+@[^\s<>;]+\.[^\s<>;]+)>?"#,
            #"(?im)^(?:x-hmxmroriginalrecipient|to):\s*(?:[^<\n]*<)?([^\s<>;,]+@[^\s<>;,]+\.[^\s<>;,]+)>?"#,
        ] {
            if let match = fields.firstMatch(of: rx(pattern)), let address = match.output[1].substring { return String(address) }
        }
        return nil
    }

    /// A 4.x.x status, `Action: delayed`, or words that say it will be retried.
    static func isTransient(_ fields: String) -> Bool {
        if fields.contains(rx(#"(?im)^status:\s*5\."#)) || fields.contains(rx(#"(?im)^action:\s*failed"#)) { return false }
        return fields.contains(
            rx(
                #"(?im)^status:\s*4\.|^action:\s*delayed|\b(?:delivery (?:has been |is )?delayed|will (?:continue to )?(?:retry|try again)|temporar(?:y|ily) (?:failure|unavailable|deferred)|mailbox (?:is )?full|over quota)"#
            ))
    }

    private static func rx(_ pattern: String) -> Regex<AnyRegexOutput> { CachedRegex.simple(pattern) }
}

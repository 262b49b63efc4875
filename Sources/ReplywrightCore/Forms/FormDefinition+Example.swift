import Foundation

extension FormDefinition {
    /// A three-step "request a demo" form: contact, team (a small team skips the call), and a
    /// call step with consent. The dashboard offers it as a starting point and the demo seeds it.
    public static func example(slug: String = "request-a-demo") -> FormDefinition {
        FormDefinition(
            slug: slug, name: "Request a demo",
            steps: [
                FormStep(
                    id: "contact", title: "Who should we reply to?",
                    fields: [
                        FormField(id: "email", kind: .email, label: "Work email", required: true, placeholder: "you@company.com"),
                        FormField(id: "first_name", kind: .text, label: "First name"),
                        FormField(id: "company", kind: .text, label: "Company"),
                        FormField(id: "utm_source", kind: .hidden, label: "Source"),
                    ], cta: FormCallToAction(action: .next, label: "Next")),
                FormStep(
                    id: "team", title: "About your team",
                    fields: [
                        FormField(id: "team_size", kind: .number, label: "How many people send outbound?", required: true, min: 1, max: 100_000),
                        FormField(
                            id: "tools", kind: .multiselect, label: "What do you use today?", options: ["Smartlead", "Instantly", "HubSpot", "Other"]),
                        FormField(id: "crm_other", kind: .text, label: "Which other tool?", conditional: true),
                        FormField(id: "role", kind: .select, label: "Your role", options: ["Founder", "Head of sales", "SDR", "Marketing"]),
                        FormField(id: "goal", kind: .textarea, label: "What would you like to fix first?"),
                    ], cta: FormCallToAction(action: .next, label: "Next")),
                FormStep(
                    id: "call", title: "Book a call",
                    fields: [
                        FormField(id: "phone", kind: .phone, label: "Phone (optional)"),
                        FormField(id: "consent", kind: .consent, label: "You may contact me about this request", required: true),
                    ], cta: FormCallToAction(action: .bookCall, label: "Book my call", url: "https://cal.example.com/replywright-demo")),
                FormStep(
                    id: "guide", title: "Get the guide",
                    fields: [
                        FormField(id: "guide_consent", kind: .consent, label: "Email me the setup guide", required: true)
                    ], cta: FormCallToAction(action: .submit, label: "Send me the guide")),
            ],
            rules: [
                FormRule(field: "team_size", op: .lt, value: .number(5), action: .goTo, target: "guide"),
                FormRule(field: "tools", op: .contains, value: "Other", action: .showField, target: "crm_other"),
            ],
            persona: "Founders and sales leads at B2B companies who run cold email")
    }
}

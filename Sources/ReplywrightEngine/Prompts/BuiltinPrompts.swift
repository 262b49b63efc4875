import ReplywrightCore

/// The prompt templates that ship with Replywright. Keys never change meaning; a changed
/// template gets a new version, so telemetry rows stay comparable.
public enum BuiltinPrompts {
    public static let draftStrategyEmail = PromptTemplate(
        key: "draft.strategy.email", version: 1,
        system: """
            You plan replies for {{workspace_name}}'s sales team. Read the conversation and decide what the next \
            email must achieve. Answer with the JSON object the schema describes and nothing else.
            """,
        user: """
            Conversation so far (oldest first):
            {{conversation}}

            What we know about the lead:
            {{lead_context}}

            Plan the reply to the last inbound message.
            """)

    public static let draftVariantEmail = PromptTemplate(
        key: "draft.variant.email", version: 1,
        system: """
            You write one email reply for {{workspace_name}}'s sales team, following the plan and the structure \
            you are given. Write like the team's setters write. Never mention the plan.
            """,
        user: """
            Plan: {{strategy}}
            Structure: {{archetype}}
            Last message from the lead:
            {{inbound}}

            Write the reply body only.
            """)

    public static let all: [PromptTemplate] = [draftStrategyEmail, draftVariantEmail]
}

import Mustache

/// The dashboard's pages as Mustache templates (compiled once at start). `{{x}}` escapes HTML;
/// `{{{x}}}` is used only for markup built in Swift that escapes every value itself: the charts'
/// SVG (`SVGChart`) and the inbox's rows (`DashboardHTML.inboxRows`, the busiest page: Mustache's
/// per-row lookups were most of its cost). Every page extends `layout`.
enum DashboardTemplates {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in templates.merging(insightsTemplates, uniquingKeysWith: { base, _ in base }) {
            // The templates are constants of this file: a parse error is a programming error.
            try! library.register(text, named: name)
        }
        return library
    }()

    static func render(_ name: String, _ values: [String: Any]) -> String {
        library.render(values, withTemplate: name) ?? ""
    }

    static let templates: [String: String] = [
        "layout": """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{$title}}Replywright{{/title}}</title>
            <link rel="stylesheet" href="/assets/app.css">
            </head>
            <body>
            {{#user}}
            <header class="top">
              <a class="brand" href="/drafts">Replywright</a>
              <nav>
                <a href="/drafts">Inbox</a>
                <a href="/insights">Insights</a>
                <a href="/usage">AI usage</a>
                {{#isAdmin}}<a href="/settings">Settings</a>{{/isAdmin}}
              </nav>
              <div class="who">
                {{#switchable}}
                <form method="post" action="/workspace" class="inline">
                  <input type="hidden" name="_csrf" value="{{csrf}}">
                  <select name="workspace" aria-label="Workspace">
                    {{#workspaces}}<option value="{{id}}"{{#current}} selected{{/current}}>{{name}}</option>{{/workspaces}}
                  </select>
                  <button type="submit">Switch</button>
                </form>
                {{/switchable}}
                {{^switchable}}<span class="workspace">{{workspaceName}}</span>{{/switchable}}
                <span class="email"><a href="/account/password" title="Change your password">{{email}}</a> · {{role}}</span>
                <form method="post" action="/logout" class="inline">
                  <input type="hidden" name="_csrf" value="{{csrf}}">
                  <button type="submit">Log out</button>
                </form>
              </div>
            </header>
            {{/user}}
            <main>
            {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
            {{#problem}}<p class="problem" role="alert">{{problem}}</p>{{/problem}}
            {{$body}}{{/body}}
            </main>
            </body>
            </html>
            """,
        // A conversation (draft and lead pages): `messages` with direction, who, when, body.
        "timeline": """
            <ol class="timeline">
              {{#messages}}<li class="{{direction}}"><div class="meta">{{who}} · {{when}}</div><div class="text">{{body}}</div></li>{{/messages}}
            </ol>
            """,
        "login": """
            {{<layout}}
            {{$title}}Log in · Replywright{{/title}}
            {{$body}}
            <section class="card narrow">
              <h1>Log in</h1>
              <form method="post" action="/login">
                <input type="hidden" name="_csrf" value="{{loginCSRF}}">
                <input type="hidden" name="next" value="{{next}}">
                <label>Email <input type="email" name="email" value="{{email}}" autocomplete="username" required></label>
                <label>Password <input type="password" name="password" autocomplete="current-password" required></label>
                <button type="submit" class="primary">Log in</button>
              </form>
            </section>
            {{/body}}
            {{/layout}}
            """,
        "inbox": """
            {{<layout}}
            {{$title}}Inbox · Replywright{{/title}}
            {{$body}}
            <h1>Drafts waiting for review</h1>
            {{#hasDrafts}}
            <table class="list">
              <thead><tr><th>Lead</th><th>Intent</th><th>Archetype</th><th>Source</th><th>Score</th><th>Status</th><th>Written</th></tr></thead>
              <tbody>
              {{{rows}}}
              </tbody>
            </table>
            {{/hasDrafts}}
            {{^hasDrafts}}<p class="empty">Nothing to review. New replies from leads get a draft here within seconds.</p>{{/hasDrafts}}
            <nav class="pages">
              {{#previousPage}}<a href="/drafts?page={{previousPage}}">← Newer</a>{{/previousPage}}
              {{#nextPage}}<a href="/drafts?page={{nextPage}}">Older →</a>{{/nextPage}}
            </nav>
            {{/body}}
            {{/layout}}
            """,
        "draft": """
            {{<layout}}
            {{$title}}Draft for {{leadName}} · Replywright{{/title}}
            {{$body}}
            <p><a href="/drafts">← Inbox</a></p>
            <h1>Reply to <a href="/leads/{{leadId}}">{{leadName}}</a></h1>
            <p class="muted">{{intent}} · {{archetype}} · <span class="tag {{source}}">{{source}}</span> · score {{score}} · {{status}}{{#disposition}} · {{disposition}}{{/disposition}}{{#delivery}} · delivery {{delivery}}{{/delivery}}</p>
            {{#superseded}}<p class="problem" role="status">The lead wrote again after this draft: it answers an older message and can no longer be sent. Regenerate to answer the newest one.</p>{{/superseded}}
            {{#needsAnswer}}<p class="notice" role="status">Needs an answer: the lead asked something the knowledge does not cover, and the draft says you will confirm. Add the answer before sending.</p>{{/needsAnswer}}
            <div class="columns">
              <section class="card">
                <h2>Conversation</h2>
                {{> timeline}}
              </section>
              <section class="card">
                <h2>Draft</h2>
                {{#editable}}
                <form method="post" action="/drafts/{{id}}/edit">
                  <input type="hidden" name="_csrf" value="{{csrf}}">
                  <textarea name="body" rows="14" aria-label="Draft text">{{body}}</textarea>
                  <button type="submit">Save edit</button>
                </form>
                <div class="actions">
                  {{#approvable}}<form method="post" action="/drafts/{{id}}/approve"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="primary">Approve</button></form>{{/approvable}}
                  {{#sendable}}<form method="post" action="/drafts/{{id}}/send"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="primary">Send</button></form>{{/sendable}}
                  <form method="post" action="/drafts/{{id}}/reject"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit">Reject</button></form>
                  <form method="post" action="/leads/{{leadId}}/regenerate"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit">Regenerate</button></form>
                </div>
                <form method="post" action="/drafts/{{id}}/refine" class="refine">
                  <input type="hidden" name="_csrf" value="{{csrf}}">
                  <select name="mode" aria-label="Refine mode">{{#modes}}<option value="{{.}}">{{.}}</option>{{/modes}}</select>
                  <select name="nudge" aria-label="Nudge"><option value="">no nudge</option>{{#nudges}}<option value="{{.}}">{{.}}</option>{{/nudges}}</select>
                  <button type="submit">Refine</button>
                </form>
                {{/editable}}
                {{^editable}}<pre class="text">{{body}}</pre>{{/editable}}
                {{#refined}}
                <div class="card inset"><h3>Refined ({{refinedSource}}, score {{refinedScore}})</h3><pre class="text">{{refined}}</pre>
                <p class="muted">Copy what you like into the draft and save.</p></div>
                {{/refined}}
              </section>
            </div>
            <section class="card">
              <h2>Candidates</h2>
              <table class="list"><thead><tr><th>#</th><th>Words</th><th>Combined</th><th>Scope violations</th></tr></thead><tbody>
              {{#candidates}}<tr{{#winner}} class="winner"{{/winner}}><td>{{index}}</td><td>{{words}}</td><td>{{combined}}</td><td>{{violations}}</td></tr>{{/candidates}}
              </tbody></table>
              <p class="muted">Winner's scores: coverage {{scores.coverage}} · voice {{scores.voice}} · scope {{scores.scope}} · uniqueness {{scores.uniqueness}} · relevance {{scores.relevance}}</p>
            </section>
            {{/body}}
            {{/layout}}
            """,
        "lead": """
            {{<layout}}
            {{$title}}{{name}} · Replywright{{/title}}
            {{$body}}
            <p><a href="/drafts">← Inbox</a></p>
            <h1>{{name}}</h1>
            <p class="muted">{{email}}{{#company}} · {{company}}{{/company}} · {{status}} · appointment {{appointment}}{{#bookedAt}} (booked {{bookedAt}}){{/bookedAt}}{{#optedOut}} · <strong>opted out</strong>{{/optedOut}}</p>
            <div class="columns">
              <section class="card">
                <h2>Conversation</h2>
                {{> timeline}}
                {{^messages}}<p class="empty">No messages yet.</p>{{/messages}}
              </section>
              <section class="card">
                <h2>Memory{{#redacted}} <span class="muted">(redacted)</span>{{/redacted}}</h2>
                <ul class="memory">{{#memory}}<li><span class="tag">{{category}}</span> {{text}} <span class="muted">until {{expires}}</span></li>{{/memory}}</ul>
                {{^memory}}<p class="empty">Nothing remembered yet.</p>{{/memory}}
                {{#hasFollowUps}}<h2>Follow-ups</h2>{{/hasFollowUps}}
                <ul class="memory">{{#followUps}}<li><span class="tag">{{state}}</span> {{reason}}: due {{due}}</li>{{/followUps}}</ul>
                <h2>Overseer decisions</h2>
                <table class="list"><thead><tr><th>Stage</th><th>Verdict</th><th>Source</th><th>Reasons</th></tr></thead><tbody>
                {{#decisions}}<tr><td>{{stage}}</td><td>{{verdict}}</td><td>{{source}}</td><td>{{reasons}}</td></tr>{{/decisions}}
                </tbody></table>
                {{^decisions}}<p class="empty">No decisions yet.</p>{{/decisions}}
                <h2>Context of the last draft</h2>
                {{#bundle}}<div class="muted">{{value}} {{label}}</div>{{/bundle}}
                {{^bundle}}<p class="empty">No draft written with a context bundle yet.</p>{{/bundle}}
                <h2>Drafts</h2>
                <table class="list"><thead><tr><th>Written</th><th>Archetype</th><th>Source</th><th>Score</th><th>Status</th></tr></thead><tbody>
                {{#drafts}}<tr><td><a href="/drafts/{{id}}">{{written}}</a></td><td>{{archetype}}</td><td>{{source}}</td><td>{{score}}</td><td>{{status}}</td></tr>{{/drafts}}
                </tbody></table>
                {{#allDrafts}}<p class="muted">The newest 20 of {{allDrafts}}.</p>{{/allDrafts}}
                {{^drafts}}<p class="empty">No drafts for this lead yet.</p>{{/drafts}}
              </section>
            </div>
            {{/body}}
            {{/layout}}
            """,
        "settings": """
            {{<layout}}
            {{$title}}Settings · Replywright{{/title}}
            {{$body}}
            <h1>Settings</h1>
            <p><a href="/settings/users">Users →</a> · <a href="/settings/prompts">Prompts →</a></p>
            <section class="card">
              <h2>Drafting and sending</h2>
              <form method="post" action="/settings">
                <input type="hidden" name="_csrf" value="{{csrf}}">
                <label>Model <input name="model" value="{{model}}"></label>
                <label>Effort
                  <select name="effort">{{#efforts}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/efforts}}</select>
                </label>
                {{^hasModel}}<p class="muted">No model is configured for this install: the rules tier writes every draft.</p>{{/hasModel}}
                {{#coercions}}<p class="muted">Applied: {{.}}</p>{{/coercions}}
                <label>Variants per draft <input type="number" name="variants" min="1" max="8" value="{{variants}}"></label>
                <fieldset class="archetypes"><legend>Archetypes drafts may use</legend>
                  {{#archetypes}}<label class="check"><input type="checkbox" name="archetype.{{id}}" value="on"{{#checked}} checked{{/checked}}> {{name}}</label>{{/archetypes}}
                </fieldset>
                <label>Budget (seconds) <input type="number" name="budgetSeconds" min="5" max="300" value="{{budgetSeconds}}"></label>
                <label>Sender name (signs drafts when the thread's setter has no name set) <input name="senderName" maxlength="100" value="{{senderName}}" placeholder="The team"></label>
                <label>Signature (under the sign-off; the sender name when empty) <textarea name="signature" rows="3" maxlength="500">{{signature}}</textarea></label>
                <fieldset class="archetypes"><legend>Lead context bundle (knowledge and memory given to the model)</legend>
                  <label class="check"><input type="checkbox" name="contextBundle" value="on"{{#contextBundle}} checked{{/contextBundle}}> On</label>
                  {{#bundleOff}}<p class="muted">Switched off for the whole install (REPLYWRIGHT_CONTEXT_BUNDLE=off).</p>{{/bundleOff}}
                  {{#tokenBudgets}}<label class="check">{{label}} (tokens) <input type="number" name="{{name}}" min="0" value="{{value}}"></label>{{/tokenBudgets}}
                </fieldset>
                <label><input type="checkbox" name="autoSend" value="on"{{#autoSend}} checked{{/autoSend}}> Auto-send confident drafts</label>
                <label>Auto-send threshold <input type="number" name="autoSendThreshold" min="0" max="1" step="0.05" value="{{autoSendThreshold}}"></label>
                <label>Blocked domains (comma-separated) <input name="blockedDomains" value="{{blockedDomains}}"></label>
                <label>Time zone <input name="timeZone" value="{{timeZone}}"></label>
                <label>Scheduling link (offered to leads who ask for times; empty: concrete slots from the hours below) <input name="bookingLink" type="url" value="{{bookingLink}}" placeholder="https://calendly.com/you/30min"></label>
                <label>Meeting hours (in the workspace's time zone) <input name="bookingHours" value="{{bookingHours}}" placeholder="Mon-Fri 09:00-17:00"></label>
                <label>Meeting length (minutes) <input type="number" name="slotMinutes" min="10" max="240" value="{{slotMinutes}}"></label>
                <label><input type="checkbox" name="closeNotInterested" value="on"{{#closeNotInterested}} checked{{/closeNotInterested}}> Draft a short, courteous close when a lead says no (off: no draft)</label>
                <label><input type="checkbox" name="scheduleFollowUps" value="on"{{#scheduleFollowUps}} checked{{/scheduleFollowUps}}> Follow up after an away notice or a "not now" (a fresh draft on the date)</label>
                <button type="submit" class="primary">Save</button>
              </form>
            </section>
            <section class="card">
              <h2>API keys</h2>
              {{#newKey}}<p class="notice">New key (shown once): <code>{{newKey}}</code></p>{{/newKey}}
              <table class="list"><thead><tr><th>Name</th><th>Prefix</th><th>Role</th><th>Created</th><th></th></tr></thead><tbody>
              {{#keys}}<tr><td>{{name}}</td><td><code>{{prefix}}…</code></td><td>{{role}}</td><td>{{created}}</td>
                <td>{{#revoked}}revoked{{/revoked}}{{^revoked}}<form method="post" action="/settings/keys/{{id}}/revoke"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit">Revoke</button></form>{{/revoked}}</td></tr>{{/keys}}
              </tbody></table>
              <form method="post" action="/settings/keys" class="inline">
                <input type="hidden" name="_csrf" value="{{csrf}}">
                <input name="name" placeholder="Key name" required>
                <select name="role"><option value="setter">setter</option><option value="admin">admin</option></select>
                <button type="submit">Create key</button>
              </form>
            </section>
            {{/body}}
            {{/layout}}
            """,
        "users": """
            {{<layout}}
            {{$title}}Users · Replywright{{/title}}
            {{$body}}
            <p><a href="/settings">← Settings</a></p>
            <h1>Users</h1>
            {{#addedPassword}}<p class="notice">Password for {{addedEmail}} (shown once): <code>{{addedPassword}}</code> · they can change it after logging in.</p>{{/addedPassword}}
            <section class="card">
              <table class="list"><thead><tr><th>Email</th><th>Role</th><th>Account since</th><th></th></tr></thead><tbody>
              {{#members}}<tr><td>{{email}}{{#you}} <span class="muted">(you)</span>{{/you}}</td>
                <td>{{#you}}{{role}}{{/you}}{{^you}}<form method="post" action="/settings/users/{{id}}/role" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}">
                  <select name="role" aria-label="Role of {{email}}">{{#roles}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/roles}}</select>
                  <button type="submit">Change</button></form>{{/you}}</td>
                <td>{{added}}</td>
                <td>{{^you}}<form method="post" action="/settings/users/{{id}}/remove" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit">Remove</button></form>{{/you}}</td></tr>{{/members}}
              </tbody></table>
              <nav class="pages">
                {{#previousPage}}<a href="/settings/users?page={{previousPage}}">← Previous</a>{{/previousPage}}
                {{#nextPage}}<a href="/settings/users?page={{nextPage}}">Next →</a>{{/nextPage}}
              </nav>
            </section>
            <section class="card">
              <h2>Add someone</h2>
              <p class="muted">Someone with an account already just joins this workspace; a new account gets a password you pass on.</p>
              <form method="post" action="/settings/users" class="inline">
                <input type="hidden" name="_csrf" value="{{csrf}}">
                <input type="email" name="email" placeholder="email@company.com" aria-label="Email" required>
                <select name="role" aria-label="Role"><option value="setter">setter</option><option value="admin">admin</option></select>
                <button type="submit" class="primary">Add</button>
              </form>
            </section>
            {{/body}}
            {{/layout}}
            """,
        "prompts": """
            {{<layout}}
            {{$title}}Prompts · Replywright{{/title}}
            {{$body}}
            <p><a href="/settings">← Settings</a></p>
            <h1>Prompts</h1>
            <p class="muted">Every model call renders one of these templates. Overrides apply to this workspace only; each save is a revision you can roll back.</p>
            <section class="card">
              <table class="list"><thead><tr><th>Template</th><th>What it does</th><th>Active</th></tr></thead><tbody>
              {{#prompts}}<tr><td><a href="/settings/prompts/{{key}}"><code>{{key}}</code></a> <span class="muted">v{{version}}</span></td>
                <td>{{purpose}}</td><td>{{#builtin}}built-in{{/builtin}}{{^builtin}}revision {{revision}}{{/builtin}}</td></tr>{{/prompts}}
              </tbody></table>
            </section>
            {{/body}}
            {{/layout}}
            """,
        "prompt": """
            {{<layout}}
            {{$title}}{{key}} · Replywright{{/title}}
            {{$body}}
            <p><a href="/settings/prompts">← Prompts</a></p>
            <h1><code>{{key}}</code> <span class="muted">v{{version}}</span></h1>
            <p>{{purpose}} Active: {{#builtin}}the built-in template{{/builtin}}{{^builtin}}revision {{revision}}{{/builtin}}.</p>
            <section class="card">
              <h2>{{#builtin}}Override it{{/builtin}}{{^builtin}}Change it{{/builtin}}</h2>
              <form method="post" action="/settings/prompts/{{key}}">
                <input type="hidden" name="_csrf" value="{{csrf}}">
                <label>System <textarea name="system" rows="10" required>{{system}}</textarea></label>
                <label>User <textarea name="user" rows="16" required>{{userText}}</textarea></label>
                <label>Note (why) <input name="note" maxlength="500"></label>
                <button type="submit" class="primary">Save as a new revision</button>
              </form>
              <details><summary>Placeholders this template may use</summary>
                <dl class="placeholders">{{#placeholders}}<dt><code>{{display}}</code></dt><dd>{{meaning}}</dd>{{/placeholders}}</dl>
              </details>
            </section>
            <section class="card">
              <h2>History</h2>
              {{^hasHistory}}<p class="muted">No overrides yet: the built-in template is active.</p>{{/hasHistory}}
              {{#revisions}}
              <details><summary>Revision {{revision}}{{#active}} (active){{/active}} · {{when}}{{#by}} · {{by}}{{/by}}{{#restored}} · {{restored}}{{/restored}}{{#note}} · {{note}}{{/note}}</summary>
                <pre class="prompt">{{system}}</pre><pre class="prompt">{{userText}}</pre>
                {{^active}}<form method="post" action="/settings/prompts/{{key}}/rollback" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="revision" value="{{revision}}"><button type="submit">Restore revision {{revision}}</button></form>{{/active}}
              </details>
              {{/revisions}}
              {{^builtin}}<form method="post" action="/settings/prompts/{{key}}/rollback" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="revision" value="0"><button type="submit">Restore the built-in template</button></form>{{/builtin}}
            </section>
            {{/body}}
            {{/layout}}
            """,
        "password": """
            {{<layout}}
            {{$title}}Your password · Replywright{{/title}}
            {{$body}}
            <section class="card narrow">
              <h1>Change your password</h1>
              <form method="post" action="/account/password">
                <input type="hidden" name="_csrf" value="{{csrf}}">
                <label>Current password <input type="password" name="current" autocomplete="current-password" required></label>
                <label>New password (10 characters or more) <input type="password" name="new" autocomplete="new-password" minlength="10" required></label>
                <label>New password again <input type="password" name="repeat" autocomplete="new-password" minlength="10" required></label>
                <button type="submit" class="primary">Change password</button>
              </form>
            </section>
            <section class="card narrow">
              <h2>How your drafts are signed</h2>
              <p class="muted">Threads you have sent in are drafted in your name, with this signature.</p>
              <form method="post" action="/account/profile">
                <input type="hidden" name="_csrf" value="{{csrf}}">
                <label>Your name <input name="displayName" maxlength="100" value="{{displayName}}"></label>
                <label>Signature <textarea name="signature" rows="3" maxlength="500">{{signature}}</textarea></label>
                <button type="submit">Save</button>
              </form>
            </section>
            {{/body}}
            {{/layout}}
            """,
        "usage": """
            {{<layout}}
            {{$title}}AI usage · Replywright{{/title}}
            {{$body}}
            <h1>AI usage and cost</h1>
            <p class="muted">Last {{days}} days ·
              {{#ranges}}<a href="/usage?days={{.}}">{{.}} days</a> {{/ranges}} ·
              <a href="/usage.csv?days={{days}}">Download CSV</a></p>
            <div class="stats">
              <div class="card stat"><div class="muted">Calls</div><div class="big">{{calls}}</div></div>
              <div class="card stat"><div class="muted">Tokens</div><div class="big">{{tokens}}</div></div>
              <div class="card stat"><div class="muted">Cost</div><div class="big">{{cost}}</div></div>
              <div class="card stat"><div class="muted">Latency p50 / p95</div><div class="big">{{p50}} / {{p95}} ms</div></div>
              <div class="card stat"><div class="muted">Cost per booked meeting ({{booked}} credited)</div><div class="big">{{perBooking}}</div></div>
            </div>
            {{#hasRows}}
            <section class="card"><h2>Decisions per day, by source</h2>{{{callsChart}}}</section>
            <section class="card"><h2>Cost per day</h2>{{{costChart}}}</section>
            <section class="card">
              <h2>By feature and model</h2>
              <table class="list cards"><thead><tr><th>Feature</th><th>Model</th><th>Calls</th><th>Tokens</th><th>Cost</th><th>p50</th><th>p95</th><th>llm / cache / rules / fallback</th></tr></thead><tbody>
              {{#groups}}<tr><td data-label="Feature">{{feature}}</td><td data-label="Model">{{model}}</td><td data-label="Calls">{{calls}}</td><td data-label="Tokens">{{tokens}}</td><td data-label="Cost">{{cost}}</td><td data-label="p50">{{p50}} ms</td><td data-label="p95">{{p95}} ms</td><td data-label="llm / cache / rules / fallback">{{mix}}</td></tr>{{/groups}}
              </tbody></table>
            </section>
            {{/hasRows}}
            {{^hasRows}}<p class="empty">No AI activity in this period yet. Every model call and every rules-tier decision shows up here.</p>{{/hasRows}}
            {{/body}}
            {{/layout}}
            """,
        "message": """
            {{<layout}}
            {{$title}}{{heading}} · Replywright{{/title}}
            {{$body}}
            <section class="card narrow"><h1>{{heading}}</h1><p>{{text}}</p><p><a href="{{back}}">Go back</a></p></section>
            {{/body}}
            {{/layout}}
            """,
    ]

    /// One small stylesheet, served from `/assets/app.css` (no CDN, no build step).
    static let css = """
        :root { --ink: #1d2430; --muted: #6b7280; --line: #e5e7eb; --accent: #2456d3; --bad: #b42318; --good: #067647; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #f7f8fa; }
        a { color: var(--accent); }
        .top { display: flex; gap: 1.5rem; align-items: center; padding: .6rem 1.5rem; background: #fff; border-bottom: 1px solid var(--line); }
        .brand { font-weight: 700; text-decoration: none; color: var(--ink); }
        .top nav a { margin-right: 1rem; }
        .who { margin-left: auto; display: flex; gap: .75rem; align-items: center; color: var(--muted); }
        main { max-width: 1200px; margin: 1.5rem auto; padding: 0 1.5rem; }
        .card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; margin-bottom: 1rem; }
        .card.narrow { max-width: 420px; margin: 3rem auto; }
        .inset { background: #f9fafb; }
        .columns { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
        @media (max-width: 900px) { .columns { grid-template-columns: 1fr; } }
        @media (max-width: 700px) {
          .top { flex-wrap: wrap; gap: .5rem 1rem; padding: .6rem 1rem; } .top nav { display: flex; flex-wrap: wrap; gap: .25rem .75rem; }
          .who { margin-left: 0; flex-wrap: wrap; gap: .25rem .75rem; } .who .email { overflow-wrap: anywhere; }
        }
        table.list { width: 100%; border-collapse: collapse; }
        table.list th, table.list td { text-align: left; padding: .45rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        tr.winner { background: #eef4ff; }
        label { display: block; margin: .5rem 0; }
        fieldset.archetypes { border: 1px solid var(--line); border-radius: 6px; margin: .5rem 0; }
        label.check { display: inline-block; margin: .25rem 1rem .25rem 0; }
        input, select, textarea { font: inherit; padding: .35rem .5rem; border: 1px solid #cbd2dc; border-radius: 6px; }
        textarea { width: 100%; }
        button { font: inherit; padding: .35rem .8rem; border: 1px solid #cbd2dc; border-radius: 6px; background: #fff; cursor: pointer; }
        button.primary { background: var(--accent); color: #fff; border-color: var(--accent); }
        form.inline, .actions form { display: inline-block; margin: 0 .25rem .25rem 0; }
        .actions { margin: .75rem 0; }
        .muted { color: var(--muted); font-size: .9em; }
        .empty { color: var(--muted); padding: 1rem 0; }
        .notice { background: #ecfdf3; border: 1px solid #abefc6; padding: .5rem .75rem; border-radius: 6px; }
        .problem { background: #fef3f2; border: 1px solid #fecdca; padding: .5rem .75rem; border-radius: 6px; color: var(--bad); }
        .tag { display: inline-block; padding: 0 .4rem; border-radius: 4px; background: #eef2f7; font-size: .85em; }
        .tag.llm { background: #eef4ff; } .tag.rules { background: #f4f3ff; } .tag.fallback { background: #fffaeb; }
        ol.timeline { list-style: none; padding: 0; }
        ol.timeline li { padding: .5rem .75rem; margin-bottom: .5rem; border-radius: 6px; background: #f3f4f6; }
        ol.timeline li.outbound { background: #eef4ff; }
        .meta { color: var(--muted); font-size: .85em; }
        .text, pre.text { white-space: pre-wrap; font: inherit; margin: 0; }
        pre.prompt { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f8fa; padding: .5rem; border-radius: 6px; font-size: .85rem; }
        dl.placeholders dt { margin-top: .4rem; } dl.placeholders dd { margin: 0 0 0 1rem; color: #555; }
        .pages a { margin-right: 1rem; }
        .stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 10rem), 1fr)); gap: 1rem; }
        .stat .big { font-size: 1.5rem; font-weight: 600; }
        svg.chart { width: 100%; height: auto; }
        svg.chart .grid { stroke: var(--line); }
        svg.chart .axis, svg.chart .legend { font-size: 11px; fill: var(--muted); }
        svg.chart .llm { fill: #2456d3; } svg.chart .cache { fill: #7a9cf0; } svg.chart .rules { fill: #8e7cc3; }
        svg.chart .fallback { fill: #e0a030; } svg.chart .cost { fill: #067647; }
        """
}

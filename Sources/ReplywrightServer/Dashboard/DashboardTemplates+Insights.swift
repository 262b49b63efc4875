/// The C4 pages: insights, evals and proposals (see `DashboardTemplates`).
extension DashboardTemplates {
    static let insightsTemplates: [String: String] = [
        "insights": """
            {{<layout}}
            {{$title}}Insights · Replywright{{/title}}
            {{$body}}
            <h1>Insights</h1>
            <p class="muted">Which messages booked meetings, by who sent them and how. A booking credits the lead's last message before it (within the attribution window). <a href="/insights/evals">Evals</a> · <a href="/insights/proposals">Proposals</a></p>
            <section class="card">
              <h2>New report</h2>
              <form method="post" action="/insights/reports" class="row-form">
                <input type="hidden" name="_csrf" value="{{csrf}}">
                <label>Messages sent from <input type="date" name="from" value="{{defaultFrom}}" required></label>
                <label>to (inclusive) <input type="date" name="to" value="{{defaultTo}}" required></label>
                <label>Attribution window (days) <input type="number" name="attributionDays" value="14" min="1" max="90"></label>
                <label>Maturity wait (days) <input type="number" name="maturityDays" value="7" min="0" max="90"></label>
                <button type="submit" class="primary">Build report</button>
              </form>
              {{#hasReports}}<p class="muted">Earlier reports: {{#reports}}<a href="/insights?report={{id}}"{{#selected}} aria-current="page"{{/selected}}>{{range}}</a> ({{when}}) · {{/reports}}</p>{{/hasReports}}
              {{^hasReports}}<p class="empty">No report yet. Import your history (<code>replywright import</code> or <code>POST /v1/import</code>) or wait for sent replies to mature, then build one.</p>{{/hasReports}}
            </section>
            {{#report}}
            <h2>Messages sent {{range}}</h2>
            <p class="muted">{{cohort}} <a href="/insights/reports/{{id}}.csv">Download CSV</a></p>
            <div class="stats">
              <div class="card stat"><div class="muted">Messages</div><div class="big">{{messages}}</div></div>
              <div class="card stat"><div class="muted">Booked</div><div class="big">{{booked}}</div></div>
              <div class="card stat"><div class="muted">Not booked</div><div class="big">{{notBooked}}</div></div>
              <div class="card stat"><div class="muted">Pending</div><div class="big">{{pending}}</div></div>
              <div class="card stat"><div class="muted">Booked rate</div><div class="big">{{rate}}</div></div>
            </div>
            <section class="card"><h2>By sender</h2>{{{senderChart}}}
              <table class="list cards"><thead><tr><th>Against setters</th><th>Difference</th><th>95 % interval</th><th>Reading</th></tr></thead><tbody>
              {{#comparisons}}<tr><td data-label="Sender">{{sender}}</td><td data-label="Difference">{{difference}}</td><td data-label="Interval">{{interval}}</td><td data-label="Reading">{{verdict}}</td></tr>{{/comparisons}}
              </tbody></table>
            </section>
            <div class="charts">
              <section class="card"><h2>By channel</h2>{{{channelChart}}}</section>
              <section class="card"><h2>By reply speed</h2>{{{speedChart}}}</section>
              <section class="card"><h2>By archetype</h2>{{{archetypeChart}}}</section>
              <section class="card"><h2>Weekly</h2>{{{weeklyChart}}}</section>
            </div>
            <section class="card">
              <h2>Sender × channel</h2>
              <table class="list cards"><thead><tr><th>Sender</th><th>Channel</th><th>Booked</th><th>Not booked</th><th>Pending</th><th>Rate</th><th>95 % interval</th></tr></thead><tbody>
              {{#segments}}<tr><td data-label="Sender">{{sender}}</td><td data-label="Channel">{{channel}}</td><td data-label="Booked">{{booked}}</td><td data-label="Not booked">{{notBooked}}</td><td data-label="Pending">{{pending}}</td><td data-label="Rate">{{rate}}</td><td data-label="Interval">{{interval}}</td></tr>{{/segments}}
              </tbody></table>
              <p class="muted">Unattributed: {{unattributedBookings}} booking(s) credit no message{{#reasons}} · {{reason}}: {{count}}{{/reasons}}; {{unattributedMessages}} message(s) left out of every rate.</p>
            </section>
            <section class="card">
              <h2>What works, what does not</h2>
              {{#hasSynthesis}}<p class="muted">{{synthesisSource}}</p>
                {{#noFindings}}<p class="empty">No difference in this report is large enough to be more than chance.</p>{{/noFindings}}
                <ul class="findings">{{#findings}}<li class="{{#works}}works{{/works}}{{^works}}fails{{/works}}"><strong>{{kind}}:</strong> {{claim}}
                  {{#hasEvidence}}<details><summary>Evidence ({{evidenceCount}})</summary><ul>{{#evidence}}<li><span class="muted">{{outcome}}:</span> {{snippet}}</li>{{/evidence}}</ul></details>{{/hasEvidence}}</li>{{/findings}}</ul>
              {{/hasSynthesis}}
              {{^hasSynthesis}}<p class="empty">No synthesis yet.</p>{{/hasSynthesis}}
              {{#canSynthesize}}<form method="post" action="/insights/reports/{{id}}/synthesis"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit">{{#hasSynthesis}}Write it again{{/hasSynthesis}}{{^hasSynthesis}}Write the synthesis{{/hasSynthesis}}</button></form>{{/canSynthesize}}
            </section>
            <section class="card">
              <h2>Ask this report</h2>
              <form method="post" action="/insights/reports/{{id}}/ask" class="row-form">
                <input type="hidden" name="_csrf" value="{{csrf}}">
                <label class="grow">Question <input name="question" maxlength="500" required placeholder="Which opening works best for dental clinics?"></label>
                <button type="submit" class="primary">Ask</button>
              </form>
              {{#answer}}<div class="answer"><p><strong>{{question}}</strong></p><p>{{text}}</p><p class="muted">Answered by {{source}}.</p>
                <ul class="findings">{{#findings}}<li>{{claim}}</li>{{/findings}}</ul></div>{{/answer}}
            </section>
            {{/report}}
            {{/body}}
            {{/layout}}
            """,
        "evals": """
            {{<layout}}
            {{$title}}Evals · Replywright{{/title}}
            {{$body}}
            <p><a href="/insights">← Insights</a></p>
            <h1>Evals</h1>
            <p class="muted">Recent inbound messages whose outcome is known are drafted twice, as the workspace stands and with a candidate change; nothing is stored or sent. Each pair is judged in both orders, and a win counts only when both orders agree.</p>
            {{#isAdmin}}
            <div class="charts">
            <section class="card">
              <h2>Try a prompt change</h2>
              <form method="post" action="/insights/evals">
                <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="target" value="prompt">
                <label>Template <select name="key">{{#keys}}<option value="{{key}}"{{#selected}} selected{{/selected}}>{{key}}</option>{{/keys}}</select></label>
                <label>System <textarea name="system" rows="8" required>{{system}}</textarea></label>
                <label>User <textarea name="user" rows="8" required>{{userText}}</textarea></label>
                <label>Messages <input type="number" name="items" value="10" min="1" max="50"></label>
                <button type="submit" class="primary">Run the eval</button>
              </form>
            </section>
            <section class="card">
              <h2>Try a knowledge change</h2>
              {{#hasAssets}}<form method="post" action="/insights/evals">
                <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="target" value="knowledge">
                <label>Asset <select name="asset">{{#assets}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{title}}</option>{{/assets}}</select></label>
                <label>New text <textarea name="content" rows="8" required>{{content}}</textarea></label>
                <label>Messages <input type="number" name="items" value="10" min="1" max="50"></label>
                <button type="submit" class="primary">Run the eval</button>
              </form>{{/hasAssets}}
              {{^hasAssets}}<p class="empty">No knowledge assets yet.</p>{{/hasAssets}}
            </section>
            </div>
            {{/isAdmin}}
            <section class="card">
              <h2>Runs</h2>
              {{^hasRuns}}<p class="empty">No eval has run yet.</p>{{/hasRuns}}
              {{#hasRuns}}<table class="list cards"><thead><tr><th>When</th><th>Change</th><th>Judge</th><th>Messages</th><th>Win rate</th><th>State</th></tr></thead><tbody>
              {{#runs}}<tr><td data-label="When"><a href="/insights/evals/{{id}}">{{when}}</a></td><td data-label="Change">{{target}}</td><td data-label="Judge">{{judge}}</td><td data-label="Messages">{{items}}</td><td data-label="Win rate">{{winRate}}{{#better}} ✓{{/better}}</td><td data-label="State">{{state}}</td></tr>{{/runs}}
              </tbody></table>{{/hasRuns}}
            </section>
            {{/body}}
            {{/layout}}
            """,
        "eval": """
            {{<layout}}
            {{$title}}Eval · Replywright{{/title}}
            {{$body}}
            <p><a href="/insights/evals">← Evals</a></p>
            <h1>Eval of {{target}}</h1>
            <p class="muted">Judged by {{judge}} · {{state}}</p>
            <div class="stats">
              <div class="card stat"><div class="muted">Candidate win rate</div><div class="big">{{winRate}}</div></div>
              <div class="card stat"><div class="muted">Wins / losses / ties</div><div class="big">{{wins}} / {{losses}} / {{ties}}</div></div>
              <div class="card stat"><div class="muted">Rubric score, current → candidate</div><div class="big">{{currentMean}} → {{candidateMean}}</div></div>
              <div class="card stat"><div class="muted">Lost verdicts</div><div class="big">{{errors}}</div></div>
            </div>
            <p>{{verdict}}</p>
            {{#canPropose}}<form method="post" action="/insights/proposals"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="eval" value="{{id}}"><button type="submit" class="primary">Propose this change</button></form>{{/canPropose}}
            {{#items}}<section class="card pair"><p class="muted">Lead {{outcome}} · {{verdict}} · scores {{currentScore}} → {{candidateScore}} {{error}}</p>
              <div class="charts"><div><h3>Current</h3><pre class="prompt">{{current}}</pre></div><div><h3>Candidate</h3><pre class="prompt">{{candidate}}</pre></div></div></section>{{/items}}
            {{/body}}
            {{/layout}}
            """,
        "proposals": """
            {{<layout}}
            {{$title}}Proposals · Replywright{{/title}}
            {{$body}}
            <p><a href="/insights">← Insights</a></p>
            <h1>Proposals</h1>
            <p class="muted">A change to one prompt or one knowledge asset: an admin approves, a super-admin applies, and every applied change is a revision that can be rolled back.</p>
            {{^hasProposals}}<p class="empty">No proposals yet. An eval whose candidate wins can be proposed from its page.</p>{{/hasProposals}}
            {{#hasProposals}}<section class="card"><table class="list cards"><thead><tr><th>When</th><th>Change</th><th>State</th><th>Why</th></tr></thead><tbody>
            {{#proposals}}<tr><td data-label="When"><a href="/insights/proposals/{{id}}">{{when}}</a></td><td data-label="Change">{{kind}} {{target}}</td><td data-label="State">{{state}}</td><td data-label="Why">{{rationale}}</td></tr>{{/proposals}}
            </tbody></table></section>{{/hasProposals}}
            {{/body}}
            {{/layout}}
            """,
        "proposal": """
            {{<layout}}
            {{$title}}Proposal · Replywright{{/title}}
            {{$body}}
            <p><a href="/insights/proposals">← Proposals</a></p>
            <h1>Change {{kind}} <code>{{target}}</code> <span class="badge">{{state}}</span></h1>
            <p>{{rationale}}</p>
            {{#evalRunID}}<p class="muted">From <a href="/insights/evals/{{evalRunID}}">this eval</a>.</p>{{/evalRunID}}
            <section class="card"><h2>{{#applied}}What it changed (now active: revision {{appliedRevision}}){{/applied}}{{^applied}}What it would change{{/applied}}</h2>
              <pre class="diff">{{#diff}}<span class="{{kind}}">{{text}}</span>
            {{/diff}}</pre></section>
            <section class="card actions">
              {{#canApprove}}<form method="post" action="/insights/proposals/{{id}}/approve"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="primary">Approve</button></form>{{/canApprove}}
              {{#canApply}}<form method="post" action="/insights/proposals/{{id}}/apply"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="primary">Apply</button></form>{{/canApply}}
              {{#canReject}}<form method="post" action="/insights/proposals/{{id}}/reject"><input type="hidden" name="_csrf" value="{{csrf}}"><label>Note <input name="note" maxlength="500"></label><button type="submit">Reject</button></form>{{/canReject}}
              {{#waitsForSuperAdmin}}<p class="muted">Approved: a super-admin applies it.</p>{{/waitsForSuperAdmin}}
              {{#applied}}{{#isPrompt}}<p>Roll back from <a href="/settings/prompts/{{target}}">the template's history</a> (any revision, or the built-in).</p>{{/isPrompt}}{{/applied}}
            </section>
            {{#hasRevisions}}<section class="card"><h2>Revisions of the asset</h2>
              <table class="list cards"><thead><tr><th>Revision</th><th>When</th><th>Note</th><th>Text</th><th></th></tr></thead><tbody>
              {{#revisions}}<tr><td data-label="Revision">{{revision}}</td><td data-label="When">{{when}}</td><td data-label="Note">{{note}}</td><td><pre class="prompt">{{content}}</pre></td>
                <td>{{#isAdmin}}<form method="post" action="/insights/knowledge/{{assetID}}/rollback"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="revision" value="{{revision}}"><input type="hidden" name="proposal" value="{{id}}"><button type="submit">Restore</button></form>{{/isAdmin}}</td></tr>{{/revisions}}
              </tbody></table></section>{{/hasRevisions}}
            <section class="card"><h2>History</h2><ul>{{#history}}<li>{{state}} by {{by}}, {{when}}{{#note}}: {{note}}{{/note}}</li>{{/history}}</ul></section>
            {{/body}}
            {{/layout}}
            """,
    ]

    static let insightsCSS = """
        svg.chart.rates { max-width: 640px; } svg.chart.rates .bar { fill: #2456d3; } svg.chart.rates .whisker { stroke: #111; stroke-width: 1.5; }
        svg.chart .muted { fill: var(--muted); }
        .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 420px), 1fr)); gap: 1rem; }
        .row-form { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; } .row-form .grow { flex: 1 1 16rem; }
        ul.findings li { margin: .4rem 0; } ul.findings li.works strong { color: #067647; } ul.findings li.fails strong { color: #b42318; }
        pre.diff { white-space: pre-wrap; overflow-wrap: anywhere; } pre.diff .added { background: #e6f4ea; display: block; }
        pre.diff .removed { background: #fdecea; text-decoration: line-through; display: block; } pre.diff .same { display: block; }
        .actions form { display: inline-block; margin-right: .5rem; }
        a[aria-current="page"] { font-weight: 600; }
        @media (max-width: 700px) {
          table.cards thead { display: none; } table.cards tr { display: block; border-bottom: 1px solid var(--line); padding: .4rem 0; }
          table.cards td { display: flex; justify-content: space-between; gap: 1rem; border: 0; padding: .15rem 0; }
          table.cards td::before { content: attr(data-label); color: var(--muted); }
        }
        """
}

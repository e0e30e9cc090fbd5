import type { SignoffData, SignoffFailure } from './signoff-data';
import { STATUS_WORDS, countRows, environmentRows, identificationRows, ruleOutcomeWord, scopeRows, title, type Row } from './signoff-view';

/**
 * signoff/index.html: one self-contained page (inline CSS, no script, no fetch) that a release
 * manager reads top-down: the verdict, then what blocks it, then the evidence behind it.
 */
export function renderSignoffHtml(data: SignoffData): string {
  const go = data.verdict === 'GO';
  const blockingRules = data.gate.rules.filter((rule) => rule.outcome !== 'PASSED');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title(data))} — ${data.verdict}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header class="verdict ${go ? 'go' : 'nogo'}" data-testid="verdict-banner">
  <div class="verdict-word" data-testid="verdict">${data.verdict}</div>${data.interruption ? '\n  <div class="interrupted" data-testid="interrupted">INTERRUPTED</div>' : ''}
  <div>
    <h1>${esc(title(data))}</h1>
    <p data-testid="headline">${esc(data.headline)}</p>
  </div>
</header>

<section class="counts" aria-label="Counts">
${countRows(data).map(([label, value], index) => `  <div class="count" data-testid="count-${COUNT_IDS[index]}"><span class="number">${esc(value)}</span><span class="label">${esc(label)}</span></div>`).join('\n')}
</section>
${
  go
    ? ''
    : `
<section class="blocks" data-testid="blocking">
  <h2>What blocks the release</h2>
  <ul>
${blockingRules.map((rule) => `    <li><strong>${esc(rule.description)}</strong>: expected ${esc(rule.expected)}, observed ${esc(rule.observed)}</li>`).join('\n')}
  </ul>
${data.blocking.length ? failureTable(data.blocking, 'blocking-failures') : ''}
</section>`
}
${data.problems.length ? `<section class="problems"><h2>Problems building the reports</h2><ul>${data.problems.map((problem) => `<li>${esc(problem)}</li>`).join('')}</ul></section>` : ''}

<section>
  <h2>Quality gate</h2>
  <p class="note">Rules from ${esc(data.gate.source)}.</p>
  <table data-testid="gate-rules">
    <thead><tr><th>Rule</th><th>Expected</th><th>Observed</th><th>Outcome</th></tr></thead>
    <tbody>
${data.gate.rules.map((rule) => `      <tr class="${rule.outcome === 'PASSED' ? 'ok' : 'bad'}"><td>${esc(rule.description)}</td><td>${esc(rule.expected)}</td><td>${esc(rule.observed)}</td><td>${esc(ruleOutcomeWord(rule.outcome))}</td></tr>`).join('\n')}
    </tbody>
  </table>
</section>

<div class="columns">
  <section><h2>Identification</h2>${definitionList(identificationRows(data))}</section>
  <section><h2>Environment</h2>${definitionList(environmentRows(data))}<h2>Scope</h2>${definitionList(scopeRows(data))}</section>
</div>

<section>
  <h2>Results by feature</h2>
  <table data-testid="by-feature">
    <thead><tr><th>Feature</th><th>File</th><th>Scenarios</th><th>Passed</th><th>Not passed</th><th>Known issues</th><th>Skipped</th></tr></thead>
    <tbody>
${data.byFeature.map((feature) => `      <tr class="${feature.notPassed > feature.knownIssues ? 'bad' : 'ok'}"><td>${esc(feature.feature)}</td><td><code>${esc(feature.uri)}</code></td><td>${feature.total}</td><td>${feature.passed}</td><td>${feature.notPassed}</td><td>${feature.knownIssues}</td><td>${feature.skipped}</td></tr>`).join('\n')}
    </tbody>
  </table>
</section>

<section>
  <h2>Results by requirement</h2>
${
  data.byRequirement.length
    ? `  <table data-testid="by-requirement">
    <thead><tr><th>Requirement</th><th>Status</th><th>Scenarios</th><th>Passed</th><th>Not passed</th><th>Known issues</th></tr></thead>
    <tbody>
${data.byRequirement.map((requirement) => `      <tr class="${requirement.status === 'not met' ? 'bad' : requirement.status === 'met' ? 'ok' : 'warn'}"><td>${requirement.url ? `<a href="${esc(requirement.url)}">${esc(requirement.requirement)}</a>` : esc(requirement.requirement)}</td><td>${esc(requirement.status)}</td><td title="${esc(requirement.scenarios.map((scenario) => `${scenario.name}: ${STATUS_WORDS[scenario.status]}`).join('\n'))}">${requirement.total}</td><td>${requirement.passed}</td><td>${requirement.notPassed}</td><td>${requirement.knownIssues}</td></tr>`).join('\n')}
    </tbody>
  </table>`
    : '  <p>No scenario carries a <code>@req=ID</code> tag.</p>'
}
${data.scenariosWithoutRequirement ? `  <p class="note">${data.scenariosWithoutRequirement} scenario(s) trace to no requirement.</p>` : ''}
</section>

<section>
  <h2>Failures</h2>
${data.failures.length ? failureTable(data.failures, 'failures') : '  <p>None.</p>'}
</section>

<section>
  <h2>Known issues</h2>
${
  data.knownIssues.length
    ? `  <table data-testid="known-issues">
    <thead><tr><th>Issue</th><th>Scenario</th><th>Feature</th><th>Status</th><th>Category</th><th>Reason</th></tr></thead>
    <tbody>
${data.knownIssues.map((issue) => `      <tr class="warn"><td>${issue.ids.map((id) => (id.url ? `<a href="${esc(id.url)}">${esc(id.id)}</a>` : esc(id.id))).join(', ')}</td><td>${esc(issue.scenario)}</td><td>${esc(issue.feature)}</td><td>${esc(STATUS_WORDS[issue.status])}</td><td>${esc(issue.category ?? '')}</td><td>${esc(issue.reason ?? '')}</td></tr>`).join('\n')}
    </tbody>
  </table>`
    : '  <p>None.</p>'
}
${data.knownIssuesPassing.length ? `  <p class="note">Tagged as known issues but passed (the issue may be fixed): ${data.knownIssuesPassing.map((issue) => `${esc(issue.ids.map((id) => id.id).join(', '))} (${esc(issue.scenario)})`).join('; ')}.</p>` : ''}
</section>

<section>
  <h2>Evidence</h2>
  <ul data-testid="evidence">
${data.evidence.map((link) => `    <li><a href="${esc(link.href)}">${esc(link.label)}</a>: ${esc(link.description)}</li>`).join('\n')}
  </ul>
</section>

<section class="approval">
  <h2>Approval</h2>
  <table data-testid="approval">
    <tbody>
      <tr><th>Approver</th><td></td></tr>
      <tr><th>Decision (GO / NO-GO)</th><td></td></tr>
      <tr><th>Date</th><td></td></tr>
      <tr><th>Comments</th><td class="comments"></td></tr>
    </tbody>
  </table>
</section>
</main>
</body>
</html>
`;
}

const COUNT_IDS = ['total', 'passed', 'failed', 'not-runnable', 'skipped', 'known-issues', 'interrupted'];

function failureTable(failures: SignoffFailure[], testId: string): string {
  return `  <table data-testid="${testId}">
    <thead><tr><th>Scenario</th><th>Severity</th><th>Status</th><th>Category</th><th>Reason</th><th>Known issue</th><th>Allure</th></tr></thead>
    <tbody>
${failures
  .map(
    (failure) =>
      `      <tr class="${failure.blocking ? 'bad' : 'warn'}" data-scenario="${esc(failure.scenario)}"><td>${esc(failure.scenario)}<div class="note">${esc(failure.feature)}</div></td><td>${esc(failure.severity)}</td><td>${esc(STATUS_WORDS[failure.status])}</td><td class="category">${esc(failure.category)}</td><td class="reason">${esc(failure.reason)}</td><td>${esc(failure.knownIssues.join(', '))}</td><td>${failure.allureLink ? `<a href="${esc(failure.allureLink)}">open</a>` : ''}</td></tr>`,
  )
  .join('\n')}
    </tbody>
  </table>`;
}

function definitionList(rows: Row[]): string {
  return `<dl>${rows.map(([label, value]) => `<dt>${esc(label)}</dt><dd>${esc(value)}</dd>`).join('')}</dl>`;
}

function esc(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const STYLE = `
:root { --go: #1b7f3b; --nogo: #b3261e; --warn: #8a5a00; --line: #d9dde3; --muted: #5b6470; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d232b; background: #f5f6f8; }
main { max-width: 1180px; margin: 0 auto; padding: 24px; }
.verdict { display: flex; gap: 24px; align-items: center; padding: 20px 24px; border-radius: 8px; color: #fff; }
.verdict.go { background: var(--go); } .verdict.nogo { background: var(--nogo); }
.verdict-word { font-size: 56px; font-weight: 800; letter-spacing: 1px; white-space: nowrap; }
.interrupted { font-size: 20px; font-weight: 800; letter-spacing: 1px; border: 3px solid currentColor; padding: 4px 10px; }
.verdict h1 { margin: 0 0 4px; font-size: 20px; } .verdict p { margin: 0; font-size: 16px; }
.counts { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 12px; margin: 16px 0; }
.count { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
.count .number { display: block; font-size: 28px; font-weight: 700; } .count .label { color: var(--muted); font-size: 13px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 20px 16px; margin: 16px 0; }
section.blocks { border: 2px solid var(--nogo); } section.blocks h2 { color: var(--nogo); }
section.problems { border: 2px solid var(--warn); }
h2 { font-size: 18px; margin: 8px 0 10px; }
table { width: 100%; border-collapse: collapse; font-size: 14px; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
thead th { background: #eef0f3; }
tr.bad td:first-child { border-left: 4px solid var(--nogo); } tr.ok td:first-child { border-left: 4px solid var(--go); } tr.warn td:first-child { border-left: 4px solid var(--warn); }
td.reason { max-width: 460px; overflow-wrap: anywhere; }
.note { color: var(--muted); font-size: 13px; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; } .columns section { margin: 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; } dt { color: var(--muted); } dd { margin: 0; overflow-wrap: anywhere; }
.approval td { height: 34px; border: 1px solid var(--line); } .approval td.comments { height: 90px; } .approval th { width: 220px; }
code { font-size: 13px; }
@media print { body { background: #fff; } section { break-inside: avoid; } }
`;

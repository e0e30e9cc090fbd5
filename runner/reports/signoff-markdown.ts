import type { SignoffData, SignoffFailure } from './signoff-data';
import { STATUS_WORDS, countRows, environmentRows, identificationRows, ruleOutcomeWord, scopeRows, title, type Row } from './signoff-view';

/** signoff.md: the sign-off as Markdown, for a pull request, a ticket or an e-mail. */
export function renderSignoffMarkdown(data: SignoffData): string {
  const lines: string[] = [];
  const add = (...more: string[]) => lines.push(...more);

  add(`# ${text(title(data))}`, '', `## Verdict: **${data.verdict}**${data.interruption ? ' — run **INTERRUPTED**' : ''}`, '', text(data.headline), '');
  if (data.verdict === 'NO-GO') {
    add('### What blocks the release', '');
    for (const rule of data.gate.rules.filter((candidate) => candidate.outcome !== 'PASSED')) {
      add(`- ${text(rule.description)}: expected ${text(rule.expected)}, observed ${text(rule.observed)}`);
    }
    add('');
    if (data.blocking.length) add(...failureTable(data.blocking), '');
  }
  if (data.problems.length) add('### Problems building the reports', '', ...data.problems.map((problem) => `- ${text(problem)}`), '');

  add(`## Quality gate`, '', `Rules from ${text(data.gate.source)}.`, '');
  add(...table(['Rule', 'Expected', 'Observed', 'Outcome'], data.gate.rules.map((rule) => [rule.description, rule.expected, rule.observed, ruleOutcomeWord(rule.outcome)])), '');
  add('## Counts', '', ...table(['', 'Scenarios'], countRows(data)), '');
  add('## Identification', '', ...table(['', ''], identificationRows(data)), '');
  add('## Environment', '', ...table(['', ''], environmentRows(data)), '');
  add('## Scope', '', ...table(['', ''], scopeRows(data)), '');

  add('## Results by feature', '');
  add(...table(['Feature', 'File', 'Scenarios', 'Passed', 'Not passed', 'Known issues', 'Skipped'], data.byFeature.map((feature) => [feature.feature, feature.uri, String(feature.total), String(feature.passed), String(feature.notPassed), String(feature.knownIssues), String(feature.skipped)])), '');

  add('## Results by requirement', '');
  if (data.byRequirement.length) {
    add(...table(['Requirement', 'Status', 'Scenarios', 'Passed', 'Not passed', 'Known issues'], data.byRequirement.map((requirement) => [requirement.url ? `[${requirement.requirement}](${requirement.url})` : requirement.requirement, requirement.status, String(requirement.total), String(requirement.passed), String(requirement.notPassed), String(requirement.knownIssues)]), [0]), '');
  } else add('No scenario carries a `@req=ID` tag.', '');
  if (data.scenariosWithoutRequirement) add(`${data.scenariosWithoutRequirement} scenario(s) trace to no requirement.`, '');

  add('## Failures', '');
  if (data.failures.length) add(...failureTable(data.failures), '');
  else add('None.', '');

  add('## Known issues', '');
  if (data.knownIssues.length) {
    add(...table(['Issue', 'Scenario', 'Feature', 'Status', 'Category', 'Reason'], data.knownIssues.map((issue) => [issue.ids.map((id) => (id.url ? `[${id.id}](${id.url})` : id.id)).join(', '), issue.scenario, issue.feature, STATUS_WORDS[issue.status], issue.category ?? '', issue.reason ?? '']), [0]), '');
  } else add('None.', '');
  if (data.knownIssuesPassing.length) {
    add('Tagged as known issues but passed (the issue may be fixed):', '', ...data.knownIssuesPassing.map((issue) => `- ${issue.ids.map((id) => text(id.id)).join(', ')}: ${text(issue.scenario)}`), '');
  }

  add('## Evidence', '', ...data.evidence.map((link) => `- [${text(link.label)}](${link.href}): ${text(link.description)}`), '');
  add('## Approval', '', ...table(['', ''], [['Approver', ''], ['Decision (GO / NO-GO)', ''], ['Date', ''], ['Comments', '']]), '');
  return `${lines.join('\n')}\n`;
}

function failureTable(failures: SignoffFailure[]): string[] {
  return table(
    ['Scenario', 'Feature', 'Severity', 'Status', 'Category', 'Reason', 'Known issue', 'Allure'],
    failures.map((failure) => [failure.scenario, failure.feature, failure.severity, STATUS_WORDS[failure.status], failure.category, failure.reason, failure.knownIssues.join(', '), failure.allureLink ? `[open](${failure.allureLink})` : '']),
    [7],
  );
}

/** A Markdown table; cells are escaped except the columns listed as already holding Markdown links. */
function table(header: string[], rows: Array<Row | string[]>, markdownColumns: number[] = []): string[] {
  const cell = (value: string, column: number) => (markdownColumns.includes(column) ? value.replace(/\|/g, '\\|') : text(value).replace(/\|/g, '\\|'));
  return [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`, ...rows.map((row) => `| ${row.map((value, column) => cell(value, column).replace(/\n/g, ' ')).join(' | ')} |`)];
}

/** Text that Markdown must not interpret. */
function text(value: string): string {
  return value.replace(/([\\`*_[\]<>#])/g, '\\$1');
}

import fs from 'node:fs';
import path from 'node:path';
import { generateMessages } from '@cucumber/gherkin';
import { IdGenerator, SourceMediaType, type GherkinDocument } from '@cucumber/messages';
import type { PlannedScenario } from './cucumber-runner';

export interface ScenarioWithSteps extends PlannedScenario {
  /** The scenario's step texts, Background steps included, as cucumber runs them (outline values filled in). */
  steps: string[];
}

/**
 * The step texts of the scenarios a run selected, read before anything runs (nothing is loaded but
 * the feature files): what the run must prepare for, or refuse. A scenario is found by its file and
 * line as cucumber's plan gives them (an outline's example row has a line of its own).
 */
export function withSteps(projectRoot: string, planned: readonly PlannedScenario[]): ScenarioWithSteps[] {
  const byLocation = new Map<string, string[]>();
  for (const uri of new Set(planned.map((scenario) => scenario.uri))) {
    const newId = IdGenerator.incrementing();
    const envelopes = generateMessages(
      fs.readFileSync(path.resolve(projectRoot, uri), 'utf8'),
      uri,
      SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_PLAIN,
      {
        includeSource: false,
        includeGherkinDocument: true,
        includePickles: true,
        newId,
      },
    );
    const lines = new Map<string, number>();
    for (const envelope of envelopes) if (envelope.gherkinDocument) nodeLines(envelope.gherkinDocument, lines);
    for (const envelope of envelopes) {
      const pickle = envelope.pickle;
      const line = pickle ? lines.get(pickle.astNodeIds[pickle.astNodeIds.length - 1] ?? '') : undefined;
      if (pickle && line !== undefined)
        byLocation.set(
          `${uri}:${line}`,
          pickle.steps.map((step) => step.text),
        );
    }
  }
  return planned.map((scenario) => ({ ...scenario, steps: byLocation.get(`${scenario.uri}:${scenario.line}`) ?? [] }));
}

/** The line of each scenario and example row, by node id. */
function nodeLines(document: GherkinDocument, lines: Map<string, number>): void {
  const children = [...(document.feature?.children ?? [])];
  for (const child of children) {
    if (child.rule) children.push(...child.rule.children.map((ruleChild) => ({ ...ruleChild, rule: undefined })));
    const scenario = child.scenario;
    if (!scenario) continue;
    lines.set(scenario.id, scenario.location.line);
    for (const examples of scenario.examples) for (const row of examples.tableBody) lines.set(row.id, row.location.line);
  }
}

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NAMED_RESOURCE_KINDS } from '../../model/environment/resource-kinds';
import { environmentSchema } from '../../model/environment/schema';
import type { ResolvedEnvironment } from '../../model/environment/environment';
import { ResourceCatalog } from '../../support/environment/resources';
import { renderTemplate } from '../../support/templating';

/** Each kind declared in resource-kinds.ts is a field of the environment file, a catalog lookup and a placeholder. */
describe('resource kinds an environment maps by logical name', () => {
  for (const kind of NAMED_RESOURCE_KINDS) {
    const parsed = environmentSchema.parse({
      name: 'qa',
      account: '222222222222',
      region: 'eu-west-1',
      resources: { [kind.field]: { ingest: 'physical-ingest', route: 'physical-route' } },
    });
    const environment = { ...parsed, file: 'environments/qa.yml' } as ResolvedEnvironment;
    const context = {
      runId: 'pf-20261126-061500-a3f9',
      scenarioId: 'pf-20261126-061500-a3f9-s1b2c3d',
      runDate: '2026-03-01',
      environment: { name: 'qa', account: '222222222222', region: 'eu-west-1' },
      resources: new ResourceCatalog(environment),
      variables: new Map<string, unknown>(),
    };

    it(`resources.${kind.field}: \${${kind.placeholder}:<name>} gives the mapped value`, () => {
      assert.equal(renderTemplate(`\${${kind.placeholder}:route}`, context), 'physical-route');
    });

    it(`resources.${kind.field}: an unknown name is answered with the known ones and where to map it`, () => {
      assert.throws(
        () => renderTemplate(`\${${kind.placeholder}:nope}`, context),
        new RegExp(
          `Unknown ${kind.label} "nope" in environment "qa"\\. Known: ingest, route\\. Map it under resources\\.${kind.field} in environments/qa\\.yml`,
        ),
      );
    });

    it(`resources.${kind.field}: defaults to none, and is named by the placeholder message`, () => {
      const empty = environmentSchema.parse({ name: 'qa', account: '222222222222', region: 'eu-west-1', resources: {} });
      assert.deepEqual(empty.resources[kind.field], {});
      assert.throws(() => renderTemplate('${nothing}', context), new RegExp(`\\$\\{${kind.placeholder}:<name>\\}`));
    });
  }
});

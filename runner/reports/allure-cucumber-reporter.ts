import path from 'node:path';
import type { IFormatterOptions } from '@cucumber/cucumber';
import AllureCucumberReporter from 'allure-cucumberjs/reporter';

/**
 * allure-cucumberjs's formatter, with every Before/After hook named: a hook defined without a name
 * would appear in the report as "Unknown test". It is named after where it is defined
 * ("After hook (support/cucumber/hooks.ts:18)"), so a reader can find the code that ran.
 */
export default class PostflightAllureReporter extends AllureCucumberReporter {
  constructor(options: IFormatterOptions) {
    super(options);
    const hooks = this as unknown as { beforeHooks: Record<string, HookDefinition>; afterHooks: Record<string, HookDefinition> };
    hooks.beforeHooks = namedHooks(hooks.beforeHooks, 'Before', options.cwd);
    hooks.afterHooks = namedHooks(hooks.afterHooks, 'After', options.cwd);
  }
}

interface HookDefinition {
  name?: string;
  uri?: string;
  line?: number;
}

function namedHooks(hooks: Record<string, HookDefinition>, kind: string, cwd: string): Record<string, HookDefinition> {
  return Object.fromEntries(
    Object.entries(hooks).map(([id, hook]) => {
      if (hook.name) return [id, hook];
      const where = hook.uri ? ` (${path.relative(cwd, path.resolve(cwd, hook.uri)).split(path.sep).join('/')}${hook.line ? `:${hook.line}` : ''})` : '';
      // The reporter reads only the name of these entries.
      return [id, { name: `${kind} hook${where}` }];
    }),
  );
}

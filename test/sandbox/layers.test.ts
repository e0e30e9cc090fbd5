import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

/**
 * The sandbox's arrows are kept by lint (eslint.config.js, ARCHITECTURE.md): an import that
 * breaks one fails `npm run lint`. Each case lints one line as if it were written in that file.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const eslint = new ESLint({ cwd: ROOT });

async function restrictedImports(file: string, line: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${line}\nexport const used = value;\n`, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

describe('sandbox layers (lint)', () => {
  const refused: Array<{ file: string; line: string; says: RegExp }> = [
    { file: 'sandbox/services/athena/engine.ts', line: "import { value } from '../glue/provider';", says: /never imports another service/ },
    { file: 'sandbox/services/athena/engine.ts', line: "import type { value } from '../s3/provider';", says: /internal client/ },
    {
      file: 'sandbox/services/stepfunctions/integrations/x.ts',
      line: "import { value } from '../../lambda/provider';",
      says: /another service/,
    },
    {
      file: 'sandbox/services/stepfunctions/asl/states/x.ts',
      line: "import { value } from '../../../s3/provider';",
      says: /another service/,
    },
    { file: 'sandbox/services/stepfunctions/asl/states/x.ts', line: "import { value } from '../../../index';", says: /another service/ },
    { file: 'sandbox/services/lambda/x.ts', line: "import { value } from '../../deployer/deploy-stack';", says: /the deployer/ },
    { file: 'sandbox/services/lambda/x.ts', line: "import { value } from '../../server/admin';", says: /the server/ },
    { file: 'sandbox/services/lambda/x.ts', line: "import { value } from '../../sandbox';", says: /internal client/ },
    { file: 'sandbox/services/lambda/x.ts', line: "import { value } from '../../../support/world';", says: /self-contained/ },
    { file: 'sandbox/protocols/rest.ts', line: "import { value } from '../services/s3/provider';", says: /never a service/ },
    {
      file: 'sandbox/protocols/rest.ts',
      line: "export { value } from '../stores/objects/object-store';",
      says: /never a service, a store/,
    },
    { file: 'sandbox/core/faults.ts', line: "import { value } from '../server/admin';", says: /imports nothing else/ },
    { file: 'sandbox/core/faults.ts', line: "import { value } from '../protocols/aws-json';", says: /imports nothing else/ },
    { file: 'sandbox/stores/objects/object-store.ts', line: "import { value } from '../../services/s3/errors';", says: /core only/ },
    { file: 'sandbox/deployer/deploy-stack.ts', line: "import type { value } from '../sandbox';", says: /client of the sandbox/ },
    { file: 'sandbox/deployer/deploy-stack.ts', line: "import { value } from '../services/lambda/provider';", says: /never a service/ },
    { file: 'sandbox/server/admin.ts', line: "import type { value } from '../sandbox';", says: /never a service/ },
  ];
  for (const { file, line, says } of refused) {
    it(`refuses in ${file}: ${line}`, async () => {
      const messages = await restrictedImports(file, line);
      assert.equal(messages.length, 1, `expected one restricted import, got ${JSON.stringify(messages)}`);
      assert.match(messages[0] ?? '', says);
    });
  }

  const allowed: Array<{ file: string; line: string }> = [
    { file: 'sandbox/services/athena/engine.ts', line: "import { value } from './errors';" },
    { file: 'sandbox/services/athena/engine.ts', line: "import { value } from '../../stores/catalog/glue-catalog';" },
    { file: 'sandbox/services/athena/service.ts', line: "import { value } from '../service-definition';" },
    { file: 'sandbox/services/s3/rest-binding.ts', line: "import { value } from '../../protocols/rest';" },
    { file: 'sandbox/services/stepfunctions/asl/states/x.ts', line: "import { value } from '../../../../core/aws-error';" },
    { file: 'sandbox/services/stepfunctions/asl/states/x.ts', line: "import { value } from '../../history';" },
    { file: 'sandbox/services/index.ts', line: "import { value } from './s3/service';" },
    { file: 'sandbox/protocols/rest.ts', line: "import { value } from '../core/http';" },
    { file: 'sandbox/deployer/deploy-stack.ts', line: "import { value } from '../stores/stacks/stack-store';" },
    { file: 'sandbox/sandbox.ts', line: "import { value } from './services/lambda/provider';" },
  ];
  for (const { file, line } of allowed) {
    it(`allows in ${file}: ${line}`, async () => assert.deepEqual(await restrictedImports(file, line), []));
  }
});

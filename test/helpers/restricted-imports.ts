import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const eslint = new ESLint({ cwd: ROOT });

/** The no-restricted-imports messages one import line would get if it were written in `file`. */
export async function restrictedImports(file: string, line: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${line}\nexport const used = value;\n`, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

/** Lint refuses each `refused` import, with a message saying why, and lets each `allowed` one through. */
export function describeImportRules(
  title: string,
  refused: ReadonlyArray<{ file: string; line: string; says: RegExp }>,
  allowed: ReadonlyArray<{ file: string; line: string }>,
): void {
  describe(title, () => {
    for (const { file, line, says } of refused) {
      it(`refuses in ${file}: ${line}`, async () => {
        const messages = await restrictedImports(file, line);
        assert.equal(messages.length, 1, `expected one restricted import, got ${JSON.stringify(messages)}`);
        assert.match(messages[0] ?? '', says);
      });
    }
    for (const { file, line } of allowed) {
      it(`allows in ${file}: ${line}`, async () => assert.deepEqual(await restrictedImports(file, line), []));
    }
  });
}

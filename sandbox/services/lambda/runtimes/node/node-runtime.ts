import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidParameterValueException } from '../../errors';
import type { LambdaRuntime } from '../runtime';

const DIRECTORY = fileURLToPath(new URL('./', import.meta.url));
const BOOTSTRAP = path.join(DIRECTORY, 'bootstrap.mjs');

/**
 * Node.js handlers, run by `bootstrap.mjs` (the Lambda Node.js runtime interface client's
 * behaviour) in a child process of the sandbox's own Node binary.
 *
 * Fidelity gaps: every Node.js runtime (nodejs18.x … nodejs24.x) runs on the sandbox's Node
 * (Node 22); the memory size bounds the V8 heap (about 90 % of it), not the whole process.
 */
export const nodeRuntime: LambdaRuntime = {
  language: 'Node.js',
  identifiers: ['nodejs18.x', 'nodejs20.x', 'nodejs22.x', 'nodejs24.x'],
  directory: DIRECTORY,
  inlineFileName: 'index.js',
  checkHandler: assertHandlerModuleExists,
  launch: ({ memorySizeMb }) => ({
    command: process.execPath,
    // Never the sandbox's own flags (a TypeScript loader, --test, inspector ports).
    args: [`--max-old-space-size=${Math.max(64, Math.floor(memorySizeMb * 0.9))}`, BOOTSTRAP],
  }),
  environment: () => ({
    // Where Lambda's runtime-provided modules (the AWS SDK) are found: the sandbox's own packages.
    NODE_PATH: nodeModulesAbove(DIRECTORY).join(path.delimiter),
    AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
  }),
};

/**
 * Every node_modules folder above the runtime (the sandbox's own packages, wherever the project
 * is installed): where Lambda's runtime-provided modules (the AWS SDK) are found.
 */
function nodeModulesAbove(directory: string): string[] {
  const found: string[] = [];
  for (let current = directory; ; current = path.dirname(current)) {
    const candidate = path.join(current, 'node_modules');
    if (path.basename(current) !== 'node_modules' && fs.existsSync(candidate)) found.push(candidate);
    if (path.dirname(current) === current) return found;
  }
}

/** The handler must name `<module path>.<exported function>` with a module file that exists. */
function assertHandlerModuleExists(functionName: string, handler: string, codeDirectory: string): void {
  if (!codeDirectory || !fs.existsSync(codeDirectory) || !fs.statSync(codeDirectory).isDirectory()) {
    throw new InvalidParameterValueException(`Function ${functionName}: the code directory ${codeDirectory || '(none)'} does not exist.`);
  }
  const moduleAndExport = path.basename(handler ?? '');
  const moduleRoot = (handler ?? '').slice(0, (handler ?? '').length - moduleAndExport.length);
  const match = /^([^.]+)\.(.+)$/.exec(moduleAndExport);
  const moduleName = match?.[1];
  if (!handler || /\s/.test(handler) || handler.length > 128 || moduleName === undefined) {
    throw new InvalidParameterValueException(
      `Function ${functionName}: the handler "${handler ?? ''}" is not of the form <module path>.<exported function>, e.g. index.handler or src/app.handler.`,
    );
  }
  const modulePath = path.resolve(codeDirectory, moduleRoot, moduleName);
  const candidates = ['', '.js', '.mjs', '.cjs'].map((extension) => `${modulePath}${extension}`);
  if (!candidates.some((file) => fs.existsSync(file) && fs.statSync(file).isFile())) {
    throw new InvalidParameterValueException(
      `Function ${functionName}: the handler "${handler}" names the module ${path.join(moduleRoot, moduleName)}, but none of ` +
        `${candidates.map((file) => path.basename(file)).join(', ')} exists in ${path.resolve(codeDirectory, moduleRoot)}.`,
    );
  }
}

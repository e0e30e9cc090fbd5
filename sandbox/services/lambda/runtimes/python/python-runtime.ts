import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidParameterValueException, MachineRequirementMissing } from '../../errors';
import type { LambdaRuntime } from '../runtime';
import { chooseInterpreter, missingInterpreterAdvice, type PythonInterpreter } from './interpreter';

const DIRECTORY = fileURLToPath(new URL('./', import.meta.url));
const BOOTSTRAP = path.join(DIRECTORY, 'bootstrap.py');

/**
 * Python handlers, run by `bootstrap.py` (the Lambda Python runtime interface client's
 * behaviour) on this machine's Python 3 (see `interpreter.ts`), with boto3 pointed at the
 * sandbox by `sdk_endpoint.py`.
 *
 * Fidelity gaps: every Python runtime (python3.9 … python3.13) runs on the one interpreter the
 * machine has; boto3 is the interpreter's, not the version Lambda bundles; the memory size is
 * enforced by a watchdog on the resident size (checked every 50 ms), not by a cgroup.
 */
export const pythonRuntime: LambdaRuntime = {
  language: 'Python',
  identifiers: ['python3.9', 'python3.10', 'python3.11', 'python3.12', 'python3.13'],
  directory: DIRECTORY,
  inlineFileName: 'index.py',
  checkHandler(functionName, handler, codeDirectory) {
    interpreterFor(functionName);
    assertHandlerModuleExists(functionName, handler, codeDirectory);
  },
  launch: () => ({
    command: interpreterFor('').executable,
    // -B: no __pycache__ written into the function's code folder; -s: no user site-packages.
    args: ['-B', '-s', BOOTSTRAP],
  }),
  // Python's text streams in UTF-8, as on Lambda.
  environment: () => ({ LC_CTYPE: 'C.UTF-8' }),
};

function interpreterFor(functionName: string): PythonInterpreter {
  const choice = chooseInterpreter();
  if ('found' in choice) return choice.found;
  throw new MachineRequirementMissing(`Function ${functionName}: ${missingInterpreterAdvice(choice)}`);
}

/** `<module path>.<function>`: the module (`app`, `src/app`, `pkg.app`) must be a file or package in the code folder. */
function assertHandlerModuleExists(functionName: string, handler: string, codeDirectory: string): void {
  if (!codeDirectory || !fs.existsSync(codeDirectory) || !fs.statSync(codeDirectory).isDirectory()) {
    throw new InvalidParameterValueException(`Function ${functionName}: the code directory ${codeDirectory || '(none)'} does not exist.`);
  }
  const separator = (handler ?? '').lastIndexOf('.');
  const moduleName = (handler ?? '').slice(0, Math.max(0, separator));
  if (!handler || /\s/.test(handler) || handler.length > 128 || separator <= 0 || separator === handler.length - 1) {
    throw new InvalidParameterValueException(
      `Function ${functionName}: the handler "${handler ?? ''}" is not of the form <module>.<function>, e.g. app.lambda_handler or src/app.handler.`,
    );
  }
  const modulePath = path.resolve(codeDirectory, ...moduleName.replaceAll('/', '.').split('.'));
  const candidates = [`${modulePath}.py`, path.join(modulePath, '__init__.py')];
  const compiled = fs.existsSync(path.dirname(modulePath))
    ? fs.readdirSync(path.dirname(modulePath)).some((file) => file.startsWith(`${path.basename(modulePath)}.`) && file.endsWith('.so'))
    : false;
  if (!compiled && !candidates.some((file) => fs.existsSync(file) && fs.statSync(file).isFile())) {
    throw new InvalidParameterValueException(
      `Function ${functionName}: the handler "${handler}" names the module ${moduleName}, but neither ` +
        `${candidates.map((file) => path.relative(codeDirectory, file)).join(' nor ')} exists in ${codeDirectory}.`,
    );
  }
}

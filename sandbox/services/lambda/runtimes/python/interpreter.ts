import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** A Python 3 on this machine, as probed: the real binary behind any shim, its version, its boto3. */
export interface PythonInterpreter {
  executable: string;
  version: string;
  boto3?: string;
  botocore?: string;
}

/** Where a Python function's interpreter comes from, and why none fits: for the deploy's message. */
export type InterpreterChoice =
  | { found: PythonInterpreter }
  | { missing: 'python'; looked: string[] }
  | { missing: 'boto3'; candidates: PythonInterpreter[] }
  | { missing: 'version'; candidates: PythonInterpreter[] };

/** Set it to the interpreter Python functions must run on (a virtual environment's python, say). */
export const INTERPRETER_VARIABLE = 'POSTFLIGHT_PYTHON';
const MINIMUM_VERSION = [3, 9] as const;

// `-s`: no user site-packages, as in the worker (whose HOME is an empty folder).
const PROBE = [
  'import json, sys',
  'try:',
  '    from importlib.metadata import version',
  '    boto3, botocore = version("boto3"), version("botocore")',
  'except Exception:',
  '    boto3 = botocore = None',
  'print(json.dumps({"executable": sys.executable, "version": "%d.%d.%d" % sys.version_info[:3], "boto3": boto3, "botocore": botocore}))',
].join('\n');

const probed = new Map<string, PythonInterpreter | undefined>();

/**
 * The interpreter Python functions run on: `$POSTFLIGHT_PYTHON` if set, else the first of
 * `python3` on PATH and `/usr/bin/python3` that is Python ≥ 3.9 with boto3 importable (Lambda's
 * Python runtimes provide boto3, so functions may import it without bundling it). Probed once.
 */
export function chooseInterpreter(environment: NodeJS.ProcessEnv = process.env): InterpreterChoice {
  const looked = candidatePaths(environment);
  const candidates = looked.map(probe).filter((interpreter): interpreter is PythonInterpreter => interpreter !== undefined);
  if (candidates.length === 0) return { missing: 'python', looked };
  const recentEnough = candidates.filter(isRecentEnough);
  if (recentEnough.length === 0) return { missing: 'version', candidates };
  const withBoto3 = recentEnough.find((interpreter) => interpreter.boto3 !== undefined);
  return withBoto3 ? { found: withBoto3 } : { missing: 'boto3', candidates: recentEnough };
}

/** What to tell a user whose machine lacks what a Python function needs. */
export function missingInterpreterAdvice(choice: Exclude<InterpreterChoice, { found: PythonInterpreter }>): string {
  const install =
    'Install it with `apt-get install -y python3 python3-boto3` (Debian, Ubuntu), or point ' +
    `${INTERPRETER_VARIABLE} at a Python 3 interpreter that has boto3 (a virtual environment's bin/python).`;
  const described = (candidates: PythonInterpreter[]) =>
    candidates.map((interpreter) => `${interpreter.executable} (Python ${interpreter.version})`).join(', ');
  switch (choice.missing) {
    case 'python':
      return `the sandbox runs Python functions on this machine's Python 3, and found none (looked for ${choice.looked.join(', ') || 'python3 on PATH'}). ${install}`;
    case 'version':
      return `the sandbox runs Python functions on Python ${MINIMUM_VERSION.join('.')} or later; this machine has ${described(choice.candidates)}. ${install}`;
    case 'boto3':
      return (
        `Lambda's Python runtime provides boto3, but ${described(choice.candidates)} cannot import it. ` +
        `Install it with \`apt-get install -y python3-boto3\` (Debian, Ubuntu) or \`python3 -m pip install boto3\`, or point ` +
        `${INTERPRETER_VARIABLE} at an interpreter that has it.`
      );
  }
}

function candidatePaths(environment: NodeJS.ProcessEnv): string[] {
  const chosen = environment[INTERPRETER_VARIABLE];
  if (chosen) return [chosen];
  const onPath = (environment.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .map((directory) => path.join(directory, 'python3'))
    .find(isExecutable);
  return [...new Set([onPath, '/usr/bin/python3'].filter((candidate): candidate is string => !!candidate && isExecutable(candidate)))];
}

function probe(executable: string): PythonInterpreter | undefined {
  if (!probed.has(executable)) {
    let found: PythonInterpreter | undefined;
    try {
      const output = execFileSync(executable, ['-s', '-c', PROBE], {
        encoding: 'utf8',
        timeout: 15_000,
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const parsed = JSON.parse(output) as { executable: string; version: string; boto3: string | null; botocore: string | null };
      found = {
        executable: parsed.executable || executable,
        version: parsed.version,
        boto3: parsed.boto3 ?? undefined,
        botocore: parsed.botocore ?? undefined,
      };
    } catch {
      found = undefined;
    }
    probed.set(executable, found);
  }
  return probed.get(executable);
}

function isRecentEnough(interpreter: PythonInterpreter): boolean {
  const [major = 0, minor = 0] = interpreter.version.split('.').map(Number);
  return major > MINIMUM_VERSION[0] || (major === MINIMUM_VERSION[0] && minor >= MINIMUM_VERSION[1]);
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Runs a buildspec's phase commands the way CodeBuild does, closely enough to test its control
 * flow: phases in order (install, pre_build, build, post_build); the commands of a phase one after
 * another until one fails; the phase's `finally` commands in any case; environment variables
 * carried from command to command and phase to phase; a failed install or pre_build ends the build,
 * a failed build still runs post_build; the exported variables read at the end. runtime-versions
 * are not installed: the test runs with the Node on PATH.
 */
export interface BuildspecPhase {
  'runtime-versions'?: Record<string, unknown>;
  commands?: string[];
  finally?: string[];
}

export interface Buildspec {
  version: unknown;
  env?: { shell?: string; variables?: Record<string, unknown>; 'exported-variables'?: string[] };
  phases: Partial<Record<PhaseName, BuildspecPhase>>;
  reports?: Record<string, { files: string[]; 'base-directory'?: string; 'file-format'?: string; 'discard-paths'?: unknown }>;
  artifacts?: { files: string[]; 'base-directory'?: string; name?: string };
  cache?: { paths: string[] };
}

export const PHASES = ['install', 'pre_build', 'build', 'post_build'] as const;
export type PhaseName = (typeof PHASES)[number];

export interface BuildResult {
  phases: Array<{ name: PhaseName; status: 'SUCCEEDED' | 'FAILED'; failedCommand?: string }>;
  /** FAILED when any phase failed. */
  status: 'SUCCEEDED' | 'FAILED';
  exported: Record<string, string>;
  output: string;
}

/** Variables the shell sets by itself: not carried from one command to the next. */
const SHELL_OWN = new Set(['_', 'SHLVL', 'PWD', 'OLDPWD', 'BUILDSPEC_STATE']);

export function runBuildspec(buildspec: Buildspec, options: { cwd: string; env: Record<string, string> }): BuildResult {
  const shell = buildspec.env?.shell ?? 'bash';
  let env: Record<string, string> = { ...options.env };
  // Build-spec variables have the lowest precedence: the project's and the action's win.
  for (const [name, value] of Object.entries(buildspec.env?.variables ?? {})) if (!(name in env)) env[name] = String(value);
  const stateFile = path.join(options.cwd, '.buildspec-state');
  const result: BuildResult = { phases: [], status: 'SUCCEEDED', exported: {}, output: '' };

  const run = (command: string): boolean => {
    // The EXIT trap records the environment whatever way the command ends.
    const script = `trap 'env -0 > "$BUILDSPEC_STATE"' EXIT\n${command}\n`;
    const child = spawnSync(shell, ['-c', script], {
      cwd: options.cwd,
      env: { ...env, BUILDSPEC_STATE: stateFile },
      encoding: 'utf8',
      timeout: 60_000,
    });
    result.output += `$ ${command}\n${child.stdout ?? ''}${child.stderr ?? ''}`;
    if (fs.existsSync(stateFile)) {
      env = {};
      for (const entry of fs.readFileSync(stateFile, 'utf8').split('\0')) {
        const equals = entry.indexOf('=');
        if (equals > 0 && !SHELL_OWN.has(entry.slice(0, equals))) env[entry.slice(0, equals)] = entry.slice(equals + 1);
      }
      fs.rmSync(stateFile);
    }
    return child.status === 0;
  };

  for (const name of PHASES) {
    const phase = buildspec.phases[name];
    if (!phase) continue;
    let failedCommand: string | undefined;
    for (const command of phase.commands ?? []) {
      if (!run(command)) {
        failedCommand = command;
        break;
      }
    }
    for (const command of phase.finally ?? []) {
      if (!run(command)) {
        failedCommand ??= command;
        break;
      }
    }
    result.phases.push({ name, status: failedCommand ? 'FAILED' : 'SUCCEEDED', failedCommand });
    if (failedCommand) {
      result.status = 'FAILED';
      if (name === 'install' || name === 'pre_build') break;
    }
  }
  for (const name of buildspec.env?.['exported-variables'] ?? []) if (env[name] !== undefined) result.exported[name] = env[name];
  return result;
}

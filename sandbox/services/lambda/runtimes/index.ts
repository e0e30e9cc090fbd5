import { nodeRuntime } from './node/node-runtime';
import { pythonRuntime } from './python/python-runtime';
import type { LambdaRuntime } from './runtime';

/** The runtimes functions can run on: one line each. */
export const RUNTIMES: readonly LambdaRuntime[] = [nodeRuntime, pythonRuntime];

export function runtimeFor(identifier: string): LambdaRuntime | undefined {
  return RUNTIMES.find((runtime) => runtime.identifiers.includes(identifier));
}

/** `Node.js: nodejs18.x, …; Python: python3.9, …`: what a refused runtime's message offers instead. */
export function describeRuntimes(): string {
  return RUNTIMES.map((runtime) => `${runtime.language}: ${runtime.identifiers.join(', ')}`).join('; ');
}

import { nodeRuntime } from './node/node-runtime';
import type { LambdaRuntime } from './runtime';

/** The runtimes functions can run on: one line each. */
export const RUNTIMES: readonly LambdaRuntime[] = [nodeRuntime];

export function runtimeFor(identifier: string): LambdaRuntime | undefined {
  return RUNTIMES.find((runtime) => runtime.identifiers.includes(identifier));
}

/** `nodejs18.x, nodejs20.x (Node.js)`: what a refused runtime's message offers instead. */
export function describeRuntimes(): string {
  return RUNTIMES.map((runtime) => `${runtime.language}: ${runtime.identifiers.join(', ')}`).join('; ');
}

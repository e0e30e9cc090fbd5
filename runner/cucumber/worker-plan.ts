import os from 'node:os';

export interface WorkerPlan {
  /** Worker processes to start: no more than there are scenarios. */
  workers: number;
  warnings: string[];
}

/** Beyond this many workers per core, workers mostly wait for each other (and for the sandbox on the same machine). */
const WORKERS_PER_CORE = 4;

/** `--parallel N` against what the machine and the selected scenarios can use. */
export function planWorkers(requested: number, scenarios: number, cores = os.availableParallelism()): WorkerPlan {
  const warnings: string[] = [];
  const workers = Math.min(requested, scenarios);
  if (requested > scenarios) {
    warnings.push(`--parallel ${requested}: only ${scenarios} scenario(s) are selected, so ${workers} worker(s) will run them.`);
  }
  if (workers > cores * WORKERS_PER_CORE) {
    warnings.push(
      `--parallel ${requested}: this machine has ${cores} core(s); more than ${cores * WORKERS_PER_CORE} workers ` +
        'slow each other down (each is a Node.js process loading the support code). Try --parallel ' +
        `${Math.min(scenarios, cores * 2)}.`,
    );
  }
  return { workers, warnings };
}

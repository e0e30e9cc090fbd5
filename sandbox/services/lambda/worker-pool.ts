import type { LambdaWorker } from './worker';

export interface WorkerPoolOptions {
  /** Starts a fresh execution environment. */
  start: () => LambdaWorker;
  /** How many environments may run at once; further invocations wait for one to be free. */
  maxWorkers: number;
  /** A warm environment left idle this long is stopped (Lambda reclaims idle environments too). */
  idleTimeoutMs: number;
}

interface Waiter {
  resolve: (worker: LambdaWorker) => void;
  reject: (error: Error) => void;
}

/**
 * The warm execution environments of one function: reused one invocation at a time, grown for
 * concurrent invocations up to a cap, replaced when one dies (timeout, crash).
 */
export class WorkerPool {
  private readonly workers = new Set<LambdaWorker>();
  private readonly idle: LambdaWorker[] = [];
  private readonly idleTimers = new Map<LambdaWorker, NodeJS.Timeout>();
  private readonly waiting: Waiter[] = [];
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {}

  /** A warm idle worker, a new one, or — at the cap — the next one released. */
  acquire(): Promise<LambdaWorker> {
    if (this.closed) return Promise.reject(new Error('The Lambda service is shutting down.'));
    const warm = this.takeIdle();
    if (warm) return Promise.resolve(warm);
    if (this.workers.size < this.options.maxWorkers) return Promise.resolve(this.startWorker());
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** Back after an invocation: to the next waiting invocation, or idle. */
  release(worker: LambdaWorker): void {
    if (!worker.alive || this.closed) {
      void worker.kill();
      return;
    }
    const next = this.waiting.shift();
    if (next) {
      next.resolve(worker);
      return;
    }
    this.idle.push(worker);
    const timer = setTimeout(() => void worker.kill(), this.options.idleTimeoutMs);
    timer.unref();
    this.idleTimers.set(worker, timer);
  }

  /** A worker whose log stream can take lines that belong to no running environment. */
  anyWorker(): LambdaWorker | undefined {
    return this.idle.at(-1) ?? [...this.workers].at(-1);
  }

  get size(): number {
    return this.workers.size;
  }

  /** Stops every worker and waits until their processes are gone. */
  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter.reject(new Error('The Lambda service is shutting down.'));
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    this.idleTimers.clear();
    await Promise.all([...this.workers].map((worker) => worker.kill()));
  }

  private startWorker(): LambdaWorker {
    const worker = this.options.start();
    this.workers.add(worker);
    void worker.exited.then(() => this.forget(worker));
    return worker;
  }

  private takeIdle(): LambdaWorker | undefined {
    while (this.idle.length > 0) {
      const worker = this.idle.pop()!;
      clearTimeout(this.idleTimers.get(worker));
      this.idleTimers.delete(worker);
      if (worker.alive) return worker;
    }
    return undefined;
  }

  private forget(worker: LambdaWorker): void {
    this.workers.delete(worker);
    const index = this.idle.indexOf(worker);
    if (index >= 0) this.idle.splice(index, 1);
    clearTimeout(this.idleTimers.get(worker));
    this.idleTimers.delete(worker);
    // A freed slot goes to the longest-waiting invocation.
    if (!this.closed && this.waiting.length > 0 && this.workers.size < this.options.maxWorkers) {
      this.waiting.shift()!.resolve(this.startWorker());
    }
  }
}

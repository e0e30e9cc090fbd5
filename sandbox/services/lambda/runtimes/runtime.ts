/** How one execution environment's process is started. */
export interface WorkerLaunch {
  command: string;
  args: string[];
}

/**
 * A language runtime functions can run on (Node.js, Python): one worker kind each.
 * Whatever the language, a worker process speaks the same protocol with the sandbox over an IPC
 * channel of newline-delimited JSON (see `worker.ts`): it loads the handler, answers `ready` or
 * `init-error`, then serves `invoke` messages one at a time with `result` or `error`, sending
 * its log lines as `log` messages. An error may carry the runtime's own serialization of its
 * document (`payload`): Invoke answers those bytes, as Lambda does. Lambda's platform side — payload limits, START/END/REPORT
 * lines, timeouts, the pool of warm environments — is the same for every runtime.
 */
export interface LambdaRuntime {
  /** For messages: `Node.js`. */
  readonly language: string;
  /** The `Runtime` values it serves: `nodejs22.x`, … */
  readonly identifiers: readonly string[];
  /** Where the runtime's own files are (`LAMBDA_RUNTIME_DIR`). */
  readonly directory: string;
  /** The file inline code (`Code.ZipFile`, `InlineCode`) is written to, as CloudFormation names it: `index.js`, `index.py`. */
  readonly inlineFileName: string;
  /**
   * Deploy-time check that the handler names code that exists, as the runtime would look it up
   * (throws InvalidParameterValueException naming the function): Lambda itself would only find
   * out at the first invocation.
   */
  checkHandler(functionName: string, handler: string, codeDirectory: string): void;
  /** The process of one execution environment, given the function's memory size. */
  launch(settings: { memorySizeMb: number }): WorkerLaunch;
  /** Variables this runtime sets beside Lambda's own (the function's own values win over these). */
  environment(): Record<string, string>;
}

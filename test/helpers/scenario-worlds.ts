import { newRunId } from '../../model/run-id';
import { prepareRun, type PreparedRun } from '../../runner/startup/prepare-run';
import { PostflightWorld, releaseSharedClients } from '../../support/world';
import { PROJECT_ROOT, sampleLakeSandbox } from './postflight-cli';
import type { Sandbox } from '../../sandbox/sandbox';

/** A scenario's World as the hooks set it up, keeping what it attaches. */
export interface TestWorld extends PostflightWorld {
  attachments: Array<{ fileName?: string; body: string }>;
}

/**
 * One run of `environments/local.yml` against an in-process sample-lake sandbox, prepared as
 * `postflight run` prepares it, whose scenarios are driven step by step through the library — so
 * that a test can choose exactly how two scenarios interleave.
 */
export class LocalRun {
  private constructor(
    readonly sandbox: Sandbox,
    readonly prepared: PreparedRun,
  ) {}

  static async start(): Promise<LocalRun> {
    const sandbox = await sampleLakeSandbox();
    const prepared = await prepareRun({ env: 'local', projectRoot: PROJECT_ROOT, runId: newRunId(), sandboxEndpoint: sandbox.endpoint });
    return new LocalRun(sandbox, prepared);
  }

  /** A new scenario of this run; `pickleId` (hex) makes its scenario id. */
  async scenario(pickleId: string): Promise<TestWorld> {
    const attachments: TestWorld['attachments'] = [];
    const world = new PostflightWorld({
      attach: ((body: string, options?: { fileName?: string }) => {
        attachments.push({ body, fileName: options?.fileName });
      }) as never,
      log: () => undefined,
      link: () => undefined,
      parameters: {
        environment: this.prepared.environment,
        runId: this.prepared.runId,
        runDate: this.prepared.runDate,
        keepData: false,
        projectRoot: PROJECT_ROOT,
      },
    } as never) as TestWorld;
    world.attachments = attachments;
    await world.init(pickleId);
    return world;
  }

  async stop(): Promise<void> {
    releaseSharedClients();
    await this.prepared.dispose();
    await this.sandbox.stop();
  }
}

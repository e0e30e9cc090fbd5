import { StartupError } from '../../model/startup-error';
import { withoutSandboxOnly } from './sandbox-only';

/**
 * A protected environment (prod) before the run starts: the human confirmation, and only `@prod-safe`
 * scenarios selected. Its writes are refused outside `writablePrefixes` while it runs (support/guards/write-guard.ts).
 */

/** The tag a scenario must carry to run against a protected environment. */
export const PROD_SAFE_TAG = '@prod-safe';

/** A protected run needs `--confirm <name>`: typing the environment's name is the human check. */
export function checkConfirmation(environment: { name: string; protected: boolean; file: string }, confirm: string | undefined): void {
  if (!environment.protected) return;
  if (confirm !== environment.name) {
    throw new StartupError(
      `Environment "${environment.name}" is protected (${environment.file}): runs against it need --confirm ${environment.name}` +
        `${confirm ? ` (got --confirm ${confirm})` : ''}. Nothing was run.`,
      `Re-run with --confirm ${environment.name} if you mean it; only ${PROD_SAFE_TAG} scenarios will run, writing only under the environment's writablePrefixes.`,
    );
  }
}

/**
 * The tags a run selects by: on a protected environment, only `@prod-safe` scenarios, whatever else
 * was asked; on an AWS environment, no `@sandbox-only` scenario unless the tags ask for them.
 */
export function effectiveTags(environment: { protected: boolean; sandbox?: unknown }, requested: string | undefined): string | undefined {
  const safe = !environment.protected ? requested : requested ? `(${requested}) and ${PROD_SAFE_TAG}` : PROD_SAFE_TAG;
  return withoutSandboxOnly(environment, safe);
}

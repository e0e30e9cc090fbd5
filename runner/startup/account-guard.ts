import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsClients } from '../../support/aws/clients';
import { StartupError } from '../../model/startup-error';

export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

/**
 * Before anything runs: the credentials must belong to the environment's account, so a suite
 * meant for QA can never touch PROD because a profile was wrong.
 */
export async function checkAccount(
  clients: AwsClients,
  environment: { name: string; account: string; file: string },
): Promise<CallerIdentity> {
  let identity;
  try {
    identity = await clients.sts.send(new GetCallerIdentityCommand({}));
  } catch (error) {
    throw new StartupError(
      `Could not establish who the run is acting as for environment "${environment.name}": ${(error as Error).name}: ${(error as Error).message}.`,
      'Check AWS_PROFILE / SSO login (aws sso login), or the credentials.roleArn in the environment file and its trust policy.',
    );
  }
  const caller: CallerIdentity = { account: identity.Account ?? '', arn: identity.Arn ?? '', userId: identity.UserId ?? '' };
  if (caller.account !== environment.account) {
    throw new StartupError(
      `Account guard: environment "${environment.name}" (${environment.file}) is account ${environment.account}, ` +
        `but the credentials in use belong to account ${caller.account} (${caller.arn}). Nothing was run.`,
      'Use credentials for the right account (AWS_PROFILE, or credentials.roleArn in the environment file).',
    );
  }
  return caller;
}

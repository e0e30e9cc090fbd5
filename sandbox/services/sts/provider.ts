import { randomBytes } from 'node:crypto';
import type { AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import type { RequestContext } from '../../core/request-context';
import type { Provider } from '../../core/provider';
import { AwsError } from '../../core/aws-error';

interface Session {
  roleArn: string;
  roleName: string;
  sessionName: string;
  roleId: string;
  expiration: Date;
}

export class ValidationError extends AwsError {
  constructor(message: string) {
    super('ValidationError', message, 400);
  }
}

/**
 * STS: who the caller is, and role sessions. An AssumeRole hands out fresh keys that the sandbox
 * remembers, so a later GetCallerIdentity signed with them answers the assumed-role ARN — the
 * same evidence a run on AWS leaves that it used its target-account role.
 */
export class StsProvider implements Provider {
  readonly serviceName = 'sts';
  readonly operations = ['GetCallerIdentity', 'AssumeRole'] as const;
  private readonly sessions = new Map<string, Session>();

  getCallerIdentity(_input: unknown, context: RequestContext) {
    const session = context.accessKeyId ? this.sessions.get(context.accessKeyId) : undefined;
    if (session) {
      return {
        UserId: `${session.roleId}:${session.sessionName}`,
        Account: context.accountId,
        Arn: `arn:aws:sts::${context.accountId}:assumed-role/${session.roleName}/${session.sessionName}`,
      };
    }
    return {
      UserId: context.accessKeyId ?? 'AKIAIOSFODNN7EXAMPLE',
      Account: context.accountId,
      Arn: `arn:aws:iam::${context.accountId}:root`,
    };
  }

  assumeRole(input: AssumeRoleCommandInput, context: RequestContext) {
    const roleArn = input.RoleArn ?? '';
    const sessionName = input.RoleSessionName ?? '';
    const role = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]{1,64})$/.exec(roleArn);
    const roleName = role?.[2];
    if (!roleName) throw new ValidationError(`${roleArn} is invalid`);
    if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
      throw new ValidationError(
        `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
      );
    }
    const durationSeconds = input.DurationSeconds ?? 3600;
    const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
    const roleId = `AROA${randomBytes(8).toString('hex').toUpperCase()}`;
    const expiration = new Date(Date.now() + durationSeconds * 1000);
    this.sessions.set(accessKeyId, { roleArn, roleName, sessionName, roleId, expiration });
    return {
      Credentials: {
        AccessKeyId: accessKeyId,
        SecretAccessKey: randomBytes(30).toString('base64'),
        SessionToken: randomBytes(64).toString('base64'),
        Expiration: expiration,
      },
      AssumedRoleUser: {
        AssumedRoleId: `${roleId}:${sessionName}`,
        Arn: `arn:aws:sts::${context.accountId}:assumed-role/${roleName}/${sessionName}`,
      },
    };
  }
}

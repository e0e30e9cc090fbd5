import { DescribeStacksCommand, type Output } from '@aws-sdk/client-cloudformation';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import type { AwsClients } from '../../support/aws/clients';
import type { LoadedEnvironment } from '../../model/environment/environment';
import { EnvironmentError } from './load-environment';

const PLACEHOLDER = /\$\{([a-z]+):([^}]+)\}/g;
const KINDS = ['cfn', 'ssm', 'env'];

/**
 * Resolves `${cfn:<stack>.<OutputKey>}`, `${ssm:<name>}` and `${env:VAR}` in every string of the
 * environment, once per run. A missing output, parameter or variable is an error naming it.
 */
export async function resolveEnvironment<T extends LoadedEnvironment>(
  environment: T,
  clients: AwsClients | undefined,
  only: Array<'cfn' | 'ssm' | 'env'> = ['cfn', 'ssm', 'env'],
): Promise<T> {
  const stackOutputs = new Map<string, Output[]>();
  const parameters = new Map<string, string>();
  const file = environment.file;

  const lookup = async (kind: string, reference: string, field: string): Promise<string | undefined> => {
    if (!KINDS.includes(kind)) {
      throw new EnvironmentError(
        `${file}: ${field} uses \${${kind}:…}; known placeholders are \${cfn:stack.Output}, \${ssm:/name}, \${env:VAR}.`,
      );
    }
    if (!only.includes(kind as 'cfn')) return undefined;
    if (kind === 'env') {
      const value = process.env[reference];
      if (value === undefined)
        throw new EnvironmentError(`${file}: ${field} needs the environment variable ${reference}, which is not set.`);
      return value;
    }
    if (!clients) throw new EnvironmentError(`${file}: ${field} needs AWS to resolve \${${kind}:${reference}}.`);
    if (kind === 'ssm') {
      if (!parameters.has(reference)) {
        try {
          const result = await clients.ssm.send(new GetParameterCommand({ Name: reference, WithDecryption: true }));
          parameters.set(reference, result.Parameter?.Value ?? '');
        } catch (error) {
          throw new EnvironmentError(`${file}: ${field}: SSM parameter "${reference}" could not be read (${describe(error)}).`);
        }
      }
      return parameters.get(reference);
    }
    const dot = reference.indexOf('.');
    if (dot <= 0) throw new EnvironmentError(`${file}: ${field}: \${cfn:${reference}} must be \${cfn:<stack>.<OutputKey>}.`);
    const stack = reference.slice(0, dot);
    const key = reference.slice(dot + 1);
    if (!stackOutputs.has(stack)) {
      try {
        const result = await clients.cloudFormation.send(new DescribeStacksCommand({ StackName: stack }));
        stackOutputs.set(stack, result.Stacks?.[0]?.Outputs ?? []);
      } catch (error) {
        throw new EnvironmentError(`${file}: ${field}: stack "${stack}" could not be described (${describe(error)}).`);
      }
    }
    const outputs = stackOutputs.get(stack)!;
    const output = outputs.find((candidate) => candidate.OutputKey === key);
    if (!output) {
      throw new EnvironmentError(
        `${file}: ${field}: stack "${stack}" has no output "${key}" (its outputs: ${outputs.map((o) => o.OutputKey).join(', ') || 'none'}).`,
      );
    }
    return output.OutputValue ?? '';
  };

  const resolveString = async (text: string, field: string): Promise<string> => {
    let result = '';
    let last = 0;
    for (const match of text.matchAll(PLACEHOLDER)) {
      const value = await lookup(match[1] ?? '', match[2] ?? '', field);
      result += text.slice(last, match.index) + (value ?? match[0]);
      last = match.index! + match[0].length;
    }
    return result + text.slice(last);
  };

  const walk = async (value: unknown, field: string): Promise<unknown> => {
    if (typeof value === 'string') return resolveString(value, field);
    if (Array.isArray(value)) return Promise.all(value.map((item, index) => walk(item, `${field}[${index}]`)));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, member] of Object.entries(value)) out[key] = await walk(member, field ? `${field}.${key}` : key);
      return out;
    }
    return value;
  };

  const { file: _file, sandbox, ...rest } = environment;
  const resolved = (await walk(rest, '')) as Omit<T, 'file' | 'sandbox'>;
  // The sandbox section is read before the sandbox exists; only its seed targets need stack outputs.
  const resolvedSandbox = sandbox ? { ...sandbox, seed: (await walk(sandbox.seed, 'sandbox.seed')) as typeof sandbox.seed } : undefined;
  return { ...resolved, sandbox: resolvedSandbox, file } as T;
}

function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'name' in error) {
    const e = error as { name: string; message?: string };
    return `${e.name}: ${e.message ?? ''}`.trim();
  }
  return String(error);
}

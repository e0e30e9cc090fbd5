import http from 'node:http';
import { StartupError } from '../../model/startup-error';

/** `--sandbox-endpoint`: a postflight sandbox must answer there, or the run says so (not "check your AWS login"). */
export async function checkSandboxAnswers(endpoint: string): Promise<void> {
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    // reported below
  }
  if (!url || url.protocol !== 'http:') {
    throw new StartupError(
      `--sandbox-endpoint ${endpoint} is not an http:// address.`,
      'Give the endpoint `postflight sandbox` prints, e.g. --sandbox-endpoint http://127.0.0.1:4566.',
    );
  }
  const problem = await sandboxProblem(endpoint, 5000);
  if (problem) {
    throw new StartupError(
      `No postflight sandbox answers at --sandbox-endpoint ${endpoint}: ${problem}.`,
      'Start one in another terminal (`npx postflight sandbox`, it prints its endpoint), or leave --sandbox-endpoint out ' +
        'and the run starts its own.',
    );
  }
}

/** Undefined when a postflight sandbox answers at the endpoint; otherwise what was seen instead. */
export function sandboxProblem(endpoint: string, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const request = http.get(new URL('/_postflight/health', endpoint), { timeout: timeoutMs }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        let status: unknown;
        try {
          status = (JSON.parse(body) as { status?: unknown }).status;
        } catch {
          // not JSON: not a sandbox
        }
        resolve(
          response.statusCode === 200 && status === 'ready'
            ? undefined
            : `something answers there, but not a postflight sandbox (GET /_postflight/health: HTTP ${response.statusCode})`,
        );
      });
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    request.on('error', (error: Error & { code?: string }) =>
      resolve(error.code === 'ECONNREFUSED' ? 'nothing listens there (connection refused)' : error.message),
    );
  });
}

import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { UnrecognizedService } from '../core/aws-error';
import type { AwsRequest, HttpResponse, ServiceHandler } from '../core/http';
import { jsonErrorResponse } from '../protocols/aws-json';
import { detectService, parseSigningScope, type RecognizableService } from '../protocols/service-detection';

/** Non-AWS routes the sandbox serves beside the AWS protocols (health, fault injection). */
export type AdminHandler = (request: AwsRequest) => Promise<HttpResponse | undefined>;

/** A service as the server meets it: its protocol (to recognise unsigned requests) and its bound handler. */
export interface ServedService extends RecognizableService {
  handler: ServiceHandler;
}

/** Why the sandbox could not listen where it was asked to: a typed error, so a command can say what to do. */
export class SandboxPortError extends Error {
  constructor(
    readonly port: number,
    readonly reason: 'in-use' | 'not-permitted' | 'out-of-range',
    detail: string,
  ) {
    super(detail);
    this.name = 'SandboxPortError';
  }
}

/**
 * The one loopback endpoint: reads each request once, tells the service from its SigV4 scope
 * and hands it to that service's protocol binding.
 */
export class SandboxServer {
  private readonly server: http.Server;
  private readonly handlers: ReadonlyMap<string, ServiceHandler>;

  constructor(
    private readonly services: readonly ServedService[],
    private readonly defaultRegion: string,
    private readonly admin?: AdminHandler,
  ) {
    this.handlers = new Map(services.map((service) => [service.name, service.handler]));
    this.server = http.createServer((req, res) => {
      this.serve(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`postflight sandbox internal error: ${error instanceof Error ? error.message : String(error)}`);
      });
    });
    // Long-running SDK calls (a state machine waiting on Athena) must not be cut by idle timeouts.
    this.server.requestTimeout = 0;
    this.server.keepAliveTimeout = 60_000;
  }

  /** Listens on 127.0.0.1 (port 0: a free one); a port that cannot be had is a SandboxPortError. */
  async listen(port = 0): Promise<string> {
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new SandboxPortError(
        port,
        'out-of-range',
        `The sandbox cannot listen on port ${port}: a port is a whole number from 0 to 65535.`,
      );
    }
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', (error: NodeJS.ErrnoException) => reject(portError(port, error)));
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const request = await readRequest(req, this.services, this.defaultRegion);
    let response = this.admin ? await this.admin(request) : undefined;
    if (!response) {
      const handler = this.handlers.get(request.service);
      response = handler
        ? await handler(request)
        : jsonErrorResponse(new UnrecognizedService(`service "${request.service}"`), 'message', 'application/json', request.requestId);
    }
    writeResponse(res, req.method ?? 'GET', response);
  }
}

function portError(port: number, error: NodeJS.ErrnoException): Error {
  if (error.code === 'EADDRINUSE') {
    return new SandboxPortError(port, 'in-use', `Port ${port} on 127.0.0.1 is already in use (another sandbox or program listens there).`);
  }
  if (error.code === 'EACCES') {
    return new SandboxPortError(
      port,
      'not-permitted',
      `Listening on port ${port} is not permitted for this user (ports below 1024 need privileges).`,
    );
  }
  return error;
}

async function readRequest(
  req: http.IncomingMessage,
  services: readonly RecognizableService[],
  defaultRegion: string,
): Promise<AwsRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const url = new URL(req.url ?? '/', 'http://sandbox');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
  const scope = parseSigningScope(headers, url.searchParams);
  return {
    method: req.method ?? 'GET',
    rawPath,
    query: url.searchParams,
    headers,
    body,
    service: detectService(scope, { headers, rawPath, body }, services) ?? 'unknown',
    region: scope.region ?? defaultRegion,
    accessKeyId: scope.accessKeyId,
    requestId: randomUUID(),
  };
}

function writeResponse(res: http.ServerResponse, method: string, response: HttpResponse): void {
  const headers = { ...response.headers };
  const body = response.body;
  if (body instanceof Readable) {
    res.writeHead(response.status, headers);
    if (method === 'HEAD') {
      body.destroy();
      res.end();
      return;
    }
    body.pipe(res);
    return;
  }
  const payload = body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  if (headers['content-length'] === undefined) headers['content-length'] = String(payload.length);
  res.writeHead(response.status, headers);
  res.end(method === 'HEAD' ? undefined : payload);
}

import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { AwsRequest, HttpResponse, ServiceHandler } from './protocol/http-types';
import { detectService, parseSigningScope } from './protocol/service-detection';
import { UnrecognizedService } from './protocol/aws-error';
import { jsonErrorResponse } from './protocol/json-rpc';

/** Non-AWS routes the sandbox serves beside the AWS protocols (health, fault injection). */
export type AdminHandler = (request: AwsRequest) => Promise<HttpResponse | undefined>;

/**
 * The one loopback endpoint: reads each request once, tells the service from its SigV4 scope
 * and hands it to that service's protocol binding.
 */
export class SandboxServer {
  private readonly server: http.Server;

  constructor(
    private readonly handlers: Record<string, ServiceHandler>,
    private readonly defaultRegion: string,
    private readonly admin?: AdminHandler,
  ) {
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

  async listen(port = 0): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
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
    const request = await readRequest(req, this.defaultRegion);
    let response = this.admin ? await this.admin(request) : undefined;
    if (!response) {
      const handler = this.handlers[request.service];
      response = handler
        ? await handler(request)
        : jsonErrorResponse(new UnrecognizedService(`service "${request.service}"`), 'message', 'application/json', request.requestId);
    }
    writeResponse(res, req.method ?? 'GET', response);
  }
}

async function readRequest(req: http.IncomingMessage, defaultRegion: string): Promise<AwsRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const url = new URL(req.url ?? '/', 'http://sandbox');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const rawPath = (req.url ?? '/').split('?')[0];
  const scope = parseSigningScope(headers, url.searchParams);
  return {
    method: req.method ?? 'GET',
    rawPath,
    query: url.searchParams,
    headers,
    body,
    service: detectService(scope, headers, rawPath, body) ?? 'unknown',
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

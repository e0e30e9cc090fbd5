import { asAwsError, SerializationException, type AwsError } from '../core/aws-error';
import { contextOf, type AwsRequest, type HttpResponse, type WireProtocol } from '../core/http';

/**
 * The REST protocols (restJson1 for Lambda, restXml for S3), shared by the services' own
 * bindings: a route table picks the operation by method, path template and the query keys or
 * headers that tell operations apart; the binding turns the request into the operation's input
 * and the output into the HTTP answer. A request no route matches still goes to the dispatcher,
 * under the name the binding gives it, and gets the uniform "not implemented" answer.
 */
export interface RestRoute {
  method: string;
  /** Path template as in the API models: `{Label}` is one segment, `{Label+}` the rest of the path. */
  path: string;
  /** Query parameters that must be present: `uploads`, or `list-type=2` for a value too. */
  query?: readonly string[];
  /** Headers that must be present. */
  headers?: readonly string[];
  operation: string;
}

export interface RouteMatch<R extends RestRoute> {
  route: R;
  /** Path labels, percent-decoded. */
  labels: Record<string, string>;
}

interface CompiledRoute<R extends RestRoute> {
  route: R;
  pattern: RegExp;
  labels: string[];
}

export class RouteTable<R extends RestRoute> {
  private readonly compiled: Array<CompiledRoute<R>>;

  /**
   * `exclusiveQuery`: query keys that select an operation of their own (S3's subresources,
   * `?acl`, `?tagging`, …): a request carrying one matches only a route that names it.
   */
  constructor(
    routes: readonly R[],
    private readonly exclusiveQuery: readonly string[] = [],
  ) {
    this.compiled = routes.map((route) => ({
      route,
      labels: [...route.path.matchAll(/\{(\w+)\+?\}/g)].map((match) => match[1] ?? ''),
      pattern: new RegExp(`^${route.path.replace(/\{\w+\+\}/g, '(.+)').replace(/\{\w+\}/g, '([^/]+)')}/?$`),
    }));
  }

  match(method: string, path: string, query: URLSearchParams, headers: Record<string, string>): RouteMatch<R> | undefined {
    const exclusive = this.exclusiveKeysOf(query);
    for (const { route, pattern, labels } of this.compiled) {
      if (route.method !== method) continue;
      const named = (route.query ?? []).map((entry) => entry.split('=')[0]);
      if (!(route.query ?? []).every((entry) => queryHas(query, entry))) continue;
      if (!exclusive.every((key) => named.includes(key))) continue;
      if (!(route.headers ?? []).every((header) => headers[header])) continue;
      const found = pattern.exec(path);
      if (!found) continue;
      const values: Record<string, string> = {};
      labels.forEach((label, index) => (values[label] = decodeLabel(found[index + 1] ?? '')));
      return { route, labels: values };
    }
    return undefined;
  }

  /** The exclusive query keys a request carries (for naming what it asked for). */
  exclusiveKeysOf(query: URLSearchParams): string[] {
    return this.exclusiveQuery.filter((key) => query.has(key));
  }
}

function queryHas(query: URLSearchParams, entry: string): boolean {
  const equals = entry.indexOf('=');
  return equals < 0 ? query.has(entry) : query.get(entry.slice(0, equals)) === entry.slice(equals + 1);
}

function decodeLabel(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new SerializationException(`The path segment "${value}" is not valid percent-encoding.`);
  }
}

/** A service's REST binding: its route table and how its requests and answers look. */
export interface RestBinding<R extends RestRoute> {
  routes: RouteTable<R>;
  /** The path routes are matched against (S3 rebuilds it from a virtual-hosted `Host`); the raw path by default. */
  routedPath?(request: AwsRequest): string;
  /** The operation name a request no route matches is refused under (`PUT bucket ?acl`). */
  unmatched(request: AwsRequest): string;
  input(match: RouteMatch<R>, request: AwsRequest): unknown;
  render(match: RouteMatch<R>, output: unknown, request: AwsRequest): HttpResponse;
  errorResponse(error: AwsError, request: AwsRequest): HttpResponse;
}

export function restProtocol<R extends RestRoute>(
  binding: RestBinding<R>,
  recognition: Pick<WireProtocol, 'recognizes' | 'fallback'> = {},
): WireProtocol {
  return {
    ...recognition,
    bind:
      (call) =>
      async (request: AwsRequest): Promise<HttpResponse> => {
        try {
          const path = binding.routedPath ? binding.routedPath(request) : request.rawPath;
          const match = binding.routes.match(request.method, path, request.query, request.headers);
          if (!match) {
            await call(binding.unmatched(request), {}, contextOf(request));
            throw new Error(`no route for ${request.method} ${request.rawPath}`);
          }
          const output = await call(match.route.operation, binding.input(match, request), contextOf(request));
          return binding.render(match, output, request);
        } catch (error) {
          return binding.errorResponse(asAwsError(error), request);
        }
      },
  };
}

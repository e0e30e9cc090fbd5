import type { AwsRequest, WireProtocol } from '../core/http';
import { formAction } from './aws-query';

/**
 * Which service a request is for. Every AWS SDK and the CLI sign requests with SigV4, whose
 * credential scope names the service (`AKID/20261126/us-east-1/states/aws4_request`): that is
 * the primary signal. Unsigned requests are recognised by their shape, by the services' own
 * protocols; one that names an operation (X-Amz-Target, a form Action) no service claims is for
 * a service the sandbox does not have.
 */
export interface SigningScope {
  accessKeyId?: string;
  region?: string;
  service?: string;
}

export function parseSigningScope(headers: Record<string, string>, query: URLSearchParams): SigningScope {
  const signed = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(headers['authorization'] ?? '');
  if (signed) return { accessKeyId: signed[1], region: signed[2], service: signed[3] };
  const presigned = query.get('X-Amz-Credential')?.split('/');
  if (presigned && presigned.length >= 4) return { accessKeyId: presigned[0], region: presigned[2], service: presigned[3] };
  return {};
}

export interface RecognizableService {
  name: string;
  protocol: WireProtocol;
  operations: readonly string[];
}

export function detectService(
  scope: SigningScope,
  request: Pick<AwsRequest, 'headers' | 'rawPath' | 'body'>,
  services: readonly RecognizableService[],
): string | undefined {
  if (scope.service) return scope.service;
  const recognized = services.find((service) => service.protocol.recognizes?.(request, service.operations));
  if (recognized) return recognized.name;
  if (request.headers['x-amz-target'] || formAction(request) !== undefined) return undefined;
  return services.find((service) => service.protocol.fallback)?.name;
}

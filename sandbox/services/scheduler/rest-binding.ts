import type { AwsError } from '../../core/aws-error';
import type { HttpResponse, WireProtocol } from '../../core/http';
import { restProtocol, RouteTable, type RestRoute } from '../../protocols/rest';
import { jsonBody, jsonRequestBody } from '../../protocols/rest-json';

const ROUTES: RestRoute[] = [
  { method: 'POST', path: '/schedules/{Name}', operation: 'CreateSchedule' },
  { method: 'GET', path: '/schedules/{Name}', operation: 'GetSchedule' },
  { method: 'PUT', path: '/schedules/{Name}', operation: 'UpdateSchedule' },
  { method: 'DELETE', path: '/schedules/{Name}', operation: 'DeleteSchedule' },
  { method: 'GET', path: '/schedules', operation: 'ListSchedules' },
  { method: 'POST', path: '/schedule-groups/{Name}', operation: 'CreateScheduleGroup' },
  { method: 'GET', path: '/schedule-groups', operation: 'ListScheduleGroups' },
];

/** EventBridge Scheduler's REST-JSON binding: the name in the path, the group in `groupName`, the rest in the body. */
export const schedulerRestJson: WireProtocol = restProtocol({
  routes: new RouteTable(ROUTES),
  unmatched: (request) => `${request.method} ${request.rawPath}`,
  input: ({ route, labels }, request) => {
    const query = request.query;
    if (route.operation === 'ListSchedules') {
      return {
        GroupName: query.get('ScheduleGroup') ?? undefined,
        NamePrefix: query.get('NamePrefix') ?? undefined,
        State: query.get('State') ?? undefined,
        MaxResults: query.get('MaxResults') ? Number(query.get('MaxResults')) : undefined,
        NextToken: query.get('NextToken') ?? undefined,
      };
    }
    return { ...jsonRequestBody(request), ...labels, GroupName: query.get('groupName') ?? jsonRequestBody(request).GroupName };
  },
  render: (_match, output, request) => jsonBody(200, output, request.requestId),
  errorResponse: (error: AwsError, request): HttpResponse => ({
    status: error.statusCode,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': request.requestId, 'x-amzn-errortype': error.code },
    body: JSON.stringify({ Message: error.message }),
  }),
});

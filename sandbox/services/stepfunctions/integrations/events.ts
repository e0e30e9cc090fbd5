import { StatesFailure } from '../asl/failures';
import { isJsonObject, toJsonText, type JsonObject, type JsonValue } from '../asl/json';
import { defineOptimizedIntegration } from './optimized';

/**
 * `arn:aws:states:::events:putEvents[.waitForTaskToken]`. Each entry's Detail that is not a
 * string is sent as its JSON text, and the execution's state machine and execution ARNs are
 * appended to its Resources (recorded: test_put_events_base). The result is the PutEvents
 * response as is; when EventBridge refused some entries the task fails with
 * `EventBridge.FailedEntry` and that response as cause (recorded: test_put_events_no_source).
 */
export const eventsIntegration = defineOptimizedIntegration({
  name: 'events',
  service: 'events',
  errors: { prefix: 'EventBridge', sdkName: 'AmazonEventBridge', baseException: 'AmazonEventBridgeException', modeled: 'all' },
  actions: {
    putEvents: { operation: 'PutEvents', members: ['Entries', 'EndpointId'], required: ['Entries'], patterns: ['waitForTaskToken'] },
  },
  prepare: (request, invocation) => {
    const { identity } = invocation.frame.scope;
    const entries = Array.isArray(request.Entries) ? request.Entries : [];
    return {
      ...request,
      Entries: entries.map((entry): JsonValue => {
        if (!isJsonObject(entry)) return entry;
        const detail = entry.Detail;
        const resources = Array.isArray(entry.Resources) ? entry.Resources : [];
        return {
          ...entry,
          ...(detail !== undefined && typeof detail !== 'string' ? { Detail: toJsonText(detail) } : {}),
          Resources: [...resources, identity.stateMachineArn, identity.executionArn],
        };
      }),
    };
  },
  result: (response: JsonObject) => {
    if (typeof response.FailedEntryCount === 'number' && response.FailedEntryCount > 0) {
      throw new StatesFailure('EventBridge.FailedEntry', toJsonText(response));
    }
    return response;
  },
});

/**
 * What a run creates before its first scenario so that scenarios can see what topics publish and
 * what buses carry: per topic, an SQS queue subscribed to it; per bus, a catch-all rule targeting an
 * SQS queue. Named with the run id behind OBSERVER_PREFIX, so that `postflight cleanup` recognises
 * them (and the target-account role allows creating nothing else). The runner creates and removes
 * them (runner/observers/); scenarios read them through their World parameters.
 */
export interface TopicObserver {
  /** The logical name (resources.topics). */
  topic: string;
  topicArn: string;
  queueUrl: string;
  queueArn: string;
  subscriptionArn?: string;
}

export interface BusObserver {
  /** The logical name (resources.eventBuses). */
  bus: string;
  busName: string;
  ruleName: string;
  ruleArn?: string;
  queueUrl: string;
  queueArn: string;
}

export interface RunObservers {
  topics: Record<string, TopicObserver>;
  buses: Record<string, BusObserver>;
}

/** Every queue and rule a run creates is named `postflight-<run id>-…`. */
export const OBSERVER_PREFIX = 'postflight-';

export function observerName(runId: string, kind: 'topic' | 'bus', index: number): string {
  return `${OBSERVER_PREFIX}${runId}-${kind}-${index}`;
}

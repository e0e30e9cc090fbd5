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

/** The steps that look at what a topic published or a bus carried, as written in a scenario: the name they observe. */
export const OBSERVING_STEPS = {
  topics: /^a notification is published to the topic "([^"]+)" within /,
  buses: /^an event matching this pattern is published on the bus "([^"]+)" within /,
} as const;

/** The topics and buses the given step texts observe (logical names, as written). */
export function observedNames(steps: readonly string[]): { topics: string[]; buses: string[] } {
  const names = (pattern: RegExp) => [
    ...new Set(steps.map((step) => pattern.exec(step)?.[1]).filter((name): name is string => Boolean(name))),
  ];
  return { topics: names(OBSERVING_STEPS.topics), buses: names(OBSERVING_STEPS.buses) };
}

/** The run id in an observer's name (`postflight-pf-…-topic-1`), if it is one. */
export function observerRunId(name: string): string | undefined {
  const match = new RegExp(`^${OBSERVER_PREFIX}(pf-\\d{8}-\\d{6}-[0-9a-f]{4})-(topic|bus)-\\d+$`).exec(name);
  return match?.[1];
}

import { DeleteQueueCommand, ListQueuesCommand } from '@aws-sdk/client-sqs';
import { ListSubscriptionsByTopicCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import { ListRulesCommand } from '@aws-sdk/client-eventbridge';
import type { AwsClients } from '../../support/aws/clients';
import { pages } from '../../support/aws/pages';
import type { ResolvedEnvironment } from '../../model/environment/environment';
import { OBSERVER_PREFIX, observerRunId } from '../../model/run-observers';
import { removeRule } from './run-observers';

/** A subscription, rule or queue an aborted run left (recognised only by its postflight-<run id>- name). */
export type ObserverLeftover =
  | { kind: 'subscription'; subscriptionArn: string; topicArn: string; runId: string }
  | { kind: 'rule'; ruleName: string; busName: string; runId: string }
  | { kind: 'queue'; queueUrl: string; runId: string };

export function describeObserverLeftover(leftover: ObserverLeftover): string {
  if (leftover.kind === 'subscription') return `subscription ${leftover.subscriptionArn} (topic ${leftover.topicArn})`;
  if (leftover.kind === 'rule') return `rule ${leftover.busName}/${leftover.ruleName}`;
  return `queue ${leftover.queueUrl}`;
}

/**
 * The run's own subscriptions (on the environment's topics, delivering to a postflight-<run id>-
 * queue), rules (on its buses, named postflight-<run id>-) and queues (named so), of the selected runs.
 */
export async function findObserverLeftovers(
  clients: AwsClients,
  environment: ResolvedEnvironment,
  selected: (runId: string) => boolean,
): Promise<ObserverLeftover[]> {
  const found: ObserverLeftover[] = [];
  const runOf = (name: string) => {
    const runId = observerRunId(name);
    return runId && selected(runId) ? runId : undefined;
  };
  for (const topicArn of new Set(Object.values(environment.resources.topics))) {
    const listing = pages(
      (NextToken) => clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken })),
      (page) => page.NextToken,
    );
    for await (const page of listing) {
      for (const subscription of page.Subscriptions ?? []) {
        const runId = subscription.Protocol === 'sqs' ? runOf(subscription.Endpoint?.split(':').pop() ?? '') : undefined;
        if (runId && subscription.SubscriptionArn)
          found.push({ kind: 'subscription', subscriptionArn: subscription.SubscriptionArn, topicArn, runId });
      }
    }
  }
  for (const busName of new Set(Object.values(environment.resources.eventBuses))) {
    const listing = pages(
      (NextToken) => clients.eventBridge.send(new ListRulesCommand({ EventBusName: busName, NamePrefix: OBSERVER_PREFIX, NextToken })),
      (page) => page.NextToken,
    );
    for await (const page of listing) {
      for (const rule of page.Rules ?? []) {
        const runId = runOf(rule.Name ?? '');
        if (runId && rule.Name) found.push({ kind: 'rule', ruleName: rule.Name, busName, runId });
      }
    }
  }
  const queues = pages(
    (NextToken) => clients.sqs.send(new ListQueuesCommand({ QueueNamePrefix: OBSERVER_PREFIX, MaxResults: 1000, NextToken })),
    (page) => page.NextToken,
  );
  for await (const page of queues) {
    for (const queueUrl of page.QueueUrls ?? []) {
      const runId = runOf(queueUrl.split('/').pop() ?? '');
      if (runId) found.push({ kind: 'queue', queueUrl, runId });
    }
  }
  return found;
}

/** Subscriptions and rules first (nothing delivers to the queues any more), then the queues. */
export async function removeObserverLeftovers(
  clients: AwsClients,
  leftovers: readonly ObserverLeftover[],
  into: { failed: Array<{ url: string; error: string }> },
): Promise<void> {
  const attempt = async (name: string, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      into.failed.push({ url: name, error: (error as Error).message });
    }
  };
  for (const leftover of leftovers) {
    if (leftover.kind === 'subscription')
      await attempt(leftover.subscriptionArn, () =>
        clients.sns.send(new UnsubscribeCommand({ SubscriptionArn: leftover.subscriptionArn })),
      );
    if (leftover.kind === 'rule') await removeRule(clients, leftover.ruleName, leftover.busName, attempt);
  }
  for (const leftover of leftovers)
    if (leftover.kind === 'queue')
      await attempt(leftover.queueUrl, () => clients.sqs.send(new DeleteQueueCommand({ QueueUrl: leftover.queueUrl })));
}

import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { SubscribeCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import { DeleteRuleCommand, PutRuleCommand, PutTargetsCommand, RemoveTargetsCommand } from '@aws-sdk/client-eventbridge';
import type { AwsClients } from '../../support/aws/clients';
import { ResourceCatalog, UnknownResourceError } from '../../support/environment/resources';
import type { ResolvedEnvironment } from '../../model/environment/environment';
import { StartupError } from '../../model/startup-error';
import { observerName, type BusObserver, type RunObservers, type TopicObserver } from '../../model/run-observers';

/**
 * Every event a bus carries reaches the run's queue: which of them a scenario looks for is decided
 * by EventBridge itself (TestEventPattern, support/messaging/messaging-actions.ts). One catch-all
 * rule per bus, made before the first scenario, rather than one rule per pattern: the patterns are
 * known only when a step runs (they carry the scenario's id), a rule made then would miss what was
 * published before it and takes a while to apply on AWS, and each would cost a create and a delete.
 */
export const CATCH_ALL_PATTERN = JSON.stringify({ source: [{ exists: true }] });

/** The target id of the run's queue on its rule. */
const TARGET_ID = 'postflight-run-queue';

/**
 * Before the first scenario: for each topic the selected scenarios observe, a queue subscribed to it;
 * for each bus, a catch-all rule targeting a queue; each queue allows exactly its topic or rule to
 * send to it. An unknown logical name stops the run before anything is created; a failure half-way
 * removes what was created.
 */
export async function createRunObservers(
  clients: AwsClients,
  environment: ResolvedEnvironment,
  runId: string,
  names: { topics: string[]; buses: string[] },
): Promise<RunObservers> {
  const catalog = new ResourceCatalog(environment);
  const physical = (field: 'topics' | 'eventBuses', name: string) => {
    try {
      return catalog.named(field, name);
    } catch (error) {
      if (error instanceof UnknownResourceError) throw new StartupError(error.message);
      throw error;
    }
  };
  const topics = names.topics.map((topic) => ({ topic, topicArn: physical('topics', topic) }));
  const buses = names.buses.map((bus) => ({ bus, busName: physical('eventBuses', bus) }));
  const observers: RunObservers = { topics: {}, buses: {} };
  try {
    for (const [index, { topic, topicArn }] of topics.entries()) {
      const queue = await createQueue(clients, observerName(runId, 'topic', index + 1));
      const observer: TopicObserver = { topic, topicArn, ...queue };
      observers.topics[topic] = observer;
      await allowSender(clients, queue, 'sns.amazonaws.com', topicArn);
      const subscribed = await clients.sns.send(
        new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queue.queueArn, ReturnSubscriptionArn: true }),
      );
      observer.subscriptionArn = subscribed.SubscriptionArn;
    }
    for (const [index, { bus, busName }] of buses.entries()) {
      const name = observerName(runId, 'bus', index + 1);
      const queue = await createQueue(clients, name);
      const observer: BusObserver = { bus, busName, ruleName: name, ...queue };
      observers.buses[bus] = observer;
      const rule = await clients.eventBridge.send(
        new PutRuleCommand({
          Name: name,
          EventBusName: busName,
          EventPattern: CATCH_ALL_PATTERN,
          State: 'ENABLED',
          Description: `postflight run ${runId}: what the bus carries, for the run's scenarios (removed after the run)`,
        }),
      );
      observer.ruleArn = rule.RuleArn;
      await allowSender(clients, queue, 'events.amazonaws.com', rule.RuleArn ?? '');
      await clients.eventBridge.send(
        new PutTargetsCommand({ Rule: name, EventBusName: busName, Targets: [{ Id: TARGET_ID, Arn: queue.queueArn }] }),
      );
    }
  } catch (error) {
    await removeRunObservers(clients, observers);
    throw new StartupError(
      `Could not prepare the run's subscriptions and rules (${(error as Error).name}: ${(error as Error).message}).`,
      'The run creates, per observed topic, an SQS queue subscribed to it and, per observed bus, a rule targeting a queue, named postflight-<run id>-…: check that the role may (pipeline/target-account-role.yaml).',
    );
  }
  return observers;
}

/** After the last scenario (also of an interrupted run): removes what createRunObservers made; what could not be removed is reported. */
export async function removeRunObservers(clients: AwsClients, observers: RunObservers): Promise<Array<{ name: string; error: string }>> {
  const failed: Array<{ name: string; error: string }> = [];
  const attempt = async (name: string, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      failed.push({ name, error: (error as Error).message });
    }
  };
  for (const observer of Object.values(observers.topics)) {
    const subscriptionArn = observer.subscriptionArn;
    if (subscriptionArn)
      await attempt(subscriptionArn, () => clients.sns.send(new UnsubscribeCommand({ SubscriptionArn: subscriptionArn })));
    await attempt(observer.queueUrl, () => clients.sqs.send(new DeleteQueueCommand({ QueueUrl: observer.queueUrl })));
  }
  for (const observer of Object.values(observers.buses)) {
    if (observer.ruleArn) await removeRule(clients, observer.ruleName, observer.busName, attempt);
    await attempt(observer.queueUrl, () => clients.sqs.send(new DeleteQueueCommand({ QueueUrl: observer.queueUrl })));
  }
  return failed;
}

/** A rule's targets, then the rule. */
export async function removeRule(
  clients: AwsClients,
  ruleName: string,
  busName: string,
  attempt: (name: string, work: () => Promise<unknown>) => Promise<void>,
): Promise<void> {
  await attempt(`rule ${busName}/${ruleName}`, async () => {
    await clients.eventBridge.send(new RemoveTargetsCommand({ Rule: ruleName, EventBusName: busName, Ids: [TARGET_ID] }));
    await clients.eventBridge.send(new DeleteRuleCommand({ Name: ruleName, EventBusName: busName }));
  });
}

async function createQueue(clients: AwsClients, name: string): Promise<{ queueUrl: string; queueArn: string }> {
  const created = await clients.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { MessageRetentionPeriod: '86400' } }));
  const queueUrl = created.QueueUrl ?? '';
  const attributes = await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  return { queueUrl, queueArn: attributes.Attributes?.QueueArn ?? '' };
}

/** The queue accepts messages from that service only on behalf of that topic or rule. */
async function allowSender(
  clients: AwsClients,
  queue: { queueUrl: string; queueArn: string },
  service: string,
  sourceArn: string,
): Promise<void> {
  const policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'postflight-observer',
        Effect: 'Allow',
        Principal: { Service: service },
        Action: 'sqs:SendMessage',
        Resource: queue.queueArn,
        Condition: { ArnEquals: { 'aws:SourceArn': sourceArn } },
      },
    ],
  };
  await clients.sqs.send(new SetQueueAttributesCommand({ QueueUrl: queue.queueUrl, Attributes: { Policy: JSON.stringify(policy) } }));
}

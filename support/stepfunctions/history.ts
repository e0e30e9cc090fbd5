import { GetExecutionHistoryCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import type { AwsClients } from '../aws/clients';
import { pages } from '../aws/pages';

/** The whole history of an execution, every page, oldest first. */
export async function readFullHistory(clients: AwsClients, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  const history = pages(
    (nextToken) =>
      clients.stepFunctions.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken, includeExecutionData: true })),
    (page) => page.nextToken,
  );
  for await (const page of history) events.push(...(page.events ?? []));
  return events;
}

/** The name of the state entered most recently (for "still RUNNING, last state entered: X"). */
export async function lastStateEntered(clients: AwsClients, executionArn: string): Promise<string | undefined> {
  const page = await clients.stepFunctions.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 25, reverseOrder: true }));
  return page.events?.find((event) => event.stateEnteredEventDetails)?.stateEnteredEventDetails?.name;
}

import { GetExecutionHistoryCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import type { AwsClients } from '../aws/clients';

/** The whole history of an execution, every page, oldest first. */
export async function readFullHistory(clients: AwsClients, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await clients.stepFunctions.send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken, includeExecutionData: true }),
    );
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

/** The name of the state entered most recently (for "still RUNNING, last state entered: X"). */
export async function lastStateEntered(clients: AwsClients, executionArn: string): Promise<string | undefined> {
  const page = await clients.stepFunctions.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 25, reverseOrder: true }));
  return page.events?.find((event) => event.stateEnteredEventDetails)?.stateEnteredEventDetails?.name;
}

import { optionalString, type ResourceType } from '../../core/resource-type';
import type { LogsProvider } from './provider';

export function logsResourceTypes(logs: LogsProvider): ResourceType[] {
  return [
    {
      type: 'AWS::Logs::LogGroup',
      create(properties, context) {
        const name = optionalString(properties, 'LogGroupName') ?? context.generatedName();
        logs.createLogGroup({ logGroupName: name });
        return { ref: name, attributes: { Arn: `arn:aws:logs:${context.region}:${context.accountId}:log-group:${name}:*` } };
      },
    },
  ];
}

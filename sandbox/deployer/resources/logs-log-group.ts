import type { ResourceType } from '../resource-type';
import { optionalString } from '../resource-type';

export const logsLogGroup: ResourceType = {
  type: 'AWS::Logs::LogGroup',
  create(properties, context) {
    const name = optionalString(properties, 'LogGroupName') ?? context.generatedName();
    context.sandbox.logs.createLogGroup({ logGroupName: name });
    return { ref: name, attributes: { Arn: `arn:aws:logs:${context.sandbox.region}:${context.sandbox.accountId}:log-group:${name}:*` } };
  },
};

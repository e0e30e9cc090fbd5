import type { ResourceType } from '../resource-type';
import { optionalString, requireString } from '../resource-type';

export const ssmParameter: ResourceType = {
  type: 'AWS::SSM::Parameter',
  create(properties, context) {
    const name = optionalString(properties, 'Name') ?? `CFN-${context.generatedName()}`;
    const type = requireString(properties, 'Type', context);
    const value = requireString(properties, 'Value', context);
    context.sandbox.ssm.putParameter({ Name: name, Type: type as 'String', Value: value, Overwrite: true });
    return { ref: name, attributes: { Type: type, Value: value } };
  },
};

import { optionalString, requireString, type ResourceType } from '../../core/resource-type';
import type { SsmProvider } from './provider';

export function ssmResourceTypes(ssm: SsmProvider): ResourceType[] {
  return [
    {
      type: 'AWS::SSM::Parameter',
      create(properties, context) {
        const name = optionalString(properties, 'Name') ?? `CFN-${context.generatedName()}`;
        const type = requireString(properties, 'Type', context);
        const value = requireString(properties, 'Value', context);
        ssm.putParameter({ Name: name, Type: type as 'String', Value: value, Overwrite: true });
        return { ref: name, attributes: { Type: type, Value: value } };
      },
    },
  ];
}

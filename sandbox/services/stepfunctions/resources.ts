import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { ResourceError, optionalString, type ResourceContext, type ResourceType } from '../../core/resource-type';
import type { StepFunctionsProvider } from './provider';

export function stepFunctionsResourceTypes(stepFunctions: StepFunctionsProvider): ResourceType[] {
  return [stateMachine(stepFunctions), serverlessStateMachine(stepFunctions)];
}

/** AWS::StepFunctions::StateMachine: Definition, DefinitionString, DefinitionSubstitutions. */
const stateMachine = (stepFunctions: StepFunctionsProvider): ResourceType => ({
  type: 'AWS::StepFunctions::StateMachine',
  create(properties, context) {
    if (properties.DefinitionS3Location) {
      throw new ResourceError(
        `Resource ${context.logicalId}: DefinitionS3Location cannot be read offline; use Definition or DefinitionString.`,
      );
    }
    const definition = definitionText(properties.Definition, properties.DefinitionString, context);
    return createStateMachine(
      stepFunctions,
      {
        name: optionalString(properties, 'StateMachineName'),
        definition: substitute(definition, properties.DefinitionSubstitutions, context),
        roleArn: optionalString(properties, 'RoleArn'),
        type: optionalString(properties, 'StateMachineType'),
      },
      context,
    );
  },
});

/** AWS::Serverless::StateMachine: Definition or DefinitionUri (a local .json/.yaml file). */
const serverlessStateMachine = (stepFunctions: StepFunctionsProvider): ResourceType => ({
  type: 'AWS::Serverless::StateMachine',
  create(properties, context) {
    const events = properties.Events as Record<string, unknown> | undefined;
    if (events && Object.keys(events).length > 0) {
      throw new ResourceError(
        `Resource ${context.logicalId} (AWS::Serverless::StateMachine): event sources (${Object.keys(events).join(', ')}) are not wired by the sandbox.`,
      );
    }
    let definition: string;
    if (properties.Definition !== undefined) definition = definitionText(properties.Definition, undefined, context);
    else if (typeof properties.DefinitionUri === 'string') {
      const file = path.resolve(context.templateDirectory, properties.DefinitionUri);
      if (!fs.existsSync(file))
        throw new ResourceError(
          `Resource ${context.logicalId}: DefinitionUri ${properties.DefinitionUri} (resolved to ${file}) does not exist.`,
        );
      const text = fs.readFileSync(file, 'utf8');
      definition = /\.ya?ml$/i.test(file) ? JSON.stringify(YAML.parse(text)) : text;
    } else {
      throw new ResourceError(`Resource ${context.logicalId}: give Definition or a local DefinitionUri.`);
    }
    return createStateMachine(
      stepFunctions,
      {
        name: optionalString(properties, 'Name'),
        definition: substitute(definition, properties.DefinitionSubstitutions, context),
        roleArn: optionalString(properties, 'Role'),
        type: optionalString(properties, 'Type'),
      },
      context,
    );
  },
});

function definitionText(definition: unknown, definitionString: unknown, context: ResourceContext): string {
  if (definition !== undefined) return JSON.stringify(definition);
  if (typeof definitionString === 'string') return definitionString;
  throw new ResourceError(`Resource ${context.logicalId}: give Definition or DefinitionString.`);
}

/** `${Key}` placeholders in the definition, replaced as CloudFormation does before creating the machine. */
function substitute(definition: string, substitutions: unknown, context: ResourceContext): string {
  if (!substitutions) return definition;
  const values = substitutions as Record<string, unknown>;
  return definition.replace(/\$\{([A-Za-z0-9_]+)\}/g, (match, key: string) => {
    if (!(key in values)) return match;
    const value = values[key];
    if (typeof value === 'object') {
      throw new ResourceError(`Resource ${context.logicalId}: DefinitionSubstitutions.${key} must resolve to a string, number or boolean.`);
    }
    return String(value);
  });
}

function createStateMachine(
  stepFunctions: StepFunctionsProvider,
  input: { name?: string; definition: string; roleArn?: string; type?: string },
  context: ResourceContext,
) {
  const name = input.name ?? context.generatedName({ maxLength: 80 });
  const created = stepFunctions.createStateMachine(
    {
      name,
      definition: input.definition,
      roleArn: input.roleArn ?? `arn:aws:iam::${context.accountId}:role/${context.stackName}-${context.logicalId}-role`,
      type: (input.type as 'STANDARD' | 'EXPRESS' | undefined) ?? 'STANDARD',
      logicalId: context.logicalId,
    },
    context.request,
  );
  const needingMocks = stepFunctions.statesNeedingMocks(created.stateMachineArn);
  return {
    ref: created.stateMachineArn,
    attributes: { Arn: created.stateMachineArn, Name: name },
    ...(needingMocks.length
      ? {
          statusReason: `needs a mock: ${needingMocks
            .map((state) => `${state.location.split('/States/').pop()} (${state.resource})`)
            .join(', ')}`,
        }
      : {}),
  };
}

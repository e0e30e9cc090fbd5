import fs from 'node:fs';
import path from 'node:path';
import { ResourceError, optionalString, requireString, type ResourceContext, type ResourceType } from '../../core/resource-type';
import { checkSamEvents, eventSourceResourceTypes, wireSamEvents } from './event-source-resources';
import type { LambdaProvider } from './provider';
import { runtimeFor } from './runtimes';

export function lambdaResourceTypes(lambda: LambdaProvider): ResourceType[] {
  return [lambdaFunction(lambda), serverlessFunction(lambda), ...eventSourceResourceTypes(lambda)];
}

/** AWS::Lambda::Function: `Code.ZipFile` inline source, or `Code` as a local path (before `cloudformation package`). */
const lambdaFunction = (lambda: LambdaProvider): ResourceType => ({
  type: 'AWS::Lambda::Function',
  create(properties, context) {
    const code = properties.Code;
    let codeDirectory: string;
    if (typeof code === 'string') codeDirectory = localCodeDirectory(code, context);
    else if (code && typeof code === 'object' && typeof (code as Record<string, unknown>).ZipFile === 'string') {
      codeDirectory = writeInlineCode(String((code as Record<string, unknown>).ZipFile), properties.Runtime, context);
    } else {
      throw new ResourceError(
        `Resource ${context.logicalId} (AWS::Lambda::Function): the sandbox runs code given as Code.ZipFile (inline) or as a local ` +
          `directory path (Code: ./src/fn); ${JSON.stringify(code)} (S3 or image code) cannot be run offline.`,
      );
    }
    return registerFunction(lambda, properties, codeDirectory, context);
  },
});

/** AWS::Serverless::Function: `CodeUri` (local directory) or `InlineCode`, with SAM Globals. */
const serverlessFunction = (lambda: LambdaProvider): ResourceType => ({
  type: 'AWS::Serverless::Function',
  async create(properties, context) {
    const merged = mergeGlobals(context.globals, properties);
    const events = merged.Events as Record<string, unknown> | undefined;
    checkSamEvents(events, context);
    let codeDirectory: string;
    if (typeof merged.InlineCode === 'string') codeDirectory = writeInlineCode(merged.InlineCode, merged.Runtime, context);
    else if (typeof merged.CodeUri === 'string') codeDirectory = localCodeDirectory(merged.CodeUri, context);
    else {
      throw new ResourceError(
        `Resource ${context.logicalId} (AWS::Serverless::Function): CodeUri must be a local directory (or use InlineCode); ` +
          `${JSON.stringify(merged.CodeUri)} cannot be run offline.`,
      );
    }
    const registered = registerFunction(lambda, merged, codeDirectory, context);
    await wireSamEvents(lambda, registered.ref, registered.attributes.Arn, events, context);
    return registered;
  },
});

function registerFunction(lambda: LambdaProvider, properties: Record<string, unknown>, codeDirectory: string, context: ResourceContext) {
  const functionName = optionalString(properties, 'FunctionName') ?? context.generatedName({ maxLength: 64 });
  const variables = ((properties.Environment as Record<string, unknown> | undefined)?.Variables ?? {}) as Record<string, unknown>;
  const configuration = lambda.createFunctionFromDefinition({
    functionName,
    handler: requireString(properties, 'Handler', context),
    runtime: requireString(properties, 'Runtime', context),
    codeDirectory,
    timeoutSeconds: Number(properties.Timeout ?? 3),
    memorySize: Number(properties.MemorySize ?? 128),
    environment: Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, String(value)])),
    role: optionalString(properties, 'Role'),
    description: optionalString(properties, 'Description'),
  });
  return { ref: functionName, attributes: { Arn: configuration.FunctionArn } };
}

function localCodeDirectory(codePath: string, context: ResourceContext): string {
  const directory = path.resolve(context.templateDirectory, codePath);
  if (!fs.existsSync(directory) || !fs.statSync(directory).isDirectory()) {
    throw new ResourceError(`Resource ${context.logicalId}: code directory ${codePath} (resolved to ${directory}) does not exist.`);
  }
  return directory;
}

/** Inline code in a file named as CloudFormation names it for the runtime (`index.js`, `index.py`). */
function writeInlineCode(source: string, runtime: unknown, context: ResourceContext): string {
  const directory = path.join(context.workDirectory, 'inline-code', context.logicalId);
  fs.mkdirSync(directory, { recursive: true });
  fs.writeFileSync(path.join(directory, runtimeFor(String(runtime))?.inlineFileName ?? 'index.js'), source);
  return directory;
}

/** SAM Globals: resource properties win; Environment.Variables merge key by key. */
function mergeGlobals(globals: Record<string, unknown>, properties: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...globals, ...properties };
  const globalVariables = (globals.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables;
  const ownVariables = (properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables;
  if (globalVariables || ownVariables) merged.Environment = { Variables: { ...globalVariables, ...ownVariables } };
  return merged;
}

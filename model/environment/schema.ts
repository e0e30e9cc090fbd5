import { z } from 'zod';
import { parseDuration } from '../duration';
import { tagExpressionProblem } from '../tag-expression';
import { NAMED_RESOURCE_KINDS, type NamedResourceField } from './resource-kinds';

/**
 * The environment file contract (PRODUCT.md "Environments"). Every string may hold `${cfn:…}`,
 * `${ssm:…}` or `${env:…}` placeholders, resolved once per run (see resolve-environment.ts).
 */
const logicalNames = z.record(z.string().regex(/^[A-Za-z0-9_.-]+$/, 'a logical name (letters, digits, . _ -)'), z.string().min(1));

/** `resources.stateMachines`, `resources.functions`, …: one field per kind resource-kinds.ts declares. */
const mappedNames = () => logicalNames.default({});
const namedResources = Object.fromEntries(NAMED_RESOURCE_KINDS.map((kind) => [kind.field, mappedNames()])) as Record<
  NamedResourceField,
  ReturnType<typeof mappedNames>
>;

/** Each `safety.writable…` list names resources of one kind. */
export const WRITABLE_SETTINGS = [
  ['writableQueues', 'queues'],
  ['writableEventBuses', 'eventBuses'],
  ['writableTables', 'dynamodbTables'],
] as const satisfies ReadonlyArray<readonly [string, NamedResourceField]>;

const s3Url = z.string().regex(/^(s3:\/\/[^/]+(\/.*)?|.*\$\{.*)$/, 'an S3 location like s3://bucket/prefix/');

const faultRule = z
  .object({
    service: z.string().min(1),
    operation: z.string().optional(),
    resource: z.string().optional(),
    error: z.string().min(1),
    message: z.string().optional(),
    statusCode: z.number().int().optional(),
    times: z.number().int().positive().optional(),
  })
  .strict();

/** Seconds (3600) or a duration ("1h"). */
const sessionSeconds = z
  .union([z.number(), z.string()])
  .transform((value, context) => {
    if (typeof value === 'number') return value;
    try {
      return parseDuration(value) / 1000;
    } catch (error) {
      context.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  })
  .pipe(z.number().int('whole seconds').min(900, 'at least 900 seconds (15 min)').max(43200, 'at most 43200 seconds (12 h)'));

export const environmentSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a lower-case name like "qa" or "local"'),
    account: z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id, quoted ("222222222222")'),
    region: z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, 'an AWS region like "us-east-1"'),
    credentials: z
      .object({
        roleArn: z.string().regex(/^(arn:aws[a-z-]*:iam::\d{12}:role\/.+|.*\$\{.*)$/, 'an IAM role ARN'),
        externalId: z.string().optional(),
        /** The assumed role's session: seconds (3600) or a duration ("1h"), from 15 minutes to 12 hours. */
        durationSeconds: sessionSeconds.optional(),
      })
      .strict()
      .optional(),
    protected: z.boolean().default(false),
    writablePrefixes: z.array(s3Url).default([]),
    /**
     * What a protected run may send to, put on or put in besides S3 (logical names of
     * resources.queues, resources.eventBuses, resources.dynamodbTables): none by default.
     */
    safety: z
      .object({
        writableQueues: z.array(z.string().min(1)).default([]),
        writableEventBuses: z.array(z.string().min(1)).default([]),
        writableTables: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .default({ writableQueues: [], writableEventBuses: [], writableTables: [] }),
    tags: z
      .string()
      .superRefine((expression, context) => {
        const problem = tagExpressionProblem(expression);
        if (problem) context.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
    resources: z
      .object({
        ...namedResources,
        buckets: logicalNames.default({}),
        athena: z
          .object({
            workgroup: z.string().default('primary'),
            outputLocation: s3Url.optional(),
            catalog: z.string().default('AwsDataCatalog'),
            databases: logicalNames.default({}),
            /** Where temporary tables over S3 sources are created (default: the target table's database). */
            scratchDatabase: z.string().optional(),
          })
          .strict()
          .default({ workgroup: 'primary', catalog: 'AwsDataCatalog', databases: {} }),
      })
      .strict(),
    /**
     * Where the system under test writes outputs derived from test inputs (templated, e.g.
     * `s3://curated/positions/as_of_date=${today}/`): after a scenario, objects there whose key
     * carries the scenario's id are removed too; after the run, those carrying the run id.
     */
    cleanup: z
      .object({ outputPrefixes: z.array(s3Url).default([]) })
      .strict()
      .default({ outputPrefixes: [] }),
    sandbox: z
      .object({
        stacks: z
          .array(
            z
              .object({
                name: z.string().regex(/^[A-Za-z][A-Za-z0-9-]*$/, 'a CloudFormation stack name'),
                template: z.string().min(1),
                parameters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).default({}),
              })
              .strict(),
          )
          .min(1, 'at least one stack to deploy'),
        seed: z.array(z.object({ source: z.string().min(1), target: s3Url }).strict()).default([]),
        faults: z.array(faultRule).default([]),
        /** Scales Wait states and retry intervals (0.05 = 20× faster); order and counts are unchanged. */
        timeScale: z.number().positive().max(1).default(1),
        port: z.number().int().min(0).max(65535).optional(),
        /**
         * Step Functions' mocked test cases: AWS Step Functions Local's mock configuration file (a path
         * from the project root) and, per state machine (logical name), the test case an execution
         * runs when the release starts it itself (README "Mocked Step Functions test cases").
         */
        stepFunctions: z
          .object({
            mockConfigFile: z.string().min(1).optional(),
            defaultTestCases: z.record(z.string(), z.string().min(1)).default({}),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((environment, context) => {
    for (const [setting, field] of WRITABLE_SETTINGS) {
      const known = Object.keys(environment.resources[field]);
      environment.safety[setting].forEach((name, index) => {
        if (!known.includes(name))
          context.addIssue({
            code: 'custom',
            path: ['safety', setting, index],
            message: `"${name}" is not a logical name of resources.${field} (known: ${known.join(', ') || 'none'})`,
          });
      });
    }
    const stepFunctions = environment.sandbox?.stepFunctions;
    const known = Object.keys(environment.resources.stateMachines);
    for (const name of Object.keys(stepFunctions?.defaultTestCases ?? {})) {
      if (!known.includes(name)) {
        context.addIssue({
          code: 'custom',
          path: ['sandbox', 'stepFunctions', 'defaultTestCases', name],
          message: `"${name}" is not a state machine of resources.stateMachines (known: ${known.join(', ') || 'none'})`,
        });
      }
    }
    if (Object.keys(stepFunctions?.defaultTestCases ?? {}).length > 0 && stepFunctions?.mockConfigFile === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['sandbox', 'stepFunctions', 'mockConfigFile'],
        message: 'defaultTestCases name test cases of a mock configuration file: give mockConfigFile too',
      });
    }
  });

export type EnvironmentFile = z.infer<typeof environmentSchema>;

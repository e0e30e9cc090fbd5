/**
 * The kinds of resource an environment maps by logical name only (`resources.<field>` in the
 * environment file), each declared once here: the environment schema takes its field, the resource
 * catalog looks names up in it (an unknown name is answered with the known ones), and templating fills
 * `${<placeholder>:<name>}` from it. Buckets and Athena databases are mapped too, but a scenario may
 * also name them physically (support/environment/resources.ts).
 */
export interface NamedResourceKind {
  /** Under `resources` in the environment file. */
  field: string;
  /** `${<placeholder>:<logical name>}` in templated text. */
  placeholder: string;
  /** In messages: "Unknown <label> …". */
  label: string;
  /** A name that is already an ARN is taken as written. */
  acceptsArn: boolean;
}

export const NAMED_RESOURCE_KINDS = [
  { field: 'stateMachines', placeholder: 'stateMachine', label: 'state machine', acceptsArn: true },
  { field: 'functions', placeholder: 'function', label: 'Lambda function', acceptsArn: true },
  /** SQS queue URLs. */
  { field: 'queues', placeholder: 'queue', label: 'queue', acceptsArn: false },
  /** SNS topic ARNs. */
  { field: 'topics', placeholder: 'topic', label: 'topic', acceptsArn: true },
  /** EventBridge bus names (an ARN is taken as written). */
  { field: 'eventBuses', placeholder: 'eventBus', label: 'event bus', acceptsArn: true },
  /** DynamoDB table names (an ARN is taken as written). */
  { field: 'dynamodbTables', placeholder: 'dynamodbTable', label: 'DynamoDB table', acceptsArn: true },
] as const satisfies readonly NamedResourceKind[];

export type NamedResourceField = (typeof NAMED_RESOURCE_KINDS)[number]['field'];

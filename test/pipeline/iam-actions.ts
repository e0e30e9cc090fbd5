import fs from 'node:fs';
import path from 'node:path';

/**
 * The IAM actions the framework needs, derived from its source rather than kept by hand: every
 * `new XxxCommand(` whose class is imported from an `@aws-sdk/client-*` package in the same file,
 * every `new Upload(` from `@aws-sdk/lib-storage`, the credential provider that assumes the
 * environment's role, and the Athena DDL statements it sends. Each maps to the action(s) IAM
 * authorizes it as; what a call needs beyond its own action (Athena reading the Glue catalog and
 * writing results to S3) is in IMPLIED_ACTIONS, the one documented place for such knowledge.
 */

/** IAM service prefix of each SDK client package the framework may use. */
export const SERVICE_PREFIX: Readonly<Record<string, string>> = {
  '@aws-sdk/client-athena': 'athena',
  '@aws-sdk/client-cloudformation': 'cloudformation',
  '@aws-sdk/client-cloudwatch-logs': 'logs',
  '@aws-sdk/client-glue': 'glue',
  '@aws-sdk/client-lambda': 'lambda',
  '@aws-sdk/client-s3': 's3',
  '@aws-sdk/client-sfn': 'states',
  '@aws-sdk/client-ssm': 'ssm',
  '@aws-sdk/client-sts': 'sts',
  '@aws-sdk/client-sqs': 'sqs',
  '@aws-sdk/client-sns': 'sns',
  '@aws-sdk/client-eventbridge': 'events',
  '@aws-sdk/client-dynamodb': 'dynamodb',
  // The document client's commands (Put, Get, Delete) are DynamoDB's item operations.
  '@aws-sdk/lib-dynamodb': 'dynamodb',
};

/**
 * Operations IAM authorizes under another action name (Service Authorization Reference). An
 * operation not listed here is authorized as `<prefix>:<Operation>`.
 */
export const AUTHORIZED_AS: Readonly<Record<string, readonly string[]>> = {
  's3:ListObjectsV2': ['s3:ListBucket'],
  's3:ListObjects': ['s3:ListBucket'],
  's3:HeadObject': ['s3:GetObject'],
  's3:HeadBucket': ['s3:ListBucket'],
  's3:DeleteObjects': ['s3:DeleteObject'],
  // Reads the source, writes the destination.
  's3:CopyObject': ['s3:GetObject', 's3:PutObject'],
  's3:CreateMultipartUpload': ['s3:PutObject'],
  's3:UploadPart': ['s3:PutObject'],
  's3:CompleteMultipartUpload': ['s3:PutObject'],
  's3:ListParts': ['s3:ListMultipartUploadParts'],
  's3:ListMultipartUploads': ['s3:ListBucketMultipartUploads'],
  'lambda:Invoke': ['lambda:InvokeFunction'],
  'lambda:InvokeWithResponseStream': ['lambda:InvokeFunction'],
  // SQS's batch actions are authorized as their single forms (SQS Developer Guide, "Amazon SQS API permissions").
  'sqs:ChangeMessageVisibilityBatch': ['sqs:ChangeMessageVisibility'],
  'sqs:SendMessageBatch': ['sqs:SendMessage'],
  'sqs:DeleteMessageBatch': ['sqs:DeleteMessage'],
  'dynamodb:Put': ['dynamodb:PutItem'],
  'dynamodb:Get': ['dynamodb:GetItem'],
  'dynamodb:Delete': ['dynamodb:DeleteItem'],
  // Answers whoever calls, whatever their policies: no permission exists for it.
  'sts:GetCallerIdentity': [],
};

/**
 * Operations the CodeBuild role in the shared-services account performs itself, before it holds
 * the target role's credentials.
 */
export const RUNNER_ROLE_OPERATIONS: ReadonlySet<string> = new Set(['sts:AssumeRole']);

/**
 * What an action needs beyond itself, because the service acts with the caller's permissions.
 * - Athena reads table metadata from the Glue Data Catalog and the table data from S3, and writes
 *   the results (possibly multipart) to the output location: Athena User Guide, "Identity and access
 *   management in Athena" and "Access to Amazon S3"; AWS Knowledge Center "athena-output-bucket-error".
 * - GetQueryResults reads the result file from the output location.
 */
export const IMPLIED_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  'athena:StartQueryExecution': [
    'glue:GetDatabase',
    'glue:GetTable',
    'glue:GetPartitions',
    's3:GetBucketLocation',
    's3:ListBucket',
    's3:GetObject',
    's3:PutObject',
    's3:AbortMultipartUpload',
    's3:ListMultipartUploadParts',
    's3:ListBucketMultipartUploads',
  ],
  'athena:GetQueryResults': ['s3:GetObject'],
};

/**
 * Hive DDL the framework sends through Athena: Athena performs it in the Glue Data Catalog with the
 * caller's permissions (on the framework's own temporary tables).
 */
export const DDL_ACTIONS: ReadonlyArray<{ statement: RegExp; actions: readonly string[] }> = [
  { statement: /\bCREATE\s+(EXTERNAL\s+)?TABLE\b/, actions: ['glue:CreateTable'] },
  { statement: /\bDROP\s+TABLE\b/, actions: ['glue:DeleteTable'] },
  { statement: /\bALTER\s+TABLE\b[\s\S]{0,200}\bADD\s+(IF\s+NOT\s+EXISTS\s+)?PARTITION\b/, actions: ['glue:BatchCreatePartition'] },
  { statement: /\bALTER\s+TABLE\b[\s\S]{0,200}\bDROP\s+(IF\s+EXISTS\s+)?PARTITION\b/, actions: ['glue:BatchDeletePartition'] },
  { statement: /\bMSCK\s+REPAIR\s+TABLE\b/, actions: ['glue:BatchCreatePartition'] },
];

/** A call that writes an object with `Tagging` also needs s3:PutObjectTagging. */
const TAGGED_WRITES = new Set(['PutObjectCommand', 'CopyObjectCommand', 'CreateMultipartUploadCommand', 'Upload']);

/**
 * IAM access level "Read"/"List" by the operation's verb; anything else changes state (IAM's
 * "Write"). Used to check that the read-only variant grants no write.
 */
export function isReadAction(action: string): boolean {
  const operation = action.slice(action.indexOf(':') + 1);
  return /^(Get|List|Describe|Filter|BatchGet|Head|Lookup|Search|Select)/.test(operation);
}

/** Why an action is needed: the files and calls that need it. */
export type Reasons = Map<string, Set<string>>;

export interface Derivation {
  /** Actions the role in each target account must allow, with the calls that need them. */
  targetRole: Reasons;
  /** Actions the CodeBuild role in the shared-services account must allow. */
  runnerRole: Reasons;
  /** Calls that need no permission (e.g. sts:GetCallerIdentity). */
  unauthorized: Set<string>;
  /** The files read, relative to the project root. */
  files: string[];
}

export class UnknownClientError extends Error {}

interface SourceFile {
  /** Relative to the project root, for reasons and messages. */
  name: string;
  text: string;
}

/** Reads every .ts file under the given directories (relative to projectRoot). */
export function readSources(
  projectRoot: string,
  directories: readonly string[] = ['support', 'runner', 'model', 'bin', 'steps'],
): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (directory: string): void => {
    if (!fs.existsSync(directory)) return;
    for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        files.push({ name: path.relative(projectRoot, full).split(path.sep).join('/'), text: fs.readFileSync(full, 'utf8') });
      }
    }
  };
  for (const directory of directories) walk(path.join(projectRoot, directory));
  return files.sort((a, b) => a.name.localeCompare(b.name));
}

/** `import { A, B as C } from 'pkg'` and `import * as ns from 'pkg'`, type-only imports excluded. */
function importsOf(text: string): { named: Map<string, string>; namespaces: Map<string, string> } {
  const named = new Map<string, string>();
  const namespaces = new Map<string, string>();
  const withoutComments = stripComments(text);
  for (const match of withoutComments.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s*from\s*['"]([^'"]+)['"]/g)) {
    if (match[1]) continue;
    for (const specifier of (match[2] ?? '').split(',')) {
      const trimmed = specifier.trim();
      if (!trimmed || trimmed.startsWith('type ')) continue;
      const [imported = '', local] = trimmed.split(/\s+as\s+/).map((part) => part.trim());
      named.set(local ?? imported, `${match[3]}#${imported}`);
    }
  }
  for (const match of withoutComments.matchAll(/import\s+\*\s+as\s+(\w+)\s+from\s*['"]([^'"]+)['"]/g))
    namespaces.set(match[1] ?? '', match[2] ?? '');
  return { named, namespaces };
}

/**
 * Blanks whole-line comments (`// …`, `/* …`, ` * …`), keeping line numbers. Comments at the end
 * of a code line stay: telling them from `//` or `/*` inside strings and regular expressions would
 * need a tokenizer, and a call named there only makes the derivation ask for more, visibly.
 */
function stripComments(text: string): string {
  return text
    .split('\n')
    .map((line) => (/^\s*(\/\/|\/\*|\*)/.test(line) ? '' : line))
    .join('\n');
}

function add(reasons: Reasons, action: string, reason: string): void {
  const set = reasons.get(action) ?? new Set<string>();
  set.add(reason);
  reasons.set(action, set);
}

/** Derives the actions from source files (see the module comment). */
export function deriveActions(files: readonly SourceFile[]): Derivation {
  const derivation: Derivation = {
    targetRole: new Map(),
    runnerRole: new Map(),
    unauthorized: new Set(),
    files: files.map((file) => file.name),
  };
  for (const file of files) {
    const { named, namespaces } = importsOf(file.text);
    const code = stripComments(file.text);
    const constructed: Array<{ pkg: string; className: string; line: number }> = [];
    for (const match of code.matchAll(/new\s+(?:(\w+)\.)?(\w+)\s*\(/g)) {
      const [, namespace, local = ''] = match;
      let origin: string | undefined;
      if (namespace) {
        const pkg = namespaces.get(namespace);
        origin = pkg ? `${pkg}#${local}` : undefined;
      } else {
        origin = named.get(local);
      }
      if (!origin) continue;
      const [pkg = '', className = ''] = origin.split('#');
      if (!pkg.startsWith('@aws-sdk/')) continue;
      constructed.push({ pkg, className, line: lineOf(code, match.index ?? 0) });
    }
    const tagged = /\bTagging\s*[:,}]/.test(code);
    for (const call of constructed) {
      const where = `${file.name}:${call.line} ${call.className}`;
      for (const action of actionsOfCall(call.pkg, call.className, where)) {
        if (action === null) derivation.unauthorized.add(`${where}`);
        else if (RUNNER_ROLE_OPERATIONS.has(action)) add(derivation.runnerRole, action, where);
        else add(derivation.targetRole, action, where);
      }
      if (tagged && TAGGED_WRITES.has(call.className)) add(derivation.targetRole, 's3:PutObjectTagging', `${where} (with Tagging)`);
    }
    // The environment's credentials.roleArn is assumed through the credential provider.
    if (
      named.get('fromTemporaryCredentials')?.startsWith('@aws-sdk/credential-providers#') &&
      /\bfromTemporaryCredentials\s*\(/.test(code)
    ) {
      add(
        derivation.runnerRole,
        'sts:AssumeRole',
        `${file.name}:${lineOf(code, code.search(/\bfromTemporaryCredentials\s*\(/))} fromTemporaryCredentials`,
      );
    }
    for (const ddl of DDL_ACTIONS) {
      const found = ddl.statement.exec(code);
      if (found)
        for (const action of ddl.actions)
          add(derivation.targetRole, action, `${file.name}:${lineOf(code, found.index)} ${found[0].replace(/\s+/g, ' ')} (Athena DDL)`);
    }
  }
  for (const [action, reasons] of [...derivation.targetRole]) {
    for (const implied of IMPLIED_ACTIONS[action] ?? []) {
      for (const reason of reasons) add(derivation.targetRole, implied, `implied by ${action} (${reason})`);
    }
  }
  return derivation;
}

/** The IAM action(s) one constructed SDK object needs; `null` marks a call that needs none. */
function actionsOfCall(pkg: string, className: string, where: string): Array<string | null> {
  if (pkg === '@aws-sdk/lib-storage') {
    // Upload: CreateMultipartUpload/UploadPart/CompleteMultipartUpload (s3:PutObject) or a single
    // PutObject, and AbortMultipartUpload when a part fails.
    return className === 'Upload' ? ['s3:PutObject', 's3:AbortMultipartUpload'] : [];
  }
  if (!className.endsWith('Command')) return [];
  const prefix = SERVICE_PREFIX[pkg];
  if (!prefix) {
    throw new UnknownClientError(
      `${where}: ${className} comes from ${pkg}, whose IAM service prefix is unknown. Add it to SERVICE_PREFIX in test/pipeline/iam-actions.ts, ` +
        'then allow the action in pipeline/target-account-role.yaml.',
    );
  }
  const operation = `${prefix}:${className.slice(0, -'Command'.length)}`;
  const authorized = AUTHORIZED_AS[operation];
  if (authorized) return authorized.length ? [...authorized] : [null];
  return [operation];
}

function lineOf(text: string, index: number): number {
  return text.slice(0, Math.max(0, index)).split('\n').length;
}

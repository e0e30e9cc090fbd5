import fs from 'node:fs';
import path from 'node:path';

/** What replaces a secret in logs, attachments and reports. */
export const MASK = '****';

/** Environment variable names whose values are secrets. */
const SECRET_NAME = /(SECRET|TOKEN|PASSWORD|PASSWD|PASSPHRASE|CREDENTIAL|PRIVATE|API_?KEY|ACCESS_KEY)/i;
/** Shorter values would mask ordinary words; real secrets are longer. */
const MIN_SECRET_LENGTH = 8;

/** Secret-looking fields in JSON, XML, YAML/ini and headers, whatever their value. */
const FIELD_PATTERNS: Array<[RegExp, string]> = [
  [
    /("(?:SecretAccessKey|secretAccessKey|SessionToken|sessionToken|aws_secret_access_key|aws_session_token|password|Password|token|Token|apiKey|api_key)"\s*:\s*")[^"]*(")/g,
    `$1${MASK}$2`,
  ],
  [/(<(SecretAccessKey|SessionToken)>)[^<]*(<\/\2>)/g, `$1${MASK}$3`],
  [/((?:aws_secret_access_key|aws_session_token|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN)\s*[=:]\s*)\S+/g, `$1${MASK}`],
  [/(X-Amz-Security-Token=|X-Amz-Signature=)[^&\s"]+/g, `$1${MASK}`],
  [/(Signature=)[0-9a-f]{64}/g, `$1${MASK}`],
  // Access key ids keep their prefix so a reader can still tell long-term (AKIA) from session (ASIA) keys.
  [/\b((?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{4})[A-Z0-9]{8,}\b/g, `$1${MASK}`],
];

/**
 * Keeps credentials, session tokens and values of secret-looking variables out of logs,
 * attachments and reports: known values are masked wherever they appear, and secret-looking
 * fields are masked whatever their value.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  add(value: string | undefined): void {
    if (value && value.length >= MIN_SECRET_LENGTH) this.secrets.add(value);
  }

  addEnvironment(variables: NodeJS.ProcessEnv = process.env): void {
    for (const [name, value] of Object.entries(variables)) if (SECRET_NAME.test(name)) this.add(value);
  }

  addCredentials(credentials: { accessKeyId?: string; secretAccessKey?: string; sessionToken?: string }): void {
    this.add(credentials.accessKeyId);
    this.add(credentials.secretAccessKey);
    this.add(credentials.sessionToken);
  }

  redact(text: string): string {
    let result = text;
    // Longest first, so a secret that contains another is masked whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) result = result.split(secret).join(MASK);
    for (const [pattern, replacement] of FIELD_PATTERNS) result = result.replace(pattern, replacement);
    return result;
  }

  /** Rewrites every text file under a directory (reports/), leaving binaries alone. */
  redactDirectory(directory: string): number {
    let changed = 0;
    if (!fs.existsSync(directory)) return changed;
    for (const entry of fs.readdirSync(directory, { withFileTypes: true, recursive: true })) {
      if (!entry.isFile()) continue;
      const file = path.join(entry.parentPath, entry.name);
      if (!/\.(json|ndjson|xml|html|md|txt|csv|properties|log|out|yml|yaml)$/i.test(entry.name)) continue;
      const original = fs.readFileSync(file, 'utf8');
      const redacted = this.redact(original);
      if (redacted !== original) {
        fs.writeFileSync(file, redacted);
        changed += 1;
      }
    }
    return changed;
  }
}

/** The process-wide redactor: every process (the run, each parallel worker) fills its own. */
export const redactor = new Redactor();
redactor.addEnvironment();

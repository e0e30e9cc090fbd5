import type { InvokeCommandOutput } from '@aws-sdk/client-lambda';

/** What an Invoke answered, as the handler's JSON. */
export function payloadOf(output: InvokeCommandOutput): unknown {
  return JSON.parse(payloadText(output));
}

/** What an Invoke answered, byte for byte (a Python runtime writes `", "` separators). */
export function payloadText(output: InvokeCommandOutput): string {
  return Buffer.from(output.Payload ?? new Uint8Array()).toString('utf8');
}

/** An event for Invoke. */
export function json(value: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(value));
}

/** The LogType Tail lines of an invocation. */
export function tailLines(output: InvokeCommandOutput): string[] {
  return Buffer.from(output.LogResult ?? '', 'base64')
    .toString('utf8')
    .split('\n');
}

/** A recorded value with its placeholders turned into a pattern (`<uuid:2>` → any text). */
export function parityPattern(recorded: string, replacements: Record<string, string>): RegExp {
  let source = escapeRegExp(recorded);
  for (const [placeholder, value] of Object.entries(replacements)) {
    source = source.replaceAll(escapeRegExp(placeholder), escapeRegExp(value));
  }
  return new RegExp(`^${source}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

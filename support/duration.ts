/** `500 milliseconds`, `30 seconds`, `1 second`, `2 minutes`, `1 hour` → milliseconds. */
const DURATION = /(\d+(?:\.\d+)?) (milliseconds?|seconds?|minutes?|hours?)/;

/** The same, without capture groups: cucumber hands a parameter type's whole match to its transformer. */
export const DURATION_PATTERN = /\d+(?:\.\d+)? (?:milliseconds?|seconds?|minutes?|hours?)/;

const UNIT_MS: Record<string, number> = { millisecond: 1, second: 1000, minute: 60_000, hour: 3_600_000 };

export function parseDuration(text: string): number {
  const match = new RegExp(`^${DURATION.source}$`).exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a duration: write e.g. "500 milliseconds", "30 seconds", "2 minutes", "1 hour".`);
  return Number(match[1]) * UNIT_MS[match[2].replace(/s$/, '')];
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${+(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${+(ms / 60_000).toFixed(1)} min`;
  return `${+(ms / 3_600_000).toFixed(1)} h`;
}

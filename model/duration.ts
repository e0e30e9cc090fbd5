/**
 * The one duration grammar of postflight: the `{duration}` step parameter, `cleanup --older-than`
 * and environment files all read durations here, and what postflight prints reads back.
 *
 *   500 milliseconds · 500ms · 90s · 90 secs · 90 seconds · 2m · 2 min · 2 minutes · 1.5 hours ·
 *   1h30m · 1 hour 30 minutes · 1 hour and 30 minutes · 7d · 2 weeks
 *
 * A duration is one or more `<number><unit>` parts, largest unit first, each unit once.
 */

const UNITS: Array<{ ms: number; names: string[] }> = [
  { ms: 7 * 86_400_000, names: ['weeks', 'week', 'w'] },
  { ms: 86_400_000, names: ['days', 'day', 'd'] },
  { ms: 3_600_000, names: ['hours', 'hour', 'hrs', 'hr', 'h'] },
  { ms: 60_000, names: ['minutes', 'minute', 'mins', 'min', 'm'] },
  { ms: 1000, names: ['seconds', 'second', 'secs', 'sec', 's'] },
  { ms: 1, names: ['milliseconds', 'millisecond', 'msecs', 'msec', 'ms'] },
];

const UNIT_MS = new Map(UNITS.flatMap((unit) => unit.names.map((name) => [name, unit.ms] as const)));

/** What an error message and `postflight steps` show as the accepted forms. */
export const DURATION_FORMS = '500ms, 500 milliseconds, 90s, 90 seconds, 2m, 2 min, 2 minutes, 1h30m, 1.5 hours, 1 hour, 7d, 2 weeks';

const NUMBER = String.raw`\d+(?:\.\d+)?`;
/** Between the parts of `1h30m`, `1 hour 30 minutes`, `1 hour, 30 minutes`, `1 hour and 30 minutes`. */
const SEPARATOR = String.raw`,?\s*(?:and\s+)?`;
const PART = new RegExp(String.raw`(${NUMBER})\s*([a-z]+)`, 'y');

/**
 * For cucumber's `{duration}`: deliberately wider than the grammar (a number, then words of
 * letters), so that `within 2 fortnights` reaches the parser and is answered with the accepted
 * forms instead of leaving the step undefined. No capture groups: cucumber hands the whole match
 * to the transformer.
 */
export const DURATION_PATTERN = new RegExp(String.raw`${NUMBER}(?:\s*[a-z]+(?:${SEPARATOR}${NUMBER}\s*[a-z]+)*)?`);

/** A duration that cannot be read: the message says what was given and every accepted form. */
export class DurationError extends Error {
  constructor(text: string, why: string) {
    super(`"${text}" is not a duration (${why}). Write it as one of: ${DURATION_FORMS}.`);
    this.name = 'DurationError';
  }
}

/** Text in the grammar above → milliseconds. */
export function parseDuration(text: string): number {
  const input = text.trim();
  if (!input) throw new DurationError(text, 'it is empty');
  let total = 0;
  let position = 0;
  let previousUnit = Infinity;
  while (position < input.length) {
    if (position > 0) position += new RegExp(SEPARATOR, 'y').exec(input.slice(position))?.[0].length ?? 0;
    PART.lastIndex = position;
    const part = PART.exec(input);
    if (!part) {
      const rest = input.slice(position);
      throw new DurationError(text, /^\d+(?:\.\d+)?\s*$/.test(rest) ? `"${rest.trim()}" has no unit` : `cannot read "${rest}"`);
    }
    const [, amount = '', unitName = ''] = part;
    const unit = UNIT_MS.get(unitName);
    if (unit === undefined) throw new DurationError(text, `"${unitName}" is not a unit`);
    if (unit >= previousUnit) throw new DurationError(text, 'write the largest unit first, each unit once');
    previousUnit = unit;
    total += Number(amount) * unit;
    position = PART.lastIndex;
  }
  return total;
}

/** Milliseconds → a short text that parseDuration reads back: `542 ms`, `3.9 s`, `2.5 min`, `1.5 h`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${+(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${+(ms / 60_000).toFixed(1)} min`;
  return `${+(ms / 3_600_000).toFixed(1)} h`;
}

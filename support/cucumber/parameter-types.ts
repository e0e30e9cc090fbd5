import { defineParameterType } from '@cucumber/cucumber';
import { DURATION_PATTERN, parseDuration } from '../../model/duration';

/**
 * `{duration}` hands steps milliseconds: `500 milliseconds`, `90s`, `2 min`, `1h30m`, `1.5 hours` (model/duration.ts).
 * An unreadable duration fails the step with the accepted forms rather than leaving it undefined.
 */
defineParameterType({
  name: 'duration',
  regexp: DURATION_PATTERN,
  transformer: (text: string) => parseDuration(text),
  useForSnippets: false,
});

/** `{bound}`: a number as written (`0`, `-1.5`, `1000000`, kept exact as text) or a quoted literal (`"2026-01-01"`). */
defineParameterType({
  name: 'bound',
  regexp: /-?\d+(?:\.\d+)?|"[^"]*"/,
  transformer: (text: string) => (text.startsWith('"') ? text.slice(1, -1) : text),
  useForSnippets: false,
});

import { defineParameterType } from '@cucumber/cucumber';
import { DURATION_PATTERN, parseDuration } from '../duration';

/** `{duration}` hands steps milliseconds: `500 milliseconds`, `30 seconds`, `2 minutes`, `1 hour`. */
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

import { defineParameterType } from '@cucumber/cucumber';
import { DURATION_PATTERN, parseDuration } from '../duration';

/** `{duration}` hands steps milliseconds: `500 milliseconds`, `30 seconds`, `2 minutes`, `1 hour`. */
defineParameterType({
  name: 'duration',
  regexp: DURATION_PATTERN,
  transformer: (text: string) => parseDuration(text),
  useForSnippets: false,
});

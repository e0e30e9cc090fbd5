/** A doc string that should hold JSON: parsed, or an error that shows where it broke. */
export class DocStringError extends Error {}

export function parseJsonDocString(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DocStringError(`The ${what} is not valid JSON (${(error as Error).message}):\n${text}`);
  }
}

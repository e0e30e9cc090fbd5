/**
 * Evidence attached to the scenario's result (cucumber messages → Allure): what a reviewer
 * needs to trust a step without re-running it.
 */
export interface Attacher {
  attach(data: string, options: { mediaType: string; fileName?: string }): void | Promise<void>;
}

export async function attachJson(attacher: Attacher, fileName: string, value: unknown): Promise<void> {
  await attacher.attach(JSON.stringify(value, null, 2), { mediaType: 'application/json', fileName: ensureExtension(fileName, '.json') });
}

export async function attachText(attacher: Attacher, fileName: string, text: string): Promise<void> {
  await attacher.attach(text, { mediaType: 'text/plain', fileName: ensureExtension(fileName, '.txt') });
}

export async function attachCsv(attacher: Attacher, fileName: string, csv: string): Promise<void> {
  await attacher.attach(csv, { mediaType: 'text/csv', fileName: ensureExtension(fileName, '.csv') });
}

function ensureExtension(fileName: string, extension: string): string {
  return fileName.endsWith(extension) ? fileName : `${fileName}${extension}`;
}

import fs from 'node:fs';

/**
 * The data a single-file Allure Awesome report embeds (`d("widgets/charts.json", "<base64>")`),
 * decoded by name: what the report will show, read without a browser.
 */
export function embeddedReportData(indexHtml: string): Map<string, string> {
  const html = fs.readFileSync(indexHtml, 'utf8');
  return new Map([...html.matchAll(/\bd\("([^"]+)","([A-Za-z0-9+/=]*)"\)/g)].map((match) => [match[1] ?? '', Buffer.from(match[2] ?? '', 'base64').toString('utf8')]));
}

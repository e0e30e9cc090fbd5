import fs from 'node:fs';
import type { SignoffData } from './signoff-data';
import { renderSignoffHtml } from './signoff-html';
import { renderSignoffMarkdown } from './signoff-markdown';
import { findExternalRequests } from './offline-html';
import type { ReportPaths } from './report-paths';

/** Writes the sign-off report: signoff.json (the data), signoff.md and index.html (rendered from it). */
export function writeSignoffReport(paths: ReportPaths, data: SignoffData): void {
  const html = renderSignoffHtml(data);
  // Rendered from our own template: anything remote here is a bug, not something to strip.
  const external = findExternalRequests(html);
  if (external.length) throw new Error(`The sign-off page would fetch from other hosts: ${external.join('; ')}`);
  fs.mkdirSync(paths.signoff, { recursive: true });
  fs.writeFileSync(paths.signoffJson, `${JSON.stringify(data, null, 2)}\n`);
  fs.writeFileSync(paths.signoffMarkdown, renderSignoffMarkdown(data));
  fs.writeFileSync(paths.signoffHtml, html);
}

import fs from 'node:fs';

/**
 * One junit.xml from the parts' files, as cucumber's JUnit formatter writes them (one
 * `<testsuite>` of `<testcase>` elements): the test cases of every part, in the order given,
 * under one suite whose counts are the sums and whose time is the merged run's span.
 */
export function mergeJunitFiles(files: readonly string[], target: string, spanSeconds: number): void {
  const suites = files.filter((file) => fs.existsSync(file)).map((file) => parseSuite(fs.readFileSync(file, 'utf8'), file));
  if (!suites.length) return;
  const first = suites[0]!;
  const sum = (name: string) => suites.reduce((total, suite) => total + Number(suite.attributes.get(name) ?? 0), 0);
  const attributes = new Map(first.attributes);
  for (const name of ['tests', 'failures', 'skipped', 'errors']) if (attributes.has(name)) attributes.set(name, String(sum(name)));
  if (attributes.has('time')) attributes.set('time', String(spanSeconds));
  const open = `<testsuite ${[...attributes].map(([name, value]) => `${name}="${value}"`).join(' ')}>`;
  fs.writeFileSync(target, `${first.prolog}${open}${suites.map((suite) => suite.body).join('')}</testsuite>${first.epilog}`);
}

interface ParsedSuite {
  prolog: string;
  /** Attribute values as written (already escaped). */
  attributes: Map<string, string>;
  body: string;
  epilog: string;
}

function parseSuite(xml: string, file: string): ParsedSuite {
  const open = /<testsuite\b([^>]*?)(\/?)>/.exec(xml);
  if (!open) throw new Error(`${file} holds no <testsuite> element: it was not written by the JUnit formatter.`);
  const attributes = new Map<string, string>();
  for (const match of (open[1] ?? '').matchAll(/([\w:-]+)="([^"]*)"/g)) attributes.set(match[1] ?? '', match[2] ?? '');
  const prolog = xml.slice(0, open.index);
  if (open[2] === '/') return { prolog, attributes, body: '', epilog: xml.slice(open.index + open[0].length) };
  // The suite's own closing tag is the last one: a failure message inside CDATA may quote anything.
  const close = xml.lastIndexOf('</testsuite>');
  if (close < 0) throw new Error(`${file}: the <testsuite> element is not closed.`);
  return { prolog, attributes, body: xml.slice(open.index + open[0].length, close), epilog: xml.slice(close + '</testsuite>'.length) };
}

import fs from 'node:fs';
import YAML, { type ScalarTag, type CollectionTag, YAMLMap, YAMLSeq } from 'yaml';

/**
 * CloudFormation/SAM templates in YAML or JSON, with the short-form intrinsic tags (`!Ref`, `!Sub`,
 * `!GetAtt`, …) turned into their long form (`{ "Fn::Sub": … }`), as CloudFormation reads them.
 */
const FUNCTIONS = [
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAtt',
  'GetAZs',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'And',
  'Equals',
  'If',
  'Not',
  'Or',
  'Length',
  'ToJsonString',
];

function longName(name: string): string {
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
}

function cloudFormationTags(): Array<ScalarTag | CollectionTag> {
  const tags: Array<ScalarTag | CollectionTag> = [];
  for (const name of ['Ref', 'Condition', ...FUNCTIONS]) {
    const key = longName(name);
    tags.push({
      tag: `!${name}`,
      resolve: (value: string) => ({ [key]: name === 'GetAtt' ? splitGetAtt(value) : value }),
    } as ScalarTag);
    tags.push({
      tag: `!${name}`,
      collection: 'seq',
      resolve: (value) => ({ [key]: (value as YAMLSeq).toJSON() }),
    } as CollectionTag);
    tags.push({
      tag: `!${name}`,
      collection: 'map',
      resolve: (value) => ({ [key]: (value as YAMLMap).toJSON() }),
    } as CollectionTag);
  }
  return tags;
}

/** `!GetAtt Resource.Attribute.Path` → `["Resource", "Attribute.Path"]`. */
function splitGetAtt(value: string): string[] {
  const dot = value.indexOf('.');
  return dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
}

export class TemplateSyntaxError extends Error {}

export function parseTemplate(text: string, source: string): Record<string, unknown> {
  const trimmed = text.trimStart();
  try {
    const parsed = trimmed.startsWith('{')
      ? (JSON.parse(text) as unknown)
      : YAML.parse(text, { customTags: cloudFormationTags(), maxAliasCount: -1, uniqueKeys: true });
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('the document is not a mapping');
    return parsed as Record<string, unknown>;
  } catch (error) {
    throw new TemplateSyntaxError(`${source} is not a readable CloudFormation template: ${(error as Error).message}`);
  }
}

export function readTemplate(file: string): Record<string, unknown> {
  if (!fs.existsSync(file)) throw new TemplateSyntaxError(`Template ${file} does not exist.`);
  return parseTemplate(fs.readFileSync(file, 'utf8'), file);
}

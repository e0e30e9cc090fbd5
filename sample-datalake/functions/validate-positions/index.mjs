// Validates a landed positions CSV: required columns, types, and one row per (account, security).
import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
import { parse } from 'csv-parse/sync';

const s3 = new S3Client({});
const REQUIRED_COLUMNS = ['account_id', 'security_id', 'quantity', 'market_value', 'currency'];
const ISIN = /^[A-Z]{2}[A-Z0-9]{9}[0-9]$/;
const MAX_REPORTED_ERRORS = 50;

class ValidationError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ValidationError';
  }
}

export const handler = async (event) => {
  const { bucket, key } = event ?? {};
  if (typeof bucket !== 'string' || typeof key !== 'string') {
    throw new ValidationError('The event must name the landed file: {"bucket": "...", "key": "..."}');
  }
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const text = await object.Body.transformToString();
  const errors = [];
  let records = [];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, trim: true });
  } catch (error) {
    errors.push({ line: error.lines ?? 0, field: null, message: `unreadable CSV: ${error.message}` });
  }
  const header = text
    .split(/\r?\n/, 1)[0]
    .split(',')
    .map((name) => name.trim());
  for (const column of REQUIRED_COLUMNS) {
    if (!header.includes(column)) errors.push({ line: 1, field: column, message: `missing column ${column}` });
  }
  if (errors.length === 0) records.forEach((record, index) => errors.push(...checkRecord(record, index + 2)));
  errors.push(...duplicates(records));
  const status = errors.length === 0 ? 'VALID' : 'INVALID';
  console.log(`validated ${records.length} rows of s3://${bucket}/${key}: ${status} (${errors.length} errors)`);
  return { status, recordCount: records.length, errors: errors.slice(0, MAX_REPORTED_ERRORS), file: `s3://${bucket}/${key}` };
};

function checkRecord(record, line) {
  const errors = [];
  const fail = (field, message) => errors.push({ line, field, message });
  if (!record.account_id) fail('account_id', 'account_id is empty');
  if (!ISIN.test(record.security_id ?? '')) fail('security_id', `security_id "${record.security_id}" is not an ISIN`);
  if (!/^-?\d+$/.test(record.quantity ?? '')) fail('quantity', `quantity "${record.quantity}" is not a whole number`);
  if (!/^-?\d+(\.\d{1,2})?$/.test(record.market_value ?? ''))
    fail('market_value', `market_value "${record.market_value}" is not an amount with at most 2 decimals`);
  if (!/^[A-Z]{3}$/.test(record.currency ?? '')) fail('currency', `currency "${record.currency}" is not an ISO 4217 code`);
  return errors;
}

function duplicates(records) {
  const seen = new Map();
  const errors = [];
  records.forEach((record, index) => {
    const key = `${record.account_id}|${record.security_id}`;
    if (seen.has(key)) {
      errors.push({
        line: index + 2,
        field: 'account_id,security_id',
        message: `duplicate position ${key.replace('|', '/')} (first on line ${seen.get(key)})`,
      });
    } else seen.set(key, index + 2);
  });
  return errors;
}

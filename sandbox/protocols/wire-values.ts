/**
 * Plain-object conversions shared by the protocols: providers return JS values (Date, Buffer),
 * each protocol decides how they travel (JSON: epoch seconds and base64; XML: ISO 8601).
 */
export function toJsonWire(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (value instanceof Date) return value.getTime() / 1000;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(toJsonWire);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      if (member !== undefined) out[key] = toJsonWire(member);
    }
    return out;
  }
  return value;
}

export function isoTimestamp(date: Date): string {
  return date.toISOString();
}

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;');
}

/**
 * Serialize a plain object as AWS XML members: arrays become repeated elements (`flattened`) or
 * `<member>` lists, dates ISO 8601, booleans and numbers as text.
 */
export function toXmlMembers(value: unknown, options: { listMember?: string; maps?: readonly string[] } = {}): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return escapeXml(value.toISOString());
  if (Array.isArray(value)) {
    const member = options.listMember ?? 'member';
    return value.map((item) => `<${member}>${toXmlMembers(item, options)}</${member}>`).join('');
  }
  if (typeof value === 'object') {
    return Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .map(([key, member]) =>
        options.maps?.includes(key) && member && typeof member === 'object' && !Array.isArray(member)
          ? `<${key}>${xmlMapEntries(member as Record<string, unknown>, options)}</${key}>`
          : `<${key}>${toXmlMembers(member, options)}</${key}>`,
      )
      .join('');
  }
  return escapeXml(String(value));
}

/** A map member in the awsQuery style (SNS `Attributes`): `<entry><key>…</key><value>…</value></entry>`. */
function xmlMapEntries(map: Record<string, unknown>, options: { listMember?: string; maps?: readonly string[] }): string {
  return Object.entries(map)
    .map(([key, value]) => `<entry><key>${escapeXml(key)}</key><value>${toXmlMembers(value, options)}</value></entry>`)
    .join('');
}

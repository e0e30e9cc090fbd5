import { call, failWhen, type Bound, type FunctionRegistry } from './registry';

/**
 * Trino's binary functions (functions/binary.md): hashes answer varbinary (so
 * `to_hex(md5(to_utf8(x)))` is the upper-case hex digest), base64 / base64url and hex codecs,
 * and the URL functions (functions/url.md) over a URI's parts.
 */
export function registerBinary(registry: FunctionRegistry): void {
  registry.scalar('md5(varbinary) -> varbinary', (b) => `unhex(md5(${a(b, 0)}))`);
  registry.scalar('sha1(varbinary) -> varbinary', (b) => `unhex(sha1(${a(b, 0)}))`);
  registry.scalar('sha256(varbinary) -> varbinary', (b) => `unhex(sha256(${a(b, 0)}))`);
  registry.scalar('to_hex(varbinary) -> varchar', (b) => `upper(hex(${a(b, 0)}))`);
  registry.scalar('from_hex(varchar(x)) -> varbinary', (b) =>
    failWhen(b, `NOT regexp_full_match(${a(b, 0)}, '([0-9A-Fa-f]{2})*')`, `'invalid hex string'`, `unhex(${a(b, 0)})`),
  );
  registry.scalar('to_base64(varbinary) -> varchar', call('to_base64'));
  registry.scalar('from_base64(varchar(x)) -> varbinary', call('from_base64'));
  registry.scalar('to_base64url(varbinary) -> varchar', (b) => `translate(to_base64(${a(b, 0)}), '+/', '-_')`);
  registry.scalar('from_base64url(varchar(x)) -> varbinary', (b) => `from_base64(translate(${a(b, 0)}, '-_', '+/'))`);
  registry.scalar('concat(varbinary...) -> varbinary', (b) => `(${b.args.map((arg) => arg.sql).join(' || ')})`);

  const parts = (url: string) =>
    `regexp_extract(${url}, '^(?:([a-zA-Z][a-zA-Z0-9+.-]*):)?(?://(?:[^@/?#]*@)?([^:/?#]*)(?::([0-9]*))?)?([^?#]*)(?:\\?([^#]*))?(?:#(.*))?$', ['protocol', 'host', 'port', 'path', 'query', 'fragment'])`;
  const part = (name: string) => (b: Bound) => `nullif(${parts(a(b, 0))}.${name}, '')`;
  registry.scalar('url_extract_protocol(varchar(x)) -> varchar(x)', part('protocol'));
  registry.scalar('url_extract_host(varchar(x)) -> varchar(x)', part('host'));
  registry.scalar('url_extract_port(varchar(x)) -> bigint', (b) => `TRY_CAST(nullif(${parts(a(b, 0))}.port, '') AS BIGINT)`);
  registry.scalar('url_extract_path(varchar(x)) -> varchar(x)', (b) => `${parts(a(b, 0))}.path`);
  registry.scalar('url_extract_query(varchar(x)) -> varchar(x)', part('query'));
  registry.scalar('url_extract_fragment(varchar(x)) -> varchar(x)', part('fragment'));
  registry.scalar(
    'url_extract_parameter(varchar(x), varchar(y)) -> varchar(x)',
    (b) =>
      `list_transform(list_filter(string_split(${parts(a(b, 0))}.query, '&'), lambda p: split_part(p, '=', 1) = ${a(b, 1)}), lambda p: CASE WHEN contains(p, '=') THEN substr(p, strpos(p, '=') + 1) ELSE '' END)[1]`,
  );
  registry.scalar('url_encode(varchar(x)) -> varchar(y)', (b) => `replace(url_encode(${a(b, 0)}), '%20', '+')`);
  registry.scalar('url_decode(varchar(x)) -> varchar(x)', (b) => `url_decode(replace(${a(b, 0)}, '+', ' '))`);
}

function a(bound: Bound, index: number): string {
  return bound.args[index]?.sql ?? 'NULL';
}

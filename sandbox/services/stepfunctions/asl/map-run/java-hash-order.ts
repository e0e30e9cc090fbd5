/**
 * The order in which a Java `HashMap<String, …>` iterates its keys: by bucket (the key's
 * `String.hashCode()`, spread as HashMap spreads it, masked by the table size), then by insertion
 * within a bucket. Step Functions builds CSV items as such maps, so their members come out in this
 * order (recorded: the CSV ItemReader tests, e.g. `{"0":…,"{}":…,"True":…}`).
 */
export function javaHashMapOrder(keys: readonly string[]): string[] {
  let capacity = 16;
  while (keys.length > capacity * 0.75) capacity *= 2;
  const buckets = new Map<number, string[]>();
  for (const key of keys) {
    const bucket = spread(stringHashCode(key)) & (capacity - 1);
    const list = buckets.get(bucket) ?? [];
    if (!list.includes(key)) list.push(key);
    buckets.set(bucket, list);
  }
  return [...buckets.entries()].sort(([a], [b]) => a - b).flatMap(([, list]) => list);
}

/** Java's `String.hashCode()`: s[0]·31^(n−1) + … + s[n−1], in 32-bit arithmetic over UTF-16 units. */
export function stringHashCode(text: string): number {
  let hash = 0;
  for (let index = 0; index < text.length; index += 1) hash = (Math.imul(hash, 31) + text.charCodeAt(index)) | 0;
  return hash;
}

function spread(hash: number): number {
  return (hash ^ (hash >>> 16)) >>> 0;
}

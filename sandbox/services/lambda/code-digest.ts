import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface CodeDigest {
  /** Bytes of code, as CodeSize. */
  size: number;
  /** Base64 SHA-256, as CodeSha256. */
  sha256: string;
}

/**
 * CodeSize and CodeSha256 of unpacked code. Fidelity gap: Lambda measures and hashes the zip
 * archive; the sandbox has the unpacked folder, so it sums file sizes and hashes each file's
 * relative path and bytes in path order — stable for the same code, but not AWS's number.
 */
export function codeDigest(directory: string): CodeDigest {
  const hash = createHash('sha256');
  let size = 0;
  for (const file of filesUnder(directory).sort()) {
    const bytes = fs.readFileSync(path.join(directory, file));
    size += bytes.length;
    hash.update(file).update('\0').update(bytes);
  }
  return { size, sha256: hash.digest('base64') };
}

function filesUnder(directory: string, prefix = ''): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(path.join(directory, prefix), { withFileTypes: true })) {
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) files.push(...filesUnder(directory, relative));
    else if (entry.isFile()) files.push(relative);
  }
  return files;
}

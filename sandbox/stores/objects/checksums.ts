import { createHash } from 'node:crypto';
import { Crc32, Crc32c, Crc64Nvme } from '@aws-sdk/checksums/crc';
import { Sha1, Sha256 } from '@aws-sdk/checksums/sha';

export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256';

/** The flexible checksums S3 understands, computed with the SDK's own implementations. */
interface Checksum {
  update(chunk: Uint8Array): void;
  digest(): Promise<Uint8Array>;
}

const FACTORIES: Record<ChecksumAlgorithm, () => Checksum> = {
  CRC32: () => new Crc32(),
  CRC32C: () => new Crc32c(),
  CRC64NVME: () => new Crc64Nvme(),
  SHA1: () => new Sha1(),
  SHA256: () => new Sha256(),
};

export const CHECKSUM_ALGORITHMS = Object.keys(FACTORIES) as ChecksumAlgorithm[];

export async function computeChecksum(algorithm: ChecksumAlgorithm, data: Uint8Array | Uint8Array[]): Promise<string> {
  const checksum = runningChecksum(algorithm);
  for (const chunk of Array.isArray(data) ? data : [data]) checksum.update(chunk);
  return checksum.digest();
}

/** A checksum fed piece by piece (multipart parts), so no object has to be held in memory whole. */
export function runningChecksum(algorithm: ChecksumAlgorithm): { update(chunk: Uint8Array): void; digest(): Promise<string> } {
  const checksum = FACTORIES[algorithm]();
  return {
    update: (chunk) => checksum.update(chunk),
    digest: async () => Buffer.from(await checksum.digest()).toString('base64'),
  };
}

export function md5Hex(data: Uint8Array): string {
  return createHash('md5').update(data).digest('hex');
}

export function md5Base64(data: Uint8Array): string {
  return createHash('md5').update(data).digest('base64');
}

/** Header name of an algorithm's checksum: `x-amz-checksum-crc32`. */
export function checksumHeader(algorithm: ChecksumAlgorithm): string {
  return `x-amz-checksum-${algorithm.toLowerCase()}`;
}

/** The member name in SDK shapes: `ChecksumCRC32`. */
export function checksumMember(algorithm: ChecksumAlgorithm): string {
  return `Checksum${algorithm}`;
}

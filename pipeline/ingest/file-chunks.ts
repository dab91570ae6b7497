import { closeSync, openSync, readSync } from 'node:fs';

/**
 * A file's bytes in order, read into one buffer that every chunk reuses: a chunk is valid only
 * until the next is asked for, so a caller that keeps bytes copies them. A stream allocates a
 * buffer per chunk instead, and hashing 731 MB of activities that way took 0.72–0.78 s against
 * 0.46 s read into one 1 MiB buffer (page faults on fresh memory, not the hash, made the rest).
 */
export function* fileChunks(path: string, size = 1 << 20): Generator<Buffer> {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(size);
    for (let n = readSync(fd, buffer, 0, size, null); n > 0; n = readSync(fd, buffer, 0, size, null)) yield buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

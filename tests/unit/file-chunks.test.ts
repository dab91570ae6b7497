import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { fileChunks } from '../../pipeline/ingest/file-chunks.ts';

const dir = mkdtempSync(join(tmpdir(), 'handoff-chunks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fileChunks', () => {
  it('gives back every byte in order, in chunks no larger than asked, copied before the next is read', () => {
    let n = 0;
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 1, max: 64 }), (bytes, size) => {
        const file = join(dir, `f${n++}`);
        writeFileSync(file, bytes);
        const kept: Buffer[] = [];
        for (const chunk of fileChunks(file, size)) {
          expect(chunk.length).toBeGreaterThan(0);
          expect(chunk.length).toBeLessThanOrEqual(size);
          kept.push(Buffer.from(chunk));
        }
        expect(Buffer.concat(kept)).toEqual(Buffer.from(bytes));
      }),
    );
  });
});

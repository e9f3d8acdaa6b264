/**
 * Writing a file so that a reader sees the old one or the whole new one, never a torn mix: the data
 * goes to a temporary in the same folder (flushed to disk), which is then renamed over the target.
 * A failure removes the temporary and leaves the target as it was.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

export interface AtomicWriteOptions {
  /**
   * The temporary's name for a target name (default `<name>.<8 hex>.tmp`). In a corpus folder it
   * must be hidden (`.<name>.<8 hex>.tmp`), so that the loader never reads it as an article.
   */
  temporary?: (name: string, hex: string) => string;
}

export async function writeFileAtomically(
  file: string,
  data: Uint8Array | string,
  opts: AtomicWriteOptions = {},
): Promise<void> {
  const hex = randomBytes(4).toString('hex');
  const name = path.basename(file);
  const tmp = path.join(
    path.dirname(file),
    opts.temporary ? opts.temporary(name, hex) : `${name}.${hex}.tmp`,
  );
  try {
    const fh = await open(tmp, 'wx');
    try {
      await fh.writeFile(data);
      await fh.datasync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Types of hash-files.mjs (plain JavaScript so it can run in a worker thread without tsx). */
export interface FilesHash {
  hash: string;
  files: number;
  bytes: number;
}
export function hashFiles(
  root: string,
  seed: string,
  indexExtension: string,
  sliceMs?: number,
): Promise<FilesHash>;
export function hashFilesInThread(root: string, seed: string, indexExtension: string): Promise<FilesHash>;

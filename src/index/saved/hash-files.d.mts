/** Types of hash-files.mjs (plain JavaScript so it can run in a worker thread without tsx). */
export interface FilesHash {
  hash: string;
  files: number;
  bytes: number;
}
/** What one file adds to the hash, and the bytes read for it. */
export interface FileRecord {
  text: string;
  bytes: number;
}
/** A folder as hashed: each file's record, and the folders that could not be read. */
export interface HashedFolder {
  records: Map<string, FileRecord>;
  folderErrors: string[];
}
export function hashFiles(
  root: string,
  seed: string,
  indexExtension: string,
  sliceMs?: number,
): Promise<FilesHash & { folder: HashedFolder }>;
export function rehashFiles(
  root: string,
  seed: string,
  previous: HashedFolder,
  changed: string[],
  indexExtension: string,
): FilesHash & { folder: HashedFolder };
export function hashFilesInThread(root: string, seed: string, indexExtension: string): Promise<FilesHash>;

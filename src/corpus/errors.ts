import type { IngestError } from './types.js';

/** Builds the error value for a file that could not be ingested. Errors are returned, never thrown. */
export function ingestError(file: string, reason: string): IngestError {
  return { file, reason };
}

/** Tells an `IngestError` from an `Article`: only articles carry paragraphs. */
export function isIngestError(value: unknown): value is IngestError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { file?: unknown }).file === 'string' &&
    typeof (value as { reason?: unknown }).reason === 'string' &&
    !('paragraphs' in value)
  );
}

/** An error the user caused and can fix: shown to them as written (ephemeral on Discord). */
export class UserError extends Error {
  override name = 'UserError';
}

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}

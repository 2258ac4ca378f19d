import type { Readable } from 'node:stream';

/**
 * Where file bytes live (media originals and their derived sizes). Keys are relative paths such as
 * `{workspaceId}/{mediaId}/original.jpg` that the application generates — never text from a request.
 *
 * Contract:
 * - `put` is atomic: a reader sees either the whole new file or none (or the previous one), never a part.
 * - `read` and `stream` answer `null` for a key that does not exist.
 * - `delete` of a missing key succeeds (deleting is idempotent).
 * - A key with an empty segment, `.` or `..`, a leading `/` or a backslash is refused with an Error.
 */
export interface FileStorage {
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  read(key: string): Promise<Buffer | null>;
  stream(key: string): Promise<Readable | null>;
  delete(key: string): Promise<void>;
}

/** Throws unless `key` is a plain relative path of safe segments. */
export function assertSafeKey(key: string): void {
  const segments = key.split('/');
  const safe =
    key.length > 0 &&
    key.length <= 512 &&
    segments.every((segment) => /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(segment) && !/^\.+$/.test(segment));
  if (!safe) throw new Error(`refused storage key ${JSON.stringify(key)}`);
}

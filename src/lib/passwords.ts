import { hash, verify } from '@node-rs/argon2';

// argon2id with the library's defaults (19 MiB, t=2, p=1: OWASP's baseline).
export const hashPassword = (password: string) => hash(password);

// Verifying against this when the email is unknown keeps login timing the same either way.
const decoy = hash('listcast-decoy-password');

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  try {
    const matches = await verify(passwordHash ?? (await decoy), password);
    return passwordHash !== null && matches;
  } catch {
    return false;
  }
}

// Password hashing: argon2id with OWASP's recommended minimum cost (19 MiB, 2 passes).
import { hash, verify, type Options } from '@node-rs/argon2';

const ARGON2ID = 2;
const OPTIONS: Options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verifying against this when the login ID is unknown makes a wrong ID cost as much time as a
// wrong password, so response times do not tell which IDs exist.
let decoy: Promise<string> | undefined;
export async function spendVerificationTime(password: string): Promise<void> {
  decoy ??= hashPassword('renkei-decoy-password-0');
  await verifyPassword(await decoy, password);
}

// How a device proves itself on every call: the `renkei-device` metadata carries its id and the
// secret it received once at enrollment ("<device id>.<secret>"). The server stores only the
// secret's SHA-256 (it is random, so a slow hash adds nothing).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const DEVICE_METADATA_KEY = 'renkei-device';

export function newDeviceSecret(): { secret: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, hash: hashDeviceSecret(secret) };
}

function hashDeviceSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const actual = Buffer.from(hashDeviceSecret(secret), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function parseDeviceCredential(value: string): { deviceId: string; secret: string } | undefined {
  const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(value);
  return match ? { deviceId: match[1]!, secret: match[2]! } : undefined;
}

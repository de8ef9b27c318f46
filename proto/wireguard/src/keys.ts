// WireGuard keys are Curve25519 (X25519) keys, exchanged as base64 of their 32 raw bytes.
import { createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync } from 'node:crypto';

const KEY_BYTES = 32;

export interface WireGuardKeyPair {
  privateKey: string;
  publicKey: string;
}

/** True for the base64 of exactly 32 bytes, as `wg` prints keys. */
export function isWireGuardKey(text: string): boolean {
  if (!/^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/.test(text)) return false;
  return Buffer.from(text, 'base64').length === KEY_BYTES;
}

/**
 * True for a key a peer can really be given: well-formed, and not one of Curve25519's small-order
 * points (the all-zero key among them), with which every key exchange yields zero and which
 * WireGuard itself refuses to handshake with. Checked as WireGuard does, by a key exchange: with a
 * fresh key of ours, a small-order point gives the all-zero secret, which OpenSSL reports as an error.
 */
export function isUsablePeerKey(text: string): boolean {
  if (!isWireGuardKey(text)) return false;
  const peer = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: Buffer.from(text, 'base64').toString('base64url') }, format: 'jwk' });
  try {
    return diffieHellman({ privateKey: generateKeyPairSync('x25519').privateKey, publicKey: peer }).some((byte) => byte !== 0);
  } catch {
    return false;
  }
}

export function generateKeyPair(): WireGuardKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  const d = privateKey.export({ format: 'jwk' }).d!;
  const x = publicKey.export({ format: 'jwk' }).x!;
  return { privateKey: Buffer.from(d, 'base64url').toString('base64'), publicKey: Buffer.from(x, 'base64url').toString('base64') };
}

// The fixed DER prefix of a PKCS#8 X25519 private key (RFC 8410), followed by the 32 raw bytes.
const PKCS8_X25519_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');

/** The public key of a private key, as `wg pubkey` would print it. */
export function publicKeyOf(privateKey: string): string {
  const der = Buffer.concat([PKCS8_X25519_PREFIX, Buffer.from(privateKey, 'base64')]);
  const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  return Buffer.from(createPublicKey(key).export({ format: 'jwk' }).x!, 'base64url').toString('base64');
}

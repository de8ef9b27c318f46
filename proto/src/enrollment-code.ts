// The one-time enrollment code printed by `renkei-admin device invite` and typed (or pasted) into
// the app on the clinic PC. It carries two things:
//   - a random secret, single use, that the server keeps only as a hash, and
//   - a pin of the server's private CA (a truncated SHA-256 of its certificate), so the app can
//     trust the server on first contact without any certificate installed beforehand, in the way
//     `kubeadm join --discovery-token-ca-cert-hash` does.
// A two-byte checksum lets the app catch a mistyped code before contacting anyone.
//
// Layout (28 bytes, Crockford base32, 9 groups of 5): version(1) secret(10) caPin(15) check(2).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { base32crockford } from '@scure/base';

const VERSION = 1;
const SECRET_BYTES = 10; // 80 bits: ample for a code that is single use, expires and is rate-limited
const PIN_BYTES = 15; // 120 bits of the CA certificate's SHA-256
const CHECK_BYTES = 2;
const CODE_BYTES = 1 + SECRET_BYTES + PIN_BYTES + CHECK_BYTES;
const CODE_CHARS = Math.ceil((CODE_BYTES * 8) / 5); // 45
const GROUP = 5;

/** What is wrong with a typed code, in words for both languages of the UI. */
const PROBLEMS = {
  length: { ja: '文字数が違います（45文字です）', en: 'wrong length (a code has 45 characters)' },
  characters: { ja: '登録コードに使われない文字が含まれています', en: 'it contains characters that cannot appear in a code' },
  checksum: { ja: 'どこかの文字が打ち間違えられているようです', en: 'a character is probably mistyped' },
  version: { ja: 'このアプリが対応していない形式のコードです', en: 'this app does not know this kind of code' },
} as const;

export class EnrollmentCodeFormatError extends Error {
  override name = 'EnrollmentCodeFormatError';
  constructor(readonly problem: keyof typeof PROBLEMS) {
    super(`enrollment code: ${PROBLEMS[problem].en}`);
  }

  /** Metadata for the ENROLLMENT_CODE_MALFORMED error reason. */
  get detail(): { detailJa: string; detailEn: string } {
    return { detailJa: PROBLEMS[this.problem].ja, detailEn: PROBLEMS[this.problem].en };
  }
}

interface EnrollmentCode {
  /** What the regional office hands to the clinic, e.g. "1K4ZQ-...". */
  text: string;
  /** The single-use secret; never stored, only its hash. */
  secret: Buffer;
  caPin: Buffer;
}

/** The CA pin carried in codes: the first 15 bytes of SHA-256 over the CA certificate (DER). */
export function caPinOf(caCertificateDer: Uint8Array): Buffer {
  return createHash('sha256').update(caCertificateDer).digest().subarray(0, PIN_BYTES);
}

export function caPinMatches(caCertificateDer: Uint8Array, pin: Uint8Array): boolean {
  const actual = caPinOf(caCertificateDer);
  return pin.length === actual.length && timingSafeEqual(actual, pin);
}

/** The hash the server stores and looks codes up by. The secret is random, so a fast hash is right. */
export function hashEnrollmentSecret(secret: Uint8Array): string {
  return createHash('sha256').update(secret).digest('hex');
}

function checksum(payload: Uint8Array): Buffer {
  return createHash('sha256').update(payload).digest().subarray(0, CHECK_BYTES);
}

export function createEnrollmentCode(caPin: Uint8Array): EnrollmentCode {
  if (caPin.length !== PIN_BYTES) throw new Error(`CA pin must be ${PIN_BYTES} bytes`);
  const secret = randomBytes(SECRET_BYTES);
  const payload = Buffer.concat([Buffer.of(VERSION), secret, caPin]);
  const bytes = Buffer.concat([payload, checksum(payload)]);
  return { text: formatCode(base32crockford.encode(bytes)), secret, caPin: Buffer.from(caPin) };
}

/**
 * Reads a code as a person may have typed it: any case, full-width characters, spaces or hyphens
 * anywhere, and the letters Crockford's alphabet reads as digits (I, L → 1; O → 0).
 */
export function parseEnrollmentCode(input: string): EnrollmentCode {
  const compact = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-‐―ー]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  if (compact.length !== CODE_CHARS) {
    throw new EnrollmentCodeFormatError('length');
  }
  let bytes: Uint8Array;
  try {
    bytes = base32crockford.decode(compact);
  } catch {
    throw new EnrollmentCodeFormatError('characters');
  }
  const payload = bytes.subarray(0, CODE_BYTES - CHECK_BYTES);
  const check = bytes.subarray(CODE_BYTES - CHECK_BYTES);
  if (!timingSafeEqual(checksum(payload), check)) {
    throw new EnrollmentCodeFormatError('checksum');
  }
  if (payload[0] !== VERSION) throw new EnrollmentCodeFormatError('version');
  const secret = Buffer.from(payload.subarray(1, 1 + SECRET_BYTES));
  const caPin = Buffer.from(payload.subarray(1 + SECRET_BYTES));
  return { text: formatCode(compact), secret, caPin };
}

function formatCode(compact: string): string {
  return compact.match(new RegExp(`.{1,${GROUP}}`, 'g'))!.join('-');
}

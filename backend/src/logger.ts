// One JSON line per event. Field names that could carry secrets are redacted wherever they
// appear, as a second line of defence: the code does not log requests or credentials at all.
import pino, { type Logger } from 'pino';

const SECRET_FIELDS = [
  'password',
  'sessionToken',
  'session_token',
  'deviceSecret',
  'device_secret',
  'enrollmentCode',
  'privateKey',
  'authorization',
  'renkei-device',
];

export function createLogger(name: string, level = process.env.RENKEI_LOG_LEVEL ?? 'info'): Logger {
  return pino({
    name,
    level,
    redact: { paths: [...SECRET_FIELDS, ...SECRET_FIELDS.map((f) => `*.${f}`)], censor: '[redacted]' },
  });
}

export type { Logger };

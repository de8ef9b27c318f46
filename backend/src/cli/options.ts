// Reading command-line values the way an office clerk types them.
import { InvalidArgumentError } from 'commander';

/**
 * Lets "doctor" or "care-manager" stand for PROFESSION_DOCTOR / PROFESSION_CARE_MANAGER, and the
 * full enum name too.
 */
export function enumOption<T extends string>(values: readonly T[], prefix: string): (text: string) => T {
  return (text) => {
    const wanted = text.trim().toUpperCase().replace(/-/g, '_');
    const match = values.find((v) => v === wanted || v === `${prefix}_${wanted}`);
    if (!match) {
      const choices = values
        .map((v) =>
          v
            .slice(prefix.length + 1)
            .toLowerCase()
            .replace(/_/g, '-'),
        )
        .join(', ');
      throw new InvalidArgumentError(`expected one of: ${choices}`);
    }
    return match;
  };
}

/** "山田 太郎" or "山田　太郎" → family and given name. */
export function splitName(text: string): { family: string; given: string } {
  const [family = '', ...rest] = text.trim().split(/[\s　]+/);
  if (!family || rest.length === 0) throw new InvalidArgumentError('write family and given name separated by a space, e.g. "山田 太郎"');
  return { family, given: rest.join(' ') };
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export async function readPasswordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Asks for a password on the terminal without echoing it. */
export async function promptPassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) return readPasswordFromStdin();
  process.stdout.write(prompt);
  process.stdin.setRawMode(true);
  process.stdin.resume();
  let password = '';
  return new Promise((resolve, reject) => {
    const onData = (data: Buffer) => {
      for (const ch of data.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          process.stdin.setRawMode(false);
          process.stdin.pause();
          process.stdin.off('data', onData);
          process.stdout.write('\n');
          resolve(password);
          return;
        }
        if (ch === '\u0003') {
          process.stdin.setRawMode(false);
          reject(new Error('cancelled'));
          return;
        }
        password = ch === '\u007f' ? password.slice(0, -1) : password + ch;
      }
    };
    process.stdin.on('data', onData);
  });
}

/** A whole number within the bounds, or a commander error saying which are allowed. */
export function wholeNumberOption(range: { min: number; max: number }, unit: { ja: string; en: string }): (text: string) => number {
  return (text) => {
    const value = Number(text.trim());
    if (!/^\d+$/.test(text.trim()) || value < range.min || value > range.max) {
      throw new InvalidArgumentError(
        `${range.min}〜${range.max} の整数（${unit.ja}）を指定してください / give a whole number of ${unit.en} from ${range.min} to ${range.max}`,
      );
    }
    return value;
  };
}

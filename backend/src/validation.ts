// Field rules shared by the admin CLI and the API. A failed rule names the field and says what
// is expected, in words a clinic user or an office clerk can act on.
import { isKanaReading, toKatakana } from '@renkei/proto';
import { RenkeiError } from '@renkei/proto';
import { z } from 'zod';

export const personName = z.string().trim().min(1, '入力してください').max(40, '40文字以内で入力してください');

/** A kana reading, typed in hiragana, katakana or half-width kana; stored in katakana. */
export const kanaReading = z
  .string()
  .trim()
  .min(1, '入力してください')
  .max(60, '60文字以内で入力してください')
  .refine(isKanaReading, 'ふりがなは、ひらがなかカタカナで入力してください')
  .transform((value) => toKatakana(value).replace(/\s+/g, ' '));

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD の形式で入力してください')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, '存在しない日付です');

export const pastIsoDate = isoDate.refine((value) => value >= '1890-01-01' && value <= new Date().toISOString().slice(0, 10), '過去の日付を入力してください');

export const uuid = z.uuid('IDの形式が正しくありません');

export const postalCode = z
  .string()
  .trim()
  .regex(/^(\d{3}-?\d{4})?$/, '郵便番号は 123-4567 の形式で入力してください')
  .transform((value) => (value.length === 7 ? `${value.slice(0, 3)}-${value.slice(3)}` : value));

export const phone = z
  .string()
  .trim()
  .regex(/^[0-9()+\- ]{0,20}$/, '電話番号は数字とハイフンで入力してください');

export const loginId = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'ユーザーIDは半角英数字（. _ - も可）3〜64文字です');

/**
 * MHLW's guideline 6.0 asks for long passwords where a password is the only factor. Renkei also
 * binds every session to a registered device (a second factor), and asks for 10+ characters
 * mixing letters and digits.
 */
export const newPassword = z
  .string()
  .min(10, 'パスワードは10文字以上にしてください')
  .max(128, 'パスワードは128文字以内にしてください')
  .refine((value) => /[A-Za-z]/.test(value) && /\d/.test(value), 'パスワードには英字と数字の両方を含めてください');

/** Parses input or throws INVALID_REQUEST naming every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldViolations = result.error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(request)',
    description: issue.message,
  }));
  throw new RenkeiError({
    reason: 'INVALID_REQUEST',
    metadata: { fields: fieldViolations.map((v) => `${v.field}: ${v.description}`).join('; ') },
    fieldViolations,
  });
}

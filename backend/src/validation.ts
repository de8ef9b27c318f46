// Field rules shared by the admin CLI and the API. A failed rule names the field and a reason
// with its parameters (proto/src/field-violations.ts): each client says it in its user's language.
// A rule's message is its reason when zod's own issue would say less (a regex says only "invalid");
// limits zod reports itself (too long, too many, required) are mapped from the issue.
import { isDay, japanToday } from '@renkei/proto/calendar';
import { isFieldViolationReason, isKanaReading, toKatakana, type FieldViolation, type FieldViolationReason } from '@renkei/proto';
import { PASSWORD_MAX_LENGTH } from '@renkei/proto/password-rule';
import { RenkeiError } from '@renkei/proto';
import { z } from 'zod';

/**
 * Characters no text sent to Renkei may hold, whatever the field: controls that a screen or a
 * terminal does not show but acts on (escape sequences, NUL, BEL; tab and line breaks are text),
 * and the marks that reorder what follows them (U+202E can make 「1mg」 read as 「gm1」 or a file
 * name end in ".pdf" that does not), which Japanese clinical text never needs.
 */
const INVISIBLE_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;
const DIRECTION_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
/** With the u flag a surrogate pair is one code point, so only a lone half matches. */
const LONE_SURROGATE = /\p{Cs}/u;
const LINE_BREAKS = /[\t\n\r\u2028\u2029]/u;

/**
 * What is wrong with the text in one string, if anything. Bytes that were not UTF-8 arrive as
 * U+FFFD (protobuf decodes them so) or as lone surrogates: refused, not stored altered.
 */
function textReason(text: string): FieldViolationReason | undefined {
  if (LONE_SURROGATE.test(text) || text.includes('\ufffd')) return 'TEXT_NOT_UNICODE';
  if (DIRECTION_CONTROLS.test(text)) return 'TEXT_DIRECTION_CONTROLS';
  if (INVISIBLE_CONTROLS.test(text)) return 'TEXT_CONTROL_CHARACTERS';
  return undefined;
}

/**
 * Every string in a request (fields, lists, nested messages; not bytes) checked by textReason. Also
 * for text that travels encoded inside a field (a form's values as JSON), once decoded: `\u202e`
 * written as an escape is the same mark.
 */
export function textViolations(value: unknown, path: string[] = []): FieldViolation[] {
  if (typeof value === 'string') {
    const reason = textReason(value);
    return reason ? [fieldViolation(path.join('.') || '(request)', reason)] : [];
  }
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return [];
  return Object.entries(value).flatMap(([key, inner]) => textViolations(inner, [...path, key]));
}

/** One line of text: a name, a title. A line break there would forge a second row in a list. */
export const singleLine = (max: number, min = 0) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((value) => !LINE_BREAKS.test(value), 'CONTROL_CHARACTERS');

export const personName = singleLine(40, 1);

/** A kana reading, typed in hiragana, katakana or half-width kana; stored in katakana. */
export const kanaReading = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .refine(isKanaReading, 'NOT_KANA')
  .transform((value) => toKatakana(value).replace(/\s+/g, ' '));

/** A real calendar day written YYYY-MM-DD. */
export const isoDate = z.string().refine(isDay, 'NOT_A_DAY');

const EARLIEST_BIRTH_DATE = '1890-01-01';

/**
 * A day up to today (a birth date). "Today" is the day in Japan, read when the rule runs: a birth
 * recorded at 08:00 in Tokyo is today's even while it is still yesterday in UTC.
 */
export const pastIsoDate = isoDate
  .refine((value) => value >= EARLIEST_BIRTH_DATE, { message: 'DAY_TOO_EARLY', params: { earliest: EARLIEST_BIRTH_DATE } })
  .refine((value) => value <= japanToday(new Date()), 'DAY_AFTER_TODAY');

export const uuid = z.uuid('NOT_AN_ID');

export const postalCode = z
  .string()
  .trim()
  .regex(/^(\d{3}-?\d{4})?$/, 'NOT_A_POSTAL_CODE')
  .transform((value) => (value.length === 7 ? `${value.slice(0, 3)}-${value.slice(3)}` : value));

export const phone = z
  .string()
  .trim()
  .regex(/^[0-9()+\- ]{0,20}$/, 'NOT_A_PHONE_NUMBER');

export const loginId = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'NOT_A_LOGIN_ID');

/**
 * A new password as it arrives; the region's rule (its length and mix depend on the user's second
 * factor, auth/password-policy.ts) is checked against the database by whoever sets it.
 */
export const newPassword = z.string().max(PASSWORD_MAX_LENGTH);

/** The reason zod's own issue amounts to, when the rule did not name one. */
function reasonOf(issue: z.core.$ZodIssue): FieldViolationReason {
  switch (issue.code) {
    case 'too_big':
      if (issue.origin === 'array' || issue.origin === 'set') return 'TOO_MANY';
      return issue.origin === 'string' ? 'TOO_LONG' : issue.origin === 'number' || issue.origin === 'int' ? 'TOO_LARGE' : 'INVALID';
    case 'too_small':
      if (issue.origin === 'string' || issue.origin === 'array') return Number(issue.minimum) <= 1 ? 'REQUIRED' : 'INVALID';
      return 'TOO_SMALL';
    case 'invalid_type':
      return issue.input === undefined ? 'REQUIRED' : 'WRONG_TYPE';
    case 'invalid_value':
      return 'NOT_A_CHOICE';
    case 'invalid_format':
      return issue.format === 'uuid' ? 'NOT_AN_ID' : issue.format === 'datetime' ? 'NOT_A_TIME' : 'INVALID';
    default:
      return 'INVALID';
  }
}

/** The parameters a reason is said with: the limit of a too_big/too_small issue, or a rule's own. */
function parametersOf(issue: z.core.$ZodIssue): Record<string, string> {
  const parameters: Record<string, string> = {};
  if (issue.code === 'too_big') parameters.max = String(issue.maximum);
  if (issue.code === 'too_small') parameters.min = String(issue.minimum);
  if (issue.code === 'custom') for (const [name, value] of Object.entries(issue.params ?? {})) parameters[name] = String(value);
  return parameters;
}

/** A refused field as the API reports it. */
export function fieldViolation(field: string, reason: FieldViolationReason, parameters: Record<string, string> = {}): FieldViolation {
  return Object.keys(parameters).length > 0 ? { field, reason, parameters } : { field, reason };
}

/** INVALID_REQUEST naming the refused fields; what is wrong with each is said by its reason. */
export function invalidRequest(violations: readonly FieldViolation[]): RenkeiError {
  return new RenkeiError({
    reason: 'INVALID_REQUEST',
    metadata: { fields: [...new Set(violations.map((v) => v.field))].join(', ') },
    fieldViolations: [...violations],
  });
}

/** Parses input or throws INVALID_REQUEST naming every bad field; text holding what no text may (textReason) is refused first. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const badText = textViolations(input);
  if (badText.length > 0) throw invalidRequest(badText);
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw invalidRequest(
    result.error.issues.map((issue) => {
      const reason = isFieldViolationReason(issue.message) ? issue.message : reasonOf(issue);
      // "Required" needs no number: min(1) is how zod says it.
      return fieldViolation(issue.path.map(String).join('.') || '(request)', reason, reason === 'REQUIRED' ? {} : parametersOf(issue));
    }),
  );
}

// A first look at the enrollment code as typed, so an obvious slip (a missing group, a letter that
// cannot occur) is caught on the form; the core decodes it and checks its checksum. The folding
// matches the core's reading of a code: any case, full width, spaces or hyphens anywhere, and
// I/L read as 1 and O as 0 (Crockford base32).
export const ENROLLMENT_CODE_LENGTH = 45;
const GROUP = 5;

export interface EnrollmentCodeInput {
  /** The code without separators, as the core will read it. */
  compact: string;
  /** Characters that can never appear in a code (e.g. U, punctuation), as typed. */
  invalidCharacters: string[];
}

export function readEnrollmentCodeInput(typed: string): EnrollmentCodeInput {
  const compact = typed
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-‐―ー]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  const invalid = new Set<string>();
  for (const ch of compact) if (!/[0-9A-HJKMNP-TV-Z]/.test(ch)) invalid.add(ch);
  return { compact, invalidCharacters: [...invalid] };
}

/** "1K4ZQ-7M2PD-…": how the regional office printed it, easier to compare group by group. */
export function groupEnrollmentCode(compact: string): string {
  return compact.match(new RegExp(`.{1,${GROUP}}`, 'g'))?.join('-') ?? '';
}

export type EnrollmentCodeProblem = { kind: 'empty' } | { kind: 'invalid-characters'; characters: string[] } | { kind: 'wrong-length'; length: number };

export function enrollmentCodeProblem(typed: string): EnrollmentCodeProblem | null {
  const { compact, invalidCharacters } = readEnrollmentCodeInput(typed);
  if (compact === '') return { kind: 'empty' };
  if (invalidCharacters.length > 0) return { kind: 'invalid-characters', characters: invalidCharacters };
  if (compact.length !== ENROLLMENT_CODE_LENGTH) return { kind: 'wrong-length', length: compact.length };
  return null;
}

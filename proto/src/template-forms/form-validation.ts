// Checking a form's values: what the server refuses and what the screens flag as the user types,
// with the same words on both sides (Japanese and English).
import { institutionNumberDigits, institutionNumberProblem } from '../chart-rules/institution-number';
import { violationMessages } from '../field-violations';
import type { Label } from '../labels';
import type { DateRangeValue, TemplateField, TemplateKind, TemplateValues, TemplateFieldValue, TemplateViolation } from './form-model';
import { MAX_VISIT_ENTRIES } from './form-model';
import { TEMPLATE_FORMS, templateField, templateFields } from './form-definitions';
import {
  DRIP_PERIOD_FIELD,
  INSTRUCTION_KIND_FIELD,
  INSTRUCTION_PERIOD_FIELD,
  INSTRUCTION_PERIOD_LIMITS,
  isInstructionKind,
  latestInstructionEnd,
  parseFormDay,
  type InstructionKind,
} from './instruction-period';
import { isDateRange, isPlainObject, isVisitEntry } from './value-shapes';
import { VISIT_MARKS, isVisitMark } from './visit-marks';

/** "2026年12月6日": a day named in a message. */
function japaneseDay(day: { year: number; month: number; day: number }): string {
  return `${day.year}年${day.month}月${day.day}日`;
}

function violation(field: string, ja: string, en: string): TemplateViolation {
  return { field, ja, en };
}

/** Length as people count characters: 𠮷 is one character, not two UTF-16 units. */
function characterCount(text: string): number {
  return [...text].length;
}

const q = (label: Label) => ({ ja: `「${label.ja}」`, en: `"${label.en}"` });

function checkString(f: TemplateField, value: string, out: TemplateViolation[]): void {
  const name = q(f.label);
  switch (f.type) {
    case 'text':
    case 'multiline': {
      if (f.type === 'text' && /[\r\n]/.test(value)) {
        out.push(violation(f.key, `${name.ja}には改行を入力できません。`, `${name.en} must be a single line.`));
      }
      if (f.format === 'institutionNumber' && value.trim() !== '') {
        const problem = institutionNumberProblem(institutionNumberDigits(value));
        if (problem) {
          const said = violationMessages(problem);
          out.push(violation(f.key, `${name.ja}: ${said.ja}`, `${name.en}: ${said.en}`));
        }
      }
      const length = characterCount(value);
      if (f.maxLength !== undefined && length > f.maxLength) {
        out.push(
          violation(
            f.key,
            `${name.ja}は${f.maxLength}文字以内で入力してください（現在${length}文字）。`,
            `${name.en} must be at most ${f.maxLength} characters (it has ${length}).`,
          ),
        );
      }
      return;
    }
    case 'date':
      if (value !== '' && !parseFormDay(value)) {
        out.push(badDate(f, value));
      }
      return;
    case 'choice':
      if (value !== '' && !(f.choices ?? []).some((c) => c.value === value)) {
        out.push(violation(f.key, `${name.ja}に「${value}」という選択肢はありません。`, `"${value}" is not one of the choices of ${name.en}.`));
      }
      return;
    default:
      return;
  }
}

function badDate(f: TemplateField, value: string, part: Label = { ja: '日付', en: 'date' }): TemplateViolation {
  const name = q(f.label);
  return violation(
    f.key,
    `${name.ja}の${part.ja}「${value}」が正しくありません（例: 2024-04-01）。`,
    `${name.en}: the ${part.en} "${value}" is not a valid date (YYYY-MM-DD, e.g. 2024-04-01).`,
  );
}

function checkDateRange(kind: TemplateKind, f: TemplateField, value: DateRangeValue, values: Record<string, unknown>, out: TemplateViolation[]): void {
  const name = q(f.label);
  const from = value.from === '' ? undefined : parseFormDay(value.from);
  const to = value.to === '' ? undefined : parseFormDay(value.to);
  if (value.from !== '' && !from) out.push(badDate(f, value.from, { ja: '開始日', en: 'start date' }));
  if (value.to !== '' && !to) out.push(badDate(f, value.to, { ja: '終了日', en: 'end date' }));
  if (!from || !to) return;
  if (to.compare(from) < 0) {
    out.push(violation(f.key, `${name.ja}の終了日が開始日より前です。`, `${name.en} ends before it starts.`));
    return;
  }
  if (kind === 'VISITING_NURSING_INSTRUCTION' && (f.key === INSTRUCTION_PERIOD_FIELD || f.key === DRIP_PERIOD_FIELD)) {
    // Until the kind is chosen the longest limit applies: no instruction may exceed 6 months. The
    // 点滴注射指示期間 beside it is a 在宅患者訪問点滴注射指示 whatever the main kind: 7 days at most.
    const chosen = values[INSTRUCTION_KIND_FIELD];
    const instructionKind: InstructionKind =
      f.key === DRIP_PERIOD_FIELD ? 'DRIP_INFUSION' : typeof chosen === 'string' && isInstructionKind(chosen) ? chosen : 'NORMAL';
    const latest = latestInstructionEnd(instructionKind, value.from);
    const latestDay = latest === undefined ? undefined : parseFormDay(latest);
    if (latestDay && to.compare(latestDay) > 0) {
      const limit = INSTRUCTION_PERIOD_LIMITS[instructionKind];
      out.push(
        violation(
          f.key,
          `${name.ja}が長すぎます。${limit.label.ja}の期間は${limit.limit.ja}以内です（この開始日では${japaneseDay(latestDay)}まで）。`,
          `${name.en} is too long: a ${limit.label.en.toLowerCase()} may last at most ${limit.limit.en} (from this start, until ${latestDay.toString()}).`,
        ),
      );
    }
  }
}

function checkVisitCalendar(f: TemplateField, entries: readonly unknown[], values: Record<string, unknown>, out: TemplateViolation[]): void {
  const name = q(f.label);
  if (entries.length > MAX_VISIT_ENTRIES) {
    out.push(
      violation(
        f.key,
        `${name.ja}は${MAX_VISIT_ENTRIES}件以内で入力してください（現在${entries.length}件）。`,
        `${name.en} may have at most ${MAX_VISIT_ENTRIES} entries (it has ${entries.length}).`,
      ),
    );
    return;
  }
  // A report's visits lie in its reporting period; a date outside it is a typing mistake.
  const period = values.reportPeriod;
  const periodFrom = isDateRange(period) ? parseFormDay(period.from) : undefined;
  const periodTo = isDateRange(period) ? parseFormDay(period.to) : undefined;
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const n = { ja: `${index + 1}件目`, en: `entry ${index + 1}` };
    if (!isVisitEntry(entry)) {
      out.push(violation(f.key, `${name.ja}の${n.ja}の形式が正しくありません（日付と記号が必要です）。`, `${name.en}: ${n.en} must have a date and a mark.`));
      return;
    }
    const day = parseFormDay(entry.date);
    if (!day) out.push(badDate(f, entry.date, { ja: `${n.ja}の日付`, en: `date of ${n.en}` }));
    if (!isVisitMark(entry.mark)) {
      const allowed = VISIT_MARKS.map((m) => m.mark).join(' ');
      out.push(
        violation(
          f.key,
          `${name.ja}の${n.ja}の記号「${entry.mark}」は使えません（${allowed}）。`,
          `${name.en}: ${n.en} has the mark "${entry.mark}", which is not one of ${allowed}.`,
        ),
      );
    }
    const pair = `${entry.date}\u0000${entry.mark}`;
    if (seen.has(pair)) {
      out.push(violation(f.key, `${name.ja}の${n.ja}は同じ日付と記号の重複です。`, `${name.en}: ${n.en} repeats a date and mark already entered.`));
    }
    seen.add(pair);
    if (day && periodFrom && periodTo && (day.compare(periodFrom) < 0 || day.compare(periodTo) > 0)) {
      out.push(
        violation(
          f.key,
          `${name.ja}の${n.ja}（${japaneseDay(day)}）が報告期間の外です。`,
          `${name.en}: ${n.en} (${day.toString()}) is outside the reporting period.`,
        ),
      );
    }
  });
}

/**
 * Checks values against the form: unknown keys, wrong shapes, too long, bad dates, visit marks,
 * and an instruction period longer than its kind allows. Returns the violations in both
 * languages, empty when fine. Required fields are only enforced by `validateForFinalise`: a draft
 * is saved while it is being written.
 */
export function validateTemplateValues(kind: TemplateKind, values: unknown): TemplateViolation[] {
  const formTitle = TEMPLATE_FORMS[kind].title;
  if (!isPlainObject(values)) {
    return [violation('', '入力内容の形式が正しくありません（項目と値の組が必要です）。', 'The values must be an object of field keys and values.')];
  }
  const out: TemplateViolation[] = [];
  for (const [key, value] of Object.entries(values)) {
    const f = templateField(kind, key);
    if (!f) {
      out.push(violation(key, `「${key}」は${formTitle.ja}にない項目です。`, `"${key}" is not a field of the ${formTitle.en.toLowerCase()}.`));
      continue;
    }
    const name = q(f.label);
    switch (f.type) {
      case 'text':
      case 'multiline':
      case 'date':
      case 'choice':
        if (typeof value !== 'string') {
          out.push(violation(key, `${name.ja}の値の形式が正しくありません（文字列が必要です）。`, `${name.en} must be a string.`));
        } else {
          checkString(f, value, out);
        }
        break;
      case 'dateRange':
        if (!isDateRange(value)) {
          out.push(violation(key, `${name.ja}の値の形式が正しくありません（開始日と終了日が必要です）。`, `${name.en} must have "from" and "to" dates.`));
        } else {
          checkDateRange(kind, f, value, values, out);
        }
        break;
      case 'visitCalendar':
        if (!Array.isArray(value)) {
          out.push(violation(key, `${name.ja}の値の形式が正しくありません（訪問日と記号の一覧が必要です）。`, `${name.en} must be a list of dates and marks.`));
        } else {
          checkVisitCalendar(f, value, values, out);
        }
        break;
    }
  }
  return out;
}

function isBlank(f: TemplateField, value: TemplateFieldValue | undefined): boolean {
  if (value === undefined) return true;
  switch (f.type) {
    case 'dateRange':
      return !isDateRange(value) || value.from === '' || value.to === '';
    case 'visitCalendar':
      return !Array.isArray(value) || value.length === 0;
    default:
      return typeof value !== 'string' || value.trim() === '';
  }
}

/** Everything `validateTemplateValues` checks, and that every required field is filled in. */
export function validateForFinalise(kind: TemplateKind, values: TemplateValues): TemplateViolation[] {
  const out = validateTemplateValues(kind, values);
  if (!isPlainObject(values)) return out;
  for (const f of templateFields(kind)) {
    if (!f.required) continue;
    const value = Object.hasOwn(values, f.key) ? values[f.key] : undefined;
    if (isBlank(f, value)) {
      const name = q(f.label);
      out.push(violation(f.key, `${name.ja}は確定の前に入力が必要です。`, `${name.en} must be filled in before finalising.`));
    }
  }
  return out;
}

/**
 * Broken rules of a form as the API reports them, as field violations: the field is
 * `valuesJson.<field key>` (`valuesJson` for the values as a whole) so a screen can mark it, and the
 * rule's own words travel with it (FORM_RULE).
 */
export function formRuleViolations(violations: readonly TemplateViolation[]): { field: string; reason: 'FORM_RULE'; parameters: { ja: string; en: string } }[] {
  return violations.map((v) => ({ field: v.field === '' ? 'valuesJson' : `valuesJson.${v.field}`, reason: 'FORM_RULE', parameters: { ja: v.ja, en: v.en } }));
}

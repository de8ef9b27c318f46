// The FHIR data types the export builds from Renkei's values: names in kanji and kana, Japan-time
// dates and times, codes, references between the resources of one Bundle. Values Renkei holds as
// '' (not recorded) become absent elements: FHIR forbids empty strings.
import { randomUUID } from 'node:crypto';
import type { CodeableConcept, Coding, HumanName, Reference, Resource } from '@medplum/fhirtypes';
import type { PersonName } from '@renkei/proto/generated/renkei/v1/PersonName';
import type { Timestamp } from '@renkei/proto/generated/google/protobuf/Timestamp';

/** A resource with the fullUrl other resources of its Bundle refer to it by. */
export interface BundleMember<R extends Resource = Resource> {
  fullUrl: string;
  resource: R;
}

/** A new resource with a fresh urn:uuid (its id is the same UUID, as the JP-CLINS examples do). */
export function member<R extends Resource>(resource: R): BundleMember<R> {
  const id = randomUUID();
  return { fullUrl: `urn:uuid:${id}`, resource: { ...resource, id } };
}

export function referenceTo<R extends Resource>(target: BundleMember<R>, display?: string): Reference<R> {
  return { reference: target.fullUrl, type: target.resource.resourceType, ...(display && { display }) };
}

const EN_REPRESENTATION = 'http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation';

/**
 * A Japanese name as JP Core wants it: the kanji name (IDE, ideographic) and the kana reading (SYL,
 * syllabic), each with its text as "姓 名" (a half-width space: JP_Patient_eCS refuses a full-width
 * one). A part Renkei does not know is left out, and a reading not recorded gives no SYL name.
 */
export function japaneseNames(name: PersonName | null | undefined, use?: HumanName['use']): HumanName[] {
  const names: HumanName[] = [];
  const build = (representation: 'IDE' | 'SYL', family: string, given: string): HumanName | undefined => {
    const f = family.trim().replace(/\u3000/g, ' ');
    const g = given.trim().replace(/\u3000/g, ' ');
    if (!f && !g) return undefined;
    return {
      extension: [{ url: EN_REPRESENTATION, valueCode: representation }],
      ...(use && { use }),
      text: [f, g].filter(Boolean).join(' '),
      ...(f && { family: f }),
      ...(g && { given: [g] }),
    };
  };
  const kanji = build('IDE', name?.family ?? '', name?.given ?? '');
  const kana = build('SYL', name?.familyKana ?? '', name?.givenKana ?? '');
  if (kanji) names.push(kanji);
  if (kana) names.push(kana);
  return names;
}

/** The name as one line, e.g. for a Reference.display. */
export function nameText(name: PersonName | null | undefined): string {
  return [name?.family, name?.given].filter((part) => part && part.trim()).join(' ');
}

const JAPAN_OFFSET = '+09:00';

/** A Renkei timestamp as a FHIR instant in Japan time, e.g. 2026-12-07T20:49:05+09:00. */
export function japanInstant(at: Date | Timestamp | null | undefined): string | undefined {
  if (!at) return undefined;
  const ms = at instanceof Date ? at.getTime() : Number(at.seconds ?? 0) * 1000 + Math.floor((at.nanos ?? 0) / 1e6);
  const japan = new Date(ms + 9 * 3600_000).toISOString(); // the wall clock in Japan, read as UTC
  return `${japan.slice(0, 19)}${JAPAN_OFFSET}`;
}

/** The Japan date of a timestamp, e.g. 2026-12-07. */
export function japanDate(at: Date | Timestamp | null | undefined): string | undefined {
  return japanInstant(at)?.slice(0, 10);
}

const PARTIAL_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/;

/**
 * A date or date-time as Renkei and the hospital data write them (Japan time, precision kept:
 * "2024", "2024-04", "2024-04-01", "2024-04-01T10:20", "2024-04-01T10:20:30") as a FHIR dateTime:
 * a date keeps its precision, a time gets its seconds and the Japan offset. Anything else is not
 * a date: undefined (the caller keeps the text where the element allows one).
 */
export function fhirDateTime(value: string | null | undefined): string | undefined {
  const text = value?.trim() ?? '';
  if (PARTIAL_DATE.test(text)) return text;
  const match = LOCAL_DATE_TIME.exec(text);
  if (!match) return undefined;
  return `${match[1]}T${match[2]}${match[3] ?? ':00'}${JAPAN_OFFSET}`;
}

/** A FHIR date (no time): the date part of a Renkei date or date-time. */
export function fhirDate(value: string | null | undefined): string | undefined {
  const dateTime = fhirDateTime(value);
  return dateTime?.slice(0, 10);
}

export function coding(system: string | undefined, code: string | undefined, display?: string): Coding | undefined {
  if (!system || !code?.trim()) return undefined;
  return { system, code: code.trim(), ...(display?.trim() && { display: display.trim() }) };
}

/** A concept from its codings (those present) and its text as written. */
export function concept(codings: (Coding | undefined)[], text: string | undefined): CodeableConcept {
  const present = codings.filter((c): c is Coding => c !== undefined);
  return { ...(present.length > 0 && { coding: present }), ...(text?.trim() && { text: text.trim() }) };
}

/** The string when it holds something, else undefined (FHIR has no empty strings). */
export function nonEmpty(value: string | null | undefined): string | undefined {
  const text = value?.trim();
  return text ? text : undefined;
}

// Typed values read from HL7 fields, each refusing the file with the field's name when it is
// missing or not what HL7 says it is. Extractors read through these so no value is guessed.

import { component, repetitions, segmentsOf, value, type Hl7Message, type Hl7Repetition, type Hl7Segment } from './hl7-message';
import { parseHl7DateTime, type JapanTime } from './hl7-datetime';
import { refuse } from './refusal';

export interface Label {
  ja: string;
  en: string;
}

/** A coded element (CE/CWE/CNE): identifier^text^coding system. */
export interface CodedValue {
  code: string;
  name: string;
  system: string;
}

export const fieldName = (segment: Hl7Segment, field: number) => `${segment.id}-${field}`;

export function requiredSegment(message: Hl7Message, id: string): Hl7Segment {
  const segment = segmentsOf(message, id)[0];
  if (!segment) {
    throw refuse.malformed(id, { ja: `${id} セグメントがありません`, en: `the ${id} segment is missing` });
  }
  return segment;
}

export function requiredText(segment: Hl7Segment, field: number, label: Label, index = 1, subcomponent = 1): string {
  const text = value(segment, field, index, subcomponent);
  if (text === '') throw refuse.missingField(`${fieldName(segment, field)}（${segment.position} 番目のセグメント / segment ${segment.position}）`, label);
  return text;
}

export function optionalText(segment: Hl7Segment, field: number, index = 1, subcomponent = 1): string | null {
  const text = value(segment, field, index, subcomponent);
  return text === '' ? null : text;
}

/** A coded value from components offset+1..offset+3 of one repetition (or from subcomponents of one component). */
export function coded(repetition: Hl7Repetition | undefined, offset = 0): CodedValue | null {
  const code = component(repetition, offset + 1);
  const name = component(repetition, offset + 2);
  if (code === '' && name === '') return null;
  return { code, name, system: component(repetition, offset + 3) };
}

export function codedSubcomponents(repetition: Hl7Repetition | undefined, index: number): CodedValue | null {
  const code = component(repetition, index, 1);
  const name = component(repetition, index, 2);
  if (code === '' && name === '') return null;
  return { code, name, system: component(repetition, index, 3) };
}

export function codedField(segment: Hl7Segment, field: number): CodedValue | null {
  return coded(repetitions(segment, field)[0]);
}

export function requiredCoded(segment: Hl7Segment, field: number, label: Label): CodedValue {
  const found = codedField(segment, field);
  if (!found || found.code === '') throw refuse.missingField(fieldName(segment, field), label);
  return found;
}

/** A DTM/DT field in Japan time; null when empty, a bad_date refusal when not a real date/time. */
export function dateTime(segment: Hl7Segment, field: number, index = 1): JapanTime | null {
  const raw = value(segment, field, index);
  if (raw === '') return null;
  const parsed = parseHl7DateTime(raw);
  if (!parsed) throw refuse.badDate(fieldName(segment, field), raw);
  return parsed;
}

export function requiredDateTime(segment: Hl7Segment, field: number, label: Label, index = 1): JapanTime {
  requiredText(segment, field, label, index);
  return dateTime(segment, field, index)!;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** An NM value; null when empty, a bad_number refusal when not a decimal number. */
export function numberIn(raw: string, field: string): number | null {
  if (raw === '') return null;
  if (!NUMBER.test(raw)) throw refuse.badNumber(field, raw);
  return Number(raw);
}

export function numberField(segment: Hl7Segment, field: number, index = 1, subcomponent = 1): number | null {
  return numberIn(value(segment, field, index, subcomponent), fieldName(segment, field));
}

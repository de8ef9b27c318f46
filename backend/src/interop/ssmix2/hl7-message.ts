// A small HL7 v2.5 (ER7, "pipe") parser for SS-MIX2 messages.
//
// Why not a library: the npm HL7 parsers looked at (hl7-standard, simple-hl7, node-hl7-client,
// @redoxengine/redox-hl7-v2, @medplum/core's Hl7Message) either are unmaintained, take a whole
// framework along, or are lenient by design — they parse a truncated or misplaced segment without
// complaint, and some unescape with chained string replaces (redox's turns "\E\F\E\" into "\|E\"
// instead of "\F\"). SS-MIX2 needs the opposite: every defect refused with the segment and the
// reason. The grammar itself is small: CR-terminated segments, the field separator from MSH-1 and
// the component, repetition, escape and subcomponent characters from MSH-2, and escape sequences
// decoded in one pass after splitting.

import { refuse } from './refusal';

export interface Hl7Delimiters {
  field: string;
  component: string;
  repetition: string;
  escape: string;
  subcomponent: string;
}

/** One repetition of a field: its components, each a list of (unescaped) subcomponents. */
export type Hl7Repetition = string[][];

export interface Hl7Segment {
  id: string;
  /** 1-based position in the message, for refusals. */
  position: number;
  /** fields[n] is field n (SEG-n); fields[0] is unused. For MSH, fields[1] is MSH-1 and fields[2] MSH-2. */
  fields: Hl7Repetition[][];
}

export interface Hl7Message {
  delimiters: Hl7Delimiters;
  segments: Hl7Segment[];
}

const SEGMENT_ID = /^[A-Z][A-Z0-9]{2}$/;
// Some gateways write the MLLP frame (VT … FS CR) into the storage file as well; it is framing, not message.
const MLLP_START = '\u000b';
const MLLP_END = /\u001c\r?$/;

export function parseHl7(text: string): Hl7Message {
  let body = text.startsWith(MLLP_START) ? text.slice(1) : text;
  body = body.replace(MLLP_END, '');
  if (body.length === 0) throw refuse.malformed('ファイル全体 / whole file', { ja: '中身が空です', en: 'the file is empty' });
  if (!body.startsWith('MSH')) {
    throw refuse.malformed('1 番目のセグメント / segment 1', {
      ja: '電文が MSH セグメントで始まっていません',
      en: 'the message does not start with an MSH segment',
    });
  }
  // Every segment, the last one included, ends with CR; a file that stops mid-segment was truncated.
  const lines = body.split(/\r\n?|\n/);
  const last = lines.pop();
  if (last !== '') {
    throw refuse.malformed(`${lines.length + 1} 番目のセグメント / segment ${lines.length + 1}`, {
      ja: '最後のセグメントが改行（CR）で終わっていません（ファイルが途中で切れています）',
      en: 'the last segment does not end with CR (the file is truncated)',
    });
  }
  const delimiters = readDelimiters(lines[0]!);
  const segments = lines.map((line, index) => parseSegment(line, index + 1, delimiters));
  return { delimiters, segments };
}

function where(position: number, id?: string): string {
  return id ? `${position} 番目のセグメント ${id} / segment ${position} ${id}` : `${position} 番目のセグメント / segment ${position}`;
}

function readDelimiters(msh: string): Hl7Delimiters {
  const field = msh[3];
  const encoding = field === undefined ? '' : msh.slice(4).split(field)[0]!;
  const chars = [field ?? '', ...encoding];
  if (field === undefined || encoding.length !== 4 || new Set(chars).size !== 5 || chars.some((c) => /[A-Za-z0-9\s]/.test(c))) {
    throw refuse.malformed(where(1, 'MSH'), {
      ja: 'MSH-1（フィールド区切り）と MSH-2（符号化文字 4 文字）が正しくありません',
      en: 'MSH-1 (field separator) and MSH-2 (four encoding characters) are invalid',
    });
  }
  const [component, repetition, escape, subcomponent] = [...encoding] as [string, string, string, string];
  return { field, component, repetition, escape, subcomponent };
}

function parseSegment(line: string, position: number, delimiters: Hl7Delimiters): Hl7Segment {
  if (line.length === 0) throw refuse.malformed(where(position), { ja: '空のセグメントがあります', en: 'empty segment' });
  const id = line.slice(0, 3);
  if (!SEGMENT_ID.test(id) || (line.length > 3 && line[3] !== delimiters.field)) {
    throw refuse.malformed(where(position), { ja: `セグメント名「${line.slice(0, 8)}」が正しくありません`, en: `invalid segment id "${line.slice(0, 8)}"` });
  }
  if (line.length <= 4) {
    throw refuse.malformed(where(position, id), {
      ja: 'セグメント名だけでフィールドがありません（途中で切れています）',
      en: 'the segment has its id but no fields (truncated)',
    });
  }
  if (id === 'MSH' && position !== 1) {
    throw refuse.malformed(where(position, id), { ja: 'MSH セグメントが電文の途中にあります', en: 'an MSH segment in the middle of the message' });
  }
  const rawFields = line.slice(4).split(delimiters.field);
  const fields: Hl7Repetition[][] = [[]];
  if (id === 'MSH') {
    // MSH-1 is the field separator itself and MSH-2 the encoding characters: literal, never split.
    fields.push([[[delimiters.field]]], [[[rawFields.shift()!]]]);
  }
  for (const raw of rawFields) fields.push(parseField(raw, delimiters, where(position, id)));
  return { id, position, fields };
}

function parseField(raw: string, d: Hl7Delimiters, at: string): Hl7Repetition[] {
  if (raw === '') return [];
  return raw
    .split(d.repetition)
    .map((repetition) => repetition.split(d.component).map((component) => component.split(d.subcomponent).map((sub) => unescape(sub, d, at))));
}

/** Decodes HL7 escape sequences in one pass, so an escaped escape character never starts another sequence. */
export function unescape(value: string, d: Hl7Delimiters, at = ''): string {
  if (!value.includes(d.escape)) return value;
  let out = '';
  let i = 0;
  while (i < value.length) {
    const start = value.indexOf(d.escape, i);
    if (start < 0) {
      out += value.slice(i);
      break;
    }
    out += value.slice(i, start);
    const end = value.indexOf(d.escape, start + 1);
    if (end < 0) {
      throw refuse.malformed(at, { ja: `エスケープシーケンスが閉じていません（「${value}」）`, en: `unterminated escape sequence in "${value}"` });
    }
    out += escapeSequence(value.slice(start + 1, end), d);
    i = end + 1;
  }
  return out;
}

function escapeSequence(code: string, d: Hl7Delimiters): string {
  switch (code) {
    case 'F':
      return d.field;
    case 'S':
      return d.component;
    case 'T':
      return d.subcomponent;
    case 'R':
      return d.repetition;
    case 'E':
      return d.escape;
    case '.br':
      return '\n';
    case 'H':
    case 'N':
      // Start and end of highlighting: formatting, not text.
      return '';
  }
  if (/^X([0-9A-Fa-f]{2})+$/.test(code)) {
    const bytes = code
      .slice(1)
      .match(/../g)!
      .map((hex) => parseInt(hex, 16));
    // Only 7-bit hexadecimal data can be text in an ISO-2022-JP message; anything else is kept as written.
    if (bytes.every((byte) => byte >= 0x20 && byte < 0x7f)) return String.fromCharCode(...bytes);
  }
  // HL7 leaves unknown sequences to the receiver: keep them visible rather than lose text.
  return `${d.escape}${code}${d.escape}`;
}

// ---- reading values ----

export function segmentsOf(message: Hl7Message, id: string): Hl7Segment[] {
  return message.segments.filter((segment) => segment.id === id);
}

export function repetitions(segment: Hl7Segment, field: number): Hl7Repetition[] {
  return segment.fields[field] ?? [];
}

/** One component's first subcomponent (or a given subcomponent), '' when absent. All positions are 1-based. */
export function component(repetition: Hl7Repetition | undefined, index: number, subcomponent = 1): string {
  return repetition?.[index - 1]?.[subcomponent - 1] ?? '';
}

/** The value at SEG-field.component.subcomponent of the first repetition, '' when absent. */
export function value(segment: Hl7Segment, field: number, index = 1, subcomponent = 1): string {
  return component(repetitions(segment, field)[0], index, subcomponent);
}

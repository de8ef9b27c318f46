// Printing results: aligned columns for people, JSON (--json) for scripts. What is printed comes
// partly from devices and users (device names, hostnames, people's names); whatever the boundary
// let through in the past, a control character reaching the admin's terminal would be obeyed (clear
// the screen, recolour, retitle the window) and a bidi mark would reorder the row the admin reads
// before approving. So every character that is not plain text is printed as its code, visibly.
const NOT_PLAIN_TEXT = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffd]|\p{Cs}/gu;

/** The text with every control, bidi mark or broken character shown as ⟨U+XXXX⟩. */
export function printable(text: string): string {
  return text.replace(NOT_PLAIN_TEXT, (ch) => `⟨U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
}

/** One line for the admin to read. */
export function say(text: string): void {
  console.log(printable(text));
}

export function printTable(rows: Record<string, unknown>[], columns: string[]): void {
  const cell = (v: unknown) => (v === null || v === undefined ? '' : printable(String(v)));
  // East Asian wide characters take two columns in a terminal.
  const width = (s: string) =>
    [...s].reduce((n, ch) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1), 0);
  const widths = columns.map((c) => Math.max(width(c), ...rows.map((r) => width(cell(r[c])))));
  const line = (values: string[]) =>
    values
      .map((v, i) => v + ' '.repeat(widths[i]! - width(v)))
      .join('  ')
      .trimEnd();
  console.log(line(columns));
  for (const row of rows) console.log(line(columns.map((c) => cell(row[c]))));
}

/** What JSON.stringify leaves raw that a terminal would still act on: C1 controls and bidi marks. */
const RAW_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/** JSON for scripts, with RAW_IN_JSON escaped: the same values once parsed, harmless in a terminal. */
export function printJson(value: unknown): void {
  console.log(JSON.stringify(value, null, 2).replace(RAW_IN_JSON, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

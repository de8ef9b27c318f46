// Where each word of a printed PDF landed, as poppler's pdftotext -bbox reads it: the tests of the
// official one-page sheets prove what staff check by eye (a box's place, a line beside another)
// from the real file, not from what the layout code meant to draw.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';

const run = promisify(execFile);

export interface Word {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

export interface PdfWords {
  words: Word[];
  pages: number;
  size: string;
  /** The words of a page (1-based) run together, without spaces, so a phrase wrapped over lines is still found. */
  pageText: (page: number) => string;
}

const unescape = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

/** Every word poppler finds in `bytes` (written to `dir` as `name`), with its page and box (y grows downwards, as on paper). */
export async function wordsOf(bytes: Uint8Array, dir: string, name: string): Promise<PdfWords> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  const { stdout } = await run('pdftotext', ['-bbox', '-enc', 'UTF-8', path, '-']);
  const words: Word[] = [];
  let page = 0;
  for (const line of stdout.split('\n')) {
    if (line.includes('<page ')) page += 1;
    const match = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/.exec(line);
    if (match) words.push({ page, text: unescape(match[5]!), xMin: Number(match[1]), yMin: Number(match[2]), xMax: Number(match[3]), yMax: Number(match[4]) });
  }
  const { stdout: info } = await run('pdfinfo', [path]);
  return {
    words,
    pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]),
    size: /^Page size:\s+(.*)$/m.exec(info)?.[1] ?? '',
    pageText: (n) =>
      words
        .filter((w) => w.page === n)
        .map((w) => w.text)
        .join(''),
  };
}

/** The one word `text` on page 1; `nth` when the sheet prints it more than once. */
export function find(words: readonly Word[], text: string, nth?: number): Word {
  const found = words.filter((w) => w.page === 1 && w.text === text);
  if (nth === undefined) expect(found, `「${text}」`).toHaveLength(1);
  else expect(found.length, `「${text}」`).toBeGreaterThan(nth);
  return found[nth ?? 0]!;
}

export const sameLine = (a: Word, b: Word) => Math.abs((a.yMin + a.yMax) / 2 - (b.yMin + b.yMax) / 2) < 4;

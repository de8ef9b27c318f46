// Enumerates the files of a standardized storage tree. Symbolic links are not followed (a link could
// lead outside the storage the hospital handed over); they are reported, like every other file
// that cannot be read, and the walk goes on.

import { readdir } from 'node:fs/promises';
import path from 'node:path';

export interface WalkedEntry {
  /** '/'-separated path relative to the root. */
  path: string;
  regularFile: boolean;
}

/** A patient ID given by the administrator: it names folders, so it may not climb out of the storage. */
export function checkPatientIdFilter(patientId: string): void {
  if (patientId === '' || patientId.includes('_') || /[/\\]/.test(patientId) || patientId === '.' || patientId === '..') {
    throw new Error(
      `患者ID「${patientId}」は SS-MIX2 の患者IDとして使えません（空、「_」「/」「\\」を含む値は指定できません）。病院の患者IDをそのまま指定してください。`,
    );
  }
}

/** The folder holding one patient's files: <id 1-3>/<id 4-6>/<id>. */
export function patientFolder(patientId: string): string {
  checkPatientIdFilter(patientId);
  return [patientId.slice(0, 3), patientId.slice(3, 6), patientId].join('/');
}

export async function walkStorage(root: string, under = ''): Promise<WalkedEntry[]> {
  const entries: WalkedEntry[] = [];
  async function visit(relative: string): Promise<void> {
    let children;
    try {
      children = await readdir(path.join(root, relative), { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && relative === under) {
        // A patient without a folder simply has no files; a missing root is the administrator's typo.
        if (under !== '') return;
        throw new Error(
          `SS-MIX2 ストレージ「${root}」が見つかりません。標準化ストレージのルート（患者IDの先頭 3 文字のフォルダが並ぶ場所）を指定してください。`,
          { cause: error },
        );
      }
      throw error;
    }
    for (const child of children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const childPath = relative === '' ? child.name : `${relative}/${child.name}`;
      if (child.isDirectory()) await visit(childPath);
      else entries.push({ path: childPath, regularFile: child.isFile() });
    }
  }
  await visit(under);
  return entries;
}

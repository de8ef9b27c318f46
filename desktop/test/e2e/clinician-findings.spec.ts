// What clinicians met on the demo (issue 12, defect 7), each driven on the screens over the
// scripted API: a note's observed time corrected, who marked a note 入力誤り and when, what each
// version of a note, document and form changed. Screenshots land in test-results/screenshots
// (findings-*).
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { dayFromToday } from './scripted-chart';
import { ScriptedDesktopApi } from './scripted-desktop-api';

test.afterEach(({ renkei }) => {
  expect(renkei.problems, 'console errors (CSP violations, exceptions)').toEqual([]);
});

async function openPatient(page: Page, name: string): Promise<void> {
  await page.locator('.patient-row', { hasText: name }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
}

test('a correction moves a note dated wrongly; the history shows the earlier time and what changed', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await openPatient(page, '山田 太郎');
  await page.getByRole('tab', { name: '経過記録' }).click();
  const notes = page.locator('article.note');

  const toMove = notes.filter({ hasText: '食欲は戻ってきた' });
  await toMove.getByRole('button', { name: '訂正' }).click();
  const correction = page.getByRole('dialog', { name: '経過記録の訂正' });
  const observed = correction.getByLabel('観察日時');
  // It starts at the note's own time, not now.
  const original = await observed.inputValue();
  expect(original.startsWith(dayFromToday(-7))).toBe(true);
  // Nothing changed yet: said, not sent.
  await correction.getByLabel('訂正の理由').fill('訪問日の入力誤り');
  await correction.getByRole('button', { name: '訂正を保存（新しい版）' }).click();
  await expect(correction.getByText('内容も観察日時も変わっていません。')).toBeVisible();
  const day = dayFromToday(-8);
  await observed.fill(`${day}T09:30`);
  await renkei.screenshot('findings-01-note-observed-time');
  await correction.getByRole('button', { name: '訂正を保存（新しい版）' }).click();
  await expect(correction).toHaveCount(0);
  const sent = api.calls.find((c) => c.method === 'correctNote')?.args[0] as { observedAt?: string; soap: unknown };
  expect(new Date(sent.observedAt!).toISOString()).toBe(new Date(`${day}T09:30:00+09:00`).toISOString());
  await expect(toMove.locator('.note__time')).toHaveText(`${day.replaceAll('-', '/')} 09:30`);

  await toMove.getByRole('button', { name: '履歴' }).click();
  const history = page.getByRole('dialog', { name: /経過記録の履歴/ });
  const changes = history.getByRole('region', { name: '第1版からの変更' });
  // A time is one value: the earlier one struck, the corrected one added.
  await expect(changes.locator('[data-field="observedAt"] del')).toHaveText(`削除:${original.slice(0, 10).replaceAll('-', '/')} ${original.slice(11, 16)}`);
  await expect(changes.locator('[data-field="observedAt"] ins')).toHaveText(`追加:${day.replaceAll('-', '/')} 09:30`);
  // The text was not touched: only the time is listed as changed.
  await expect(changes.locator('[data-field]')).toHaveCount(1);
});

test("a corrected note's history shows the changed value only, struck and added", async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await openPatient(page, '山田 太郎');
  await page.getByRole('tab', { name: '経過記録' }).click();
  const notes = page.locator('article.note');
  const history = page.getByRole('dialog', { name: /経過記録の履歴/ });
  const corrected = notes.filter({ hasText: '夜間の息苦しさあり' });
  await corrected.getByRole('button', { name: '履歴' }).click();
  const textChanges = history.getByRole('region', { name: '第1版からの変更' });
  await expect(textChanges.locator('[data-field="objective"] del')).toHaveText('削除:158');
  await expect(textChanges.locator('[data-field="objective"] ins')).toHaveText('追加:138');
  await expect(textChanges.locator('[data-field="objective"]')).toContainText('下腿浮腫');
  await renkei.screenshot('findings-02-note-history-diff');
});

test('a note marked 入力誤り says who marked it and when', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await openPatient(page, '山田 太郎');
  await page.getByRole('tab', { name: '経過記録' }).click();
  await page.getByLabel('入力誤りの記録も表示').check();
  const withdrawn = page.locator('article.note').filter({ hasText: 'BP 150/88' });
  const version = (await api.getNoteHistory('p-yamada', (await withdrawn.getAttribute('data-note-id'))!)).at(-1)!;
  const [date, time] = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo', dateStyle: 'short', timeStyle: 'short' })
    .format(new Date(version.recordedAt))
    .split(' ');
  await expect(withdrawn.locator('.note__error-reason')).toContainText(
    `${date!.replaceAll('-', '/')} ${time} に 田中 一郎（宮崎在宅クリニック） が入力誤りとしました。 理由: 別の患者の記録を誤って記載したため`,
  );
  await renkei.screenshot('findings-03-entered-in-error-by');
});

test('document and form histories show what each version changed', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await openPatient(page, '山田 太郎');

  await page.getByRole('tab', { name: '文書' }).click();
  await page.getByRole('button', { name: '「退院時サマリー（宮崎市民病院）」の版の履歴' }).click();
  const documentChanges = page.getByRole('region', { name: '第1版からの変更' });
  await expect(documentChanges.locator('[data-field="note"] ins')).toHaveText('追加:確定版を受領');
  await expect(documentChanges.locator('[data-field="issuedOn"]')).toBeVisible();
  await expect(documentChanges.locator('[data-field="file"]')).toContainText('同じ名前の別のファイルに差し替え');
  await expect(documentChanges.locator('[data-field="title"]')).toHaveCount(0);
  await renkei.screenshot('findings-04-document-history-diff');

  await page.getByRole('tab', { name: '書類' }).click();
  await page.getByRole('button', { name: '訪問看護報告書 今月分' }).click();
  await page.getByTestId('form-editor').getByRole('button', { name: '版の履歴' }).click();
  const versions = page.getByRole('dialog', { name: '「訪問看護報告書 今月分」の版の履歴' });
  const formChanges = versions.getByRole('region', { name: '第1版からの変更' });
  // Version 2 added the second visit (◎); nothing else changed.
  await expect(formChanges.locator('[data-field]')).toHaveCount(1);
  await expect(formChanges.locator('[data-field="visitDates"] ins')).toContainText('◎');
  await renkei.screenshot('findings-05-form-history-diff');
});

test('the care team is listed in clinical order, with each member’s own number beside the office’s', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await openPatient(page, '山田 太郎');
  const team = page.getByRole('region', { name: 'ケアチーム' });
  const rows = team.locator('tbody tr');
  // The cooperating dermatologist joined last, yet reads third: after 主治医, before the nurse.
  await expect(rows.locator('td:nth-child(4)')).toHaveText(['主治医', '協力医', '訪問看護師', '薬剤師', 'ケアマネジャー', '介護職']);
  await expect(team.getByRole('columnheader')).toContainText(['本人の連絡先', '施設の電話']);
  await expect(rows.first()).toContainText('090-1234-5678');
  await expect(rows.first()).toContainText('0985-20-1111');
  await renkei.screenshot('findings-06-care-team');
});

test('a finalised form asks for nothing: no 確定時に必須, its choices read as text, its hints in whole sentences', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await openPatient(page, '山田 太郎');
  await page.getByRole('tab', { name: '書類' }).click();
  await page.getByRole('button', { name: '特別訪問看護指示書（心不全増悪）' }).click();
  const editor = page.getByTestId('form-editor');
  await expect(editor).toContainText('第1版は確定済みです。');
  await expect(editor.getByText('確定時に必須')).toHaveCount(0);
  await expect(editor.getByText('あなたの記入欄')).toHaveCount(0);
  const kind = editor.getByRole('textbox', { name: '指示の種類', exact: true });
  await expect(kind).toHaveAttribute('readonly', '');
  await expect(kind).toHaveValue('特別訪問看護指示');
  await expect(editor.getByRole('combobox')).toHaveCount(0);
  // The definition's phrase and the computed sentence are two sentences, not one run-on.
  await expect(editor.getByText(/点滴注射指示は7日以内。この開始日では、特別訪問看護指示は.+までです。/)).toBeVisible();
  await renkei.screenshot('findings-07-finalised-form');
});

// The shared chart's screens, driven as a doctor would (keyboard where it matters), over the
// scripted API at 1366×768: expiring instructions, progress notes (write, correct, entered in
// error, history), notes pasted into a form, a form saved by someone else first and merged,
// finalising, consent, uploads the server refuses, and the offline chart. Screenshots land in
// test-results/screenshots (chart-*).
import type { Page } from '@playwright/test';
import { ERROR_REASONS, describeError } from '@renkei/proto/error-reasons';
import { expect, test } from './fixtures';
import { dayFromToday, scriptedPdf, userFacing } from './scripted-chart';
import { SCRIPTED_WATCHED_FOLDER, ScriptedDesktopApi } from './scripted-desktop-api';

test.afterEach(({ renkei }) => {
  expect(renkei.problems, 'console errors (CSP violations, exceptions)').toEqual([]);
});

/** The few browser globals the drop helpers use in the page (this file compiles without the DOM library). */
interface InPage {
  DataTransfer: new () => { items: { add(file: unknown): unknown } };
  File: new (parts: unknown[], name: string, options: { type: string }) => unknown;
  DragEvent: new (type: string, init: { dataTransfer: unknown; bubbles: boolean; cancelable: boolean }) => { readonly defaultPrevented: boolean };
  document: { querySelector(selector: string): { dispatchEvent(event: unknown): boolean } | null };
}

async function openPatient(page: Page, name: string): Promise<void> {
  await page.locator('.patient-row', { hasText: name }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
}

/** A real drop: a DataTransfer holding a File with these bytes, dispatched on the patient screen. */
async function dropFile(page: Page, fileName: string, bytes: Uint8Array, type = 'application/pdf'): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, data, mime }) => {
      const inPage = globalThis as unknown as InPage;
      const transfer = new inPage.DataTransfer();
      transfer.items.add(new inPage.File([new Uint8Array(data)], name, { type: mime }));
      return transfer;
    },
    { name: fileName, data: Array.from(bytes), mime: type },
  );
  const zone = page.getByTestId('patient-drop-zone');
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}

test('instruction alerts: the instruction in force ending soon stands above every tab; a lapsed one it replaced does not', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await openPatient(page, '山田 太郎');

  const alerts = page.getByRole('region', { name: '指示書の有効期限' });
  await expect(alerts).toBeVisible();
  const items = alerts.getByRole('listitem');
  // The server's rule (proto chart-rules): one alert, about the latest end among the instructions.
  // The special instruction that ended 5 days ago is covered by the normal one, which ends in 3 days.
  await expect(items).toHaveCount(1);
  await expect(items.nth(0)).toContainText('あと3日');
  await expect(items.nth(0)).toContainText('訪問看護指示書（通常）');
  await expect(alerts).not.toContainText('特別訪問看護指示書（心不全増悪）');
  await renkei.screenshot('chart-01-instruction-alerts');

  // Still there on another tab: nobody should be able to miss it.
  await page.getByRole('tab', { name: '経過記録' }).click();
  await expect(alerts).toBeVisible();

  // The overview's chart summary: latest notes, documents, forms with their state, consent.
  await page.getByRole('tab', { name: '概要' }).click();
  const latest = page.getByRole('region', { name: '最近の経過記録' });
  await latest.scrollIntoViewIfNeeded();
  await expect(latest).toContainText('昨日より楽になった');
  await expect(latest).not.toContainText('BP 150/88');
  const forms = page.getByRole('region', { name: '書類' });
  await expect(forms.getByRole('row', { name: /特別訪問看護指示書/ })).toContainText('確定');
  await expect(forms.getByRole('row', { name: /訪問看護報告書/ })).toContainText('第2版');
  await expect(forms.getByRole('row', { name: /訪問看護報告書/ })).toContainText('下書き');
  await expect(page.getByRole('region', { name: '患者同意' })).toContainText('共有中');
  await renkei.screenshot('chart-02-overview-summary');

  // 和暦 for the record days, remembered on this PC.
  await page.getByLabel('日付を和暦で表示').check();
  await expect(alerts).toContainText(/有効期限 令和\d+年/);
  await page.getByRole('tab', { name: '文書' }).click();
  await expect(page.getByTestId('documents-table')).toContainText('令和7年6月1日');
});

test('progress notes: write, correct with a reason, withdraw as entered in error, read the history', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await openPatient(page, '山田 太郎');
  // The tabs are keyboard tabs: → moves from 概要 to 連絡帳, and on to 経過記録.
  await page.getByRole('tab', { name: '概要' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: /^連絡帳/ })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: '経過記録' })).toHaveAttribute('aria-selected', 'true');

  const notes = page.locator('article.note');
  await expect(notes.first()).toContainText('昨日より楽になった');
  await expect(notes.first()).toContainText('鈴木 恵子');
  await expect(notes.first()).toContainText('看護師');
  await expect(notes.first()).toContainText('みやざき訪問看護ステーション');
  // Another author's note cannot be corrected here.
  await expect(notes.first().getByRole('button', { name: '訂正' })).toHaveCount(0);
  const corrected = notes.filter({ hasText: '夜間の息苦しさあり' });
  await expect(corrected).toContainText('第2版（訂正あり）');
  await expect(corrected).toContainText('訂正の理由: 血圧の値を誤記');
  await expect(notes.filter({ hasText: 'BP 150/88' })).toHaveCount(0);
  await renkei.screenshot('chart-03-notes');

  // Write: an empty note is refused with what to do; observed time defaults to now.
  await page.getByRole('button', { name: '経過記録を書く' }).click();
  await expect(page.getByLabel('観察日時')).not.toHaveValue('');
  await page.getByRole('button', { name: '経過記録を保存' }).click();
  await expect(page.getByText('S・O・A・P のいずれかに記載してください。')).toBeVisible();
  await expect(page.getByLabel('S（主観的情報）')).toBeFocused();
  await page.getByLabel('S（主観的情報）').fill('足のむくみが気になる');
  await page.getByLabel('O（客観的情報）').fill('BP 126/74 下腿浮腫 1+');
  await page.getByLabel('P（計画）').press('Control+Enter');
  await expect(page.getByTestId('chart-notice')).toContainText('経過記録を保存しました。');
  const mine = notes.filter({ hasText: '足のむくみが気になる' });
  await expect(mine).toContainText('あなた');
  expect(api.calls.find((c) => c.method === 'writeNote')?.args[0]).toMatchObject({
    patientId: 'p-yamada',
    soap: { subjective: '足のむくみが気になる', objective: 'BP 126/74 下腿浮腫 1+', assessment: '', plan: '' },
  });

  // A note the server refuses (a mark that would show the plan reordered): said at the field, in
  // the clinic's words, with what was typed kept.
  api.refuseNext('writeNote', userFacing('INVALID_REQUEST', { fields: 'soap.plan' }, [{ field: 'soap.plan', reason: 'TEXT_DIRECTION_CONTROLS' }]));
  await page.getByRole('button', { name: '経過記録を書く' }).click();
  await page.getByLabel('P（計画）').fill('ワーファリン 1mg \u202E日0.5\u202C 継続');
  await page.getByRole('button', { name: '経過記録を保存' }).click();
  const planProblem = '文字の並び順を変える制御文字（U+202E など）が含まれています。取り除いてから送ってください。';
  await expect(page.getByLabel('P（計画）')).toHaveAccessibleDescription(new RegExp(planProblem.replace(/[()（）+]/g, '.')));
  await expect(page.getByText('soap.plan')).toHaveCount(0);
  await expect(page.getByLabel('P（計画）')).toHaveValue('ワーファリン 1mg \u202E日0.5\u202C 継続');
  await renkei.screenshot('chart-03b-note-refused-at-field');
  await page.getByRole('button', { name: 'キャンセル' }).click();

  // Correct: a new version, reason required.
  const toCorrect = notes.filter({ hasText: '食欲は戻ってきた' });
  await toCorrect.getByRole('button', { name: '訂正' }).click();
  const correction = page.getByRole('dialog', { name: '経過記録の訂正' });
  await correction.getByLabel('O（客観的情報）').fill('BP 132/78 HR 72 SpO2 97%');
  await correction.getByRole('button', { name: '訂正を保存（新しい版）' }).click();
  await expect(correction.getByText('訂正の理由を入力してください。')).toBeVisible();
  await correction.getByLabel('訂正の理由').fill('SpO2 の値を誤記（96% → 97%）');
  await renkei.screenshot('chart-04-note-correction');
  await correction.getByRole('button', { name: '訂正を保存（新しい版）' }).click();
  await expect(correction).toHaveCount(0);
  await expect(toCorrect).toContainText('第2版（訂正あり）');
  await expect(toCorrect).toContainText('SpO2 97%');
  await expect(toCorrect).toContainText('訂正の理由: SpO2 の値を誤記');

  // History: both versions, oldest first.
  await toCorrect.getByRole('button', { name: '履歴' }).click();
  const history = page.getByRole('dialog', { name: /経過記録の履歴/ });
  await expect(history.locator('.note-history__version')).toHaveCount(2);
  await expect(history.locator('.note-history__version').nth(0)).toContainText('SpO2 96%');
  await expect(history.locator('.note-history__version').nth(1)).toContainText('SpO2 97%');
  await renkei.screenshot('chart-05-note-history');
  await page.keyboard.press('Escape');
  await expect(history).toHaveCount(0);
  // Esc closed the dialog only, not the patient.
  await expect(page.getByRole('heading', { level: 1 })).toContainText('山田 太郎');

  // Entered in error: the reason is required, then the note is hidden unless asked for.
  await mine.getByRole('button', { name: '入力誤り' }).click();
  const withdraw = page.getByRole('dialog', { name: '入力誤りとして取り消す' });
  await withdraw.getByRole('button', { name: '入力誤りとして記録' }).click();
  await expect(withdraw.getByText('取り消す理由を入力してください。')).toBeVisible();
  await withdraw.getByLabel('取り消す理由').fill('別の患者の記録を誤って記載したため');
  await withdraw.getByRole('button', { name: '入力誤りとして記録' }).click();
  await expect(mine).toHaveCount(0);
  await page.getByLabel('入力誤りの記録も表示').check();
  await expect(mine).toContainText('入力誤り');
  await expect(mine.locator('del').first()).toHaveText('足のむくみが気になる');
  await expect(mine).toContainText('理由: 別の患者の記録を誤って記載したため');
  await expect(notes.filter({ hasText: 'BP 150/88' })).toHaveCount(1);
  await renkei.screenshot('chart-06-entered-in-error');
});

test('paste notes into a form: the notes are appended to the chosen field and the form opens to be saved', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await openPatient(page, '山田 太郎');
  await page.getByRole('tab', { name: '経過記録' }).click();

  const notes = page.locator('article.note');
  await notes.filter({ hasText: '昨日より楽になった' }).getByRole('checkbox').check();
  await notes.filter({ hasText: '夜間の息苦しさあり' }).getByRole('checkbox').check();
  await expect(page.getByText('2件を選択中')).toBeVisible();
  await page.getByRole('button', { name: '書類に貼り付け' }).click();

  const dialog = page.getByRole('dialog', { name: '経過記録 2件を書類に貼り付け' });
  await dialog.getByLabel('貼り付ける書類').selectOption({ label: '訪問看護報告書「訪問看護報告書 今月分」 第2版 下書き' });
  await dialog.getByLabel('貼り付ける項目').selectOption({ label: '特記すべき事項' });
  const preview = dialog.getByLabel('貼り付ける内容');
  // Oldest first, each under its heading: day, 訪問, author as colleagues name them.
  await expect(preview).toHaveValue(/^\d{4}\/\d{2}\/\d{2} 訪問 田中医師\nS: 夜間の息苦しさあり\nO: BP 138\/90 下腿浮腫 2\+/);
  await expect(preview).toHaveValue(/\n\n\d{4}\/\d{2}\/\d{2} 訪問 鈴木看護師\nS: 昨日より楽になった\n/);
  await renkei.screenshot('chart-07-paste-dialog');
  await dialog.getByRole('button', { name: '貼り付けて書類を開く' }).click();

  const editor = page.getByTestId('form-editor');
  await expect(editor).toContainText('経過記録を「特記すべき事項」に貼り付けました');
  await expect(page.getByRole('tab', { name: '書類' })).toHaveAttribute('aria-selected', 'true');
  const field = editor.getByLabel('特記すべき事項', { exact: true });
  await expect(field).toHaveValue(/訪問 鈴木看護師\nS: 昨日より楽になった/);
  await expect(editor.getByText('未保存の変更あり')).toBeVisible();
  await renkei.screenshot('chart-08-pasted-into-form');
  // Leaving the patient now would lose the paste: the app asks first.
  await page.getByRole('button', { name: /患者一覧に戻る/ }).click();
  const leave = page.getByRole('dialog', { name: '保存していない変更があります' });
  await expect(leave).toBeVisible();
  await leave.getByRole('button', { name: 'キャンセル' }).click();
  await expect(field).toHaveValue(/訪問 鈴木看護師/);
  await editor.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByTestId('chart-notice')).toContainText('第3版として保存しました。');
  const saved = api.calls.find((c) => c.method === 'saveForm')?.args[0] as { baseVersion: number; values: Record<string, unknown> };
  expect(saved.baseVersion).toBe(2);
  expect(saved.values.specialNotes).toMatch(/訪問 田中医師\nS: 夜間の息苦しさあり/);
  // What was there before is kept.
  expect(saved.values.courseAndAdl).toBe('心不全の増悪なく経過。屋内は伝い歩き。');
});

test('form conflict: someone saved first, the merge view shows base / mine / theirs, and the merge is saved', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await openPatient(page, '山田 太郎');
  await page.getByRole('tab', { name: '書類' }).click();
  await page.getByRole('button', { name: '訪問看護報告書 今月分' }).click();

  const editor = page.getByTestId('form-editor');
  await expect(editor.getByLabel('病状の経過（ADLを含む）', { exact: true })).toHaveValue('心不全の増悪なく経過。屋内は伝い歩き。');
  await editor.getByLabel('病状の経過（ADLを含む）', { exact: true }).fill('心不全の増悪なく経過。屋内は伝い歩き、屋外は車椅子。');
  await editor.getByLabel('家庭での介護の状況', { exact: true }).fill('長女が毎夕訪問');

  // Meanwhile the nurse saves version 3 from her station.
  api.chart.saveAsColleague('p-yamada', 'f-report', {
    courseAndAdl: '心不全の増悪なく経過。入浴は訪問看護で実施。',
    careGiven: 'バイタル測定、服薬確認、下肢の浮腫観察、入浴介助',
  });

  await editor.getByRole('button', { name: '保存', exact: true }).click();
  const merge = page.getByTestId('merge-view');
  await expect(merge).toBeVisible();
  await expect(merge.getByRole('alert')).toHaveText(describeError('TEMPLATE_VERSION_CONFLICT', { editor: '鈴木 恵子', currentVersion: '3' }, 'ja'));
  await expect(merge).toContainText('自動で統合した項目 2件、選択が必要な項目 1件。');
  const course = merge.locator('[data-field="courseAndAdl"]');
  await expect(course).toContainText('選択が必要');
  await expect(course).toContainText('元の版（第2版）');
  await expect(course).toContainText('屋外は車椅子');
  await expect(course).toContainText('入浴は訪問看護で実施');
  await expect(merge.locator('[data-field="careGiven"]')).toContainText('自動: 相手の変更');
  await expect(merge.locator('[data-field="familySituation"]')).toContainText('自動: あなたの変更');
  const save = merge.getByRole('button', { name: '統合して保存（第4版）' });
  await expect(save).toHaveAttribute('aria-disabled', 'true');
  await expect(merge).toContainText('あと1項目、使う内容を選んでください。');
  await renkei.screenshot('chart-09-merge-view');

  // Neither side alone is right: write it by hand, starting from mine.
  await course.getByLabel('手で書き直す').check();
  const manual = course.getByLabel('病状の経過（ADLを含む）', { exact: true });
  await expect(manual).toHaveValue('心不全の増悪なく経過。屋内は伝い歩き、屋外は車椅子。');
  await manual.fill('心不全の増悪なく経過。屋内は伝い歩き、屋外は車椅子。入浴は訪問看護で実施。');
  await renkei.screenshot('chart-10-merge-manual');
  await save.click();

  await expect(merge).toHaveCount(0);
  await expect(page.getByTestId('chart-notice')).toContainText('第4版として保存しました。');
  const saves = api.calls.filter((c) => c.method === 'saveForm').map((c) => c.args[0] as { baseVersion: number; values: Record<string, unknown> });
  expect(saves.map((s) => s.baseVersion)).toEqual([2, 3]);
  expect(saves[1]!.values).toMatchObject({
    courseAndAdl: '心不全の増悪なく経過。屋内は伝い歩き、屋外は車椅子。入浴は訪問看護で実施。',
    careGiven: 'バイタル測定、服薬確認、下肢の浮腫観察、入浴介助',
    familySituation: '長女が毎夕訪問',
  });
  await expect(editor.getByLabel('病状の経過（ADLを含む）', { exact: true })).toHaveValue(
    '心不全の増悪なく経過。屋内は伝い歩き、屋外は車椅子。入浴は訪問看護で実施。',
  );
  await expect(editor).toContainText('第4版');
});

test('visit calendar: choose a mark, press the days, move between days with the arrow keys', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await openPatient(page, '山田 太郎');
  await page.getByRole('tab', { name: '書類' }).click();
  await page.getByRole('button', { name: '訪問看護報告書 今月分' }).click();
  const editor = page.getByTestId('form-editor');
  const calendar = editor.getByRole('table', { name: '訪問日のカレンダー' });
  await calendar.scrollIntoViewIfNeeded();
  const day = (offset: number) => calendar.locator(`[id="form-field-visitDates-day-${dayFromToday(offset)}"]`);
  await expect(day(-18)).toContainText('○');
  await expect(day(-15)).toContainText('◎');

  await editor.getByRole('radio', { name: /長時間訪問/ }).check();
  await day(-11).click();
  await expect(day(-11)).toHaveAttribute('aria-pressed', 'true');
  await expect(day(-11)).toContainText('□');
  await page.keyboard.press('ArrowRight');
  await expect(day(-10)).toBeFocused();
  await page.keyboard.press('Space');
  await expect(day(-10)).toContainText('□');
  // Pressing again takes the mark off.
  await page.keyboard.press('Space');
  await expect(day(-10)).not.toContainText('□');
  await page.keyboard.press('ArrowUp');
  await expect(day(-17)).toBeFocused();
  await renkei.screenshot('chart-11a-visit-calendar');

  await editor.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByTestId('chart-notice')).toContainText('第3版として保存しました。');
  const saved = api.calls.find((c) => c.method === 'saveForm')?.args[0] as { values: { visitDates: { date: string; mark: string }[] } };
  expect(saved.values.visitDates).toEqual([
    { date: dayFromToday(-18), mark: '○' },
    { date: dayFromToday(-15), mark: '◎' },
    { date: dayFromToday(-11), mark: '□' },
  ]);
});

test('finalise: required fields first, a confirmation, then the form is locked until a new version is started', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await openPatient(page, '山田 太郎');
  await page.getByRole('tab', { name: '書類' }).click();
  await page.getByRole('button', { name: '診療情報提供書（皮膚科へ）' }).click();
  const editor = page.getByTestId('form-editor');

  // Finalising an incomplete letter says which fields are missing, next to them.
  await editor.getByRole('button', { name: '確定…' }).click();
  await expect(editor.getByRole('alert')).toContainText('確定の前に入力が必要な項目があります');
  await expect(editor.getByText('「記載日」は確定の前に入力が必要です。')).toBeVisible();
  await expect(editor.getByLabel('記載日')).toBeFocused();
  await renkei.screenshot('chart-11-finalise-missing');

  // A too-long value is caught as it is typed.
  await editor.getByLabel('担当医').fill('あ'.repeat(101));
  await expect(editor.getByText('「担当医」は100文字以内で入力してください（現在101文字）。')).toBeVisible();
  await editor.getByLabel('担当医').fill('皮膚 太郎 先生');

  await editor.getByLabel('記載日').fill('2026-11-20');
  await editor.getByLabel('医療機関名', { exact: true }).fill('宮崎在宅クリニック');
  await editor.getByLabel('医師氏名').fill('田中 一郎');
  await expect(editor.getByRole('button', { name: '確定…' })).toHaveAttribute('aria-disabled', 'true');
  await editor.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByTestId('chart-notice')).toContainText('第2版として保存しました。');

  await editor.getByRole('button', { name: '確定…' }).click();
  const confirm = page.getByRole('dialog', { name: '第2版を確定しますか？' });
  await expect(confirm).toContainText('確定した版は変更できず');
  await renkei.screenshot('chart-12-finalise-confirm');
  await confirm.getByRole('button', { name: '確定する' }).click();

  const banner = page.getByTestId('finalised-banner');
  await expect(banner).toContainText('第2版は確定済みです。');
  await expect(banner).toContainText('確定: 田中 一郎（医師・宮崎在宅クリニック）');
  await expect(editor.getByLabel('紹介目的', { exact: true })).toHaveAttribute('readonly', '');
  await expect(editor.getByRole('button', { name: '保存', exact: true })).toHaveCount(0);
  await renkei.screenshot('chart-13-finalised');

  // Changing it means a new version on purpose; the finalised one stays.
  await banner.getByRole('button', { name: '新しい版を作成' }).click();
  await editor.getByLabel('紹介目的', { exact: true }).fill('褥瘡治療のご相談（ポケット形成あり）');
  await editor.getByRole('button', { name: '第3版として保存' }).click();
  await expect(page.getByTestId('chart-notice')).toContainText('第3版として保存しました。');
  expect(api.calls.filter((c) => c.method === 'saveForm').at(-1)?.args[0]).toMatchObject({ baseVersion: 2, amendFinalised: true });

  // Every version stays readable; the finalised one can be printed from the viewer.
  await editor.getByRole('button', { name: '版の履歴' }).click();
  const versions = page.getByRole('dialog', { name: /版の履歴/ });
  await expect(versions.getByRole('row').filter({ has: page.getByRole('button', { name: /をPDFで表示/ }) })).toHaveCount(3);
  // Between each version and the one before it: what changed.
  await expect(versions.locator('.form-versions__changes')).toHaveCount(2);
  await expect(versions.getByRole('row').filter({ has: page.getByRole('button', { name: '第2版をPDFで表示' }) })).toContainText('田中 一郎');
  await expect(versions.locator('.tag--finalised')).toHaveCount(1);
  await versions.getByRole('button', { name: '第2版をPDFで表示' }).click();
  const viewer = page.getByTestId('viewer-dialog');
  await expect(viewer.locator('canvas').first()).toBeVisible({ timeout: 15_000 });
  await expect(viewer.getByRole('button', { name: '印刷' })).toBeVisible();
  await renkei.screenshot('chart-14-form-pdf');
  expect(api.calls.find((c) => c.method === 'renderFormPdf')?.args).toEqual(['p-yamada', 'f-referral', 2]);
});

test('new form: addressed to an office of the care team, the usual one already chosen, and written in by the server', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await openPatient(page, '山田 太郎');
  await page.getByRole('tab', { name: '書類' }).click();
  await page.getByRole('button', { name: '新しい書類を作成' }).click();
  const dialog = page.getByRole('dialog', { name: '新しい書類' });
  const kind = dialog.getByLabel('書類の種類');
  const addressee = dialog.getByLabel('宛先');

  // A 指示書 goes to the team's one visiting nurse station: already chosen, nothing else offered.
  await kind.selectOption({ label: '訪問看護指示書' });
  await expect(addressee.locator('option')).toHaveText(['みやざき訪問看護ステーション（訪問看護師 鈴木 恵子）']);
  await expect(addressee).toHaveValue('f-nursing');

  // A 診療情報提供書 may go to any other office on the team: none is chosen until the doctor does.
  await kind.selectOption({ label: '診療情報提供書' });
  await expect(addressee).toHaveValue('');
  await expect(addressee.locator('option')).toHaveText([
    '選ばない（あとで記入）',
    'みやざき訪問看護ステーション（訪問看護師 鈴木 恵子）',
    '橘通り薬局（薬剤師 伊藤 健）',
    '居宅介護支援事業所ひまわり（ケアマネジャー 中村 由美）',
    'ヘルパーステーションあおぞら（介護職 小林 誠）',
    '宮崎皮膚科クリニック（協力医 渡辺 直樹）',
  ]);
  await expect(dialog).toContainText('ケアチームのすべての事業所を表示しています。');
  await addressee.focus();
  await addressee.selectOption({ label: '宮崎皮膚科クリニック（協力医 渡辺 直樹）' });
  await renkei.screenshot('chart-new-form-addressee');
  await dialog.getByRole('button', { name: '作成を始める' }).click();

  const editor = page.getByTestId('form-editor');
  // The choice is still there to change above the new form, until it is created.
  const editorAddressee = editor.getByLabel('宛先', { exact: true });
  await expect(editorAddressee).toHaveValue('f-dermatology');
  await editorAddressee.selectOption({ label: 'みやざき訪問看護ステーション（訪問看護師 鈴木 恵子）' });
  await renkei.screenshot('chart-new-form-editor-addressee');
  await editor.getByRole('button', { name: '作成して保存' }).click();
  await expect(page.getByTestId('chart-notice')).toContainText('第1版として保存しました。');
  expect(api.calls.find((c) => c.method === 'createForm')?.args[0]).toMatchObject({
    documentType: 'DOCUMENT_TYPE_REFERRAL_LETTER',
    addresseeFacilityId: 'f-nursing',
  });
  // The office the doctor chose is on the letter, as the server wrote it; the choice is gone with the new form.
  await expect(editor.getByLabel('紹介先医療機関')).toHaveValue('みやざき訪問看護ステーション');
  await expect(editor.getByLabel('宛先', { exact: true })).toHaveCount(0);
});

test('a chart left open shows what a finished sync brought, and only then', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await openPatient(page, '山田 太郎');
  await page.getByRole('tab', { name: '書類' }).click();
  const report = page.getByTestId('forms-table').getByRole('row', { name: /訪問看護報告書/ });
  await expect(report).toContainText('第2版');

  // The nurse saves version 3 from her station; nothing on this screen asked for it yet.
  api.chart.saveAsColleague('p-yamada', 'f-report', { careGiven: 'バイタル測定、服薬確認' });
  const listed = () => api.calls.filter((c) => c.method === 'listForms').length;
  const before = listed();
  await page.getByRole('tab', { name: '概要' }).click();
  await page.getByRole('tab', { name: '書類' }).click();
  await expect(report).toContainText('第2版');
  expect(listed()).toBe(before);

  // The core finishes a sync: the overview and the open lists are read again.
  api.setSync({ state: 'idle', lastSyncedAt: new Date().toISOString() });
  await expect(report).toContainText('第3版');
  await expect(report).toContainText('鈴木 恵子');
});

test('consent: record it with its form, withdraw it with a reason, and a refusal in the server’s words', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await openPatient(page, '髙橋 花子');
  await expect(page.locator('.overview__summary')).toContainText('同意未取得');
  await page.getByRole('tab', { name: '同意' }).click();
  const summary = page.getByRole('tabpanel', { name: '同意' }).getByTestId('consent-summary');
  await expect(summary).toContainText('同意未取得');
  await expect(summary).toContainText('宮崎在宅クリニック以外には共有されていません');
  await renkei.screenshot('chart-15-consent-none');

  await page.getByRole('button', { name: '同意を記録' }).click();
  const record = page.getByRole('dialog', { name: '患者同意の記録' });
  await expect(record.getByLabel('同意を得た人')).toHaveValue('田中 一郎');
  await record.getByLabel('同意取得日').fill('2099-01-01');
  await record.getByRole('button', { name: '同意を記録する' }).click();
  await expect(record.getByText('未来の日付は記録できません。')).toBeVisible();
  await record.getByLabel('同意取得日').fill(dayFromToday(-7));
  await record.getByLabel('同意を得た人').fill('主治医 田中');
  // The signed form not filed yet? Upload it from here; it is then chosen.
  const chooser = page.waitForEvent('filechooser');
  await record.getByRole('button', { name: '同意書をアップロード…' }).click();
  await (await chooser).setFiles({ name: '同意書_スキャン.pdf', mimeType: 'application/pdf', buffer: Buffer.from(scriptedPdf(['Consent form', 'scan'])) });
  const upload = page.getByTestId('upload-dialog');
  await expect(upload.getByLabel('文書の種類')).toHaveValue('DOCUMENT_TYPE_CONSENT_FORM');
  await upload.getByRole('button', { name: '登録する' }).click();
  await expect(upload.getByTestId('upload-progress')).toContainText('100% 登録しました。');
  await upload.getByRole('button', { name: '閉じる', exact: true }).last().click();
  await expect(upload).toHaveCount(0);
  const formSelect = record.getByLabel('同意書', { exact: true });
  await expect(formSelect.locator('option:checked')).toHaveText('同意書_スキャン');
  // The one filed earlier is the signed original: choose it instead.
  await formSelect.selectOption('d-takahashi-consent');
  await expect(formSelect).toContainText('患者同意書（髙橋様・署名済み）');
  await renkei.screenshot('chart-16-consent-record');
  await record.getByRole('button', { name: '同意を記録する' }).click();
  await expect(record).toHaveCount(0);
  await expect(summary).toContainText('共有中');
  await expect(summary).toContainText('ケアチームのすべての事業所で共有されています');
  expect(api.calls.find((c) => c.method === 'recordConsent')?.args[0]).toEqual({
    patientId: 'p-takahashi',
    obtainedOn: dayFromToday(-7),
    obtainedBy: '主治医 田中',
    scope: 'CONSENT_SCOPE_CARE_TEAM',
    facilityIds: [],
    formDocumentId: 'd-takahashi-consent',
    note: '',
  });
  await expect(page.locator('.overview__summary')).not.toContainText('同意未取得');

  // Withdraw: date and reason, then a plain confirmation of what it means.
  await page.getByRole('button', { name: '撤回を記録', exact: true }).click();
  const withdraw = page.getByRole('dialog', { name: '同意の撤回の記録' });
  await withdraw.getByRole('button', { name: '撤回を記録…' }).click();
  await expect(withdraw.getByText('撤回の理由を入力してください。')).toBeVisible();
  await withdraw.getByLabel('撤回の理由').fill('家族の申し出により（電話）');
  await withdraw.getByRole('button', { name: '撤回を記録…' }).click();
  const confirm = page.getByRole('dialog', { name: '同意の撤回を記録しますか？' });
  await expect(confirm).toContainText('宮崎在宅クリニック以外の事業所には表示されなくなります');
  await renkei.screenshot('chart-17-consent-withdraw-confirm');
  await confirm.getByRole('button', { name: '撤回を記録する' }).click();
  await expect(withdraw).toHaveCount(0);
  await expect(summary).toContainText('同意撤回');
  await expect(page.getByTestId('consent-history')).toContainText('家族の申し出により（電話）');
  await renkei.screenshot('chart-18-consent-withdrawn');

  // The registration moved to another office while the tab showed the old answer: the server
  // refuses, and the dialog says why in its words.
  api.chart.registerElsewhere('p-takahashi');
  await page.getByRole('button', { name: '同意を記録', exact: true }).click();
  const refused = page.getByRole('dialog', { name: '患者同意の記録' });
  await refused.getByRole('button', { name: '同意を記録する' }).click();
  await expect(refused.getByRole('alert')).toHaveText(ERROR_REASONS.CONSENT_NOT_RECORDABLE.ja);
  await renkei.screenshot('chart-19-consent-refused');
  await refused.getByRole('button', { name: 'キャンセル' }).click();

  // A patient registered by another office: recording and withdrawing are not offered, and the tab
  // says who may (the server's answer for this user).
  await page.keyboard.press('Escape');
  await openPatient(page, '勅使河原');
  await page.getByRole('tab', { name: '同意' }).click();
  const elsewhere = page.getByRole('tabpanel', { name: '同意' });
  await expect(elsewhere).toContainText('同意の記録・撤回は、宮崎皮膚科クリニックのケアチームの方か事務局が行えます。');
  await expect(elsewhere.getByRole('button', { name: /同意を記録|撤回を記録/ })).toHaveCount(0);
  await renkei.screenshot('chart-19c-consent-not-offered');
});

test('consent: a record the regional office made says 事務局, never the administrator’s account', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await openPatient(page, '山田 太郎');
  await page.getByRole('tab', { name: '同意' }).click();
  const panel = page.getByRole('tabpanel', { name: '同意' });
  await expect(panel.getByTestId('consent-history').getByRole('row').nth(1)).toContainText('事務局');
  await expect(panel).not.toContainText('admin:');
  await renkei.screenshot('chart-19b-consent-by-office');
  await page.getByRole('button', { name: 'English' }).click();
  const english = page.getByRole('tabpanel', { name: 'Consent' });
  await expect(english.getByTestId('consent-history').getByRole('row').nth(1)).toContainText('Regional office');
  await expect(english).not.toContainText('admin:');
});

test('upload: a dropped encrypted PDF is refused in the server’s words, the inputs stay, and a good file is filed', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await openPatient(page, '山田 太郎');

  // A PDF whose protection only the server's reading of the whole file finds (pdf.js on this PC
  // opens it; the drop-time refusal of real encrypted PDFs is upload-dialog.spec's): the server
  // stays the last word, and its refusal is said in its words.
  const encrypted = new Uint8Array(Buffer.concat([Buffer.from(scriptedPdf(['Protected'])), Buffer.from('\ntrailer << /Encrypt 9 0 R >>\n')]));
  await dropFile(page, '退院時サマリー_保護付き.pdf', encrypted);
  const dialog = page.getByTestId('upload-dialog');
  await expect(dialog).toBeVisible();
  await expect(page.getByRole('tab', { name: /文書/ })).toHaveAttribute('aria-selected', 'true');
  await expect(dialog.getByLabel('題名')).toHaveValue('退院時サマリー_保護付き');
  await dialog.getByRole('button', { name: '登録する' }).click();
  await expect(dialog.getByText('文書の種類を選んでください。')).toBeVisible();
  await dialog.getByLabel('文書の種類').selectOption({ label: '退院時サマリー' });
  await dialog.getByLabel('発行者').fill('宮崎市民病院 循環器内科');
  await dialog.getByRole('button', { name: '登録する' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(describeError('DOCUMENT_PDF_ENCRYPTED', { fileName: '退院時サマリー_保護付き.pdf' }, 'ja'), {
    timeout: 15_000,
  });
  await expect(dialog.getByLabel('文書の種類')).toHaveValue('DOCUMENT_TYPE_DISCHARGE_SUMMARY');
  await expect(dialog.getByLabel('発行者')).toHaveValue('宮崎市民病院 循環器内科');
  await renkei.screenshot('chart-20-upload-refused');
  await dialog.getByRole('button', { name: '登録しない' }).click();
  await expect(dialog).toHaveCount(0);
  // Sent to the core as the dialog closes, not awaited by it.
  await expect.poll(() => api.calls.some((c) => c.method === 'discardStagedFile')).toBe(true);

  // An instruction: its period is checked against its kind before anything is sent.
  const pdf = scriptedPdf(['Visiting nursing instruction', 'Yamada Taro', 'renewed']);
  await dropFile(page, '訪問看護指示書_山田様.pdf', pdf);
  await dialog.getByLabel('文書の種類').selectOption({ label: '訪問看護指示書' });
  await expect(dialog).toContainText('指示期間の上限: 訪問看護指示 6か月、特別訪問看護指示 14日、在宅患者訪問点滴注射指示 7日。');
  await dialog.getByLabel('指示の種類').selectOption({ label: '特別訪問看護指示（14日）' });
  await dialog.getByLabel('開始日').fill('2026-11-20');
  await dialog.getByLabel('終了日（有効期限）').fill('2026-12-20');
  await dialog.getByRole('button', { name: '登録する' }).click();
  await expect(dialog.getByText('特別訪問看護指示の期間は14日以内です。終了日を2026年12月3日以前にするか')).toBeVisible();
  await dialog.getByLabel('指示の種類').selectOption({ label: '訪問看護指示（6か月）' });
  await dialog.getByLabel('既存の文書の新しい版として登録').check();
  await dialog.getByLabel('新しい版にする文書').selectOption('d-instruction');
  await renkei.screenshot('chart-21-upload-instruction');
  await dialog.getByRole('button', { name: '登録する' }).click();
  await expect(dialog.getByTestId('upload-progress')).toContainText('100% 登録しました。');
  await expect(dialog.locator('progress')).toHaveAttribute('value', '100');
  await renkei.screenshot('chart-22-upload-done');
  await dialog.getByRole('button', { name: '閉じる', exact: true }).last().click();
  await expect(page.getByTestId('chart-notice')).toContainText('「訪問看護指示書_山田様」を登録しました。');
  const row = page.getByTestId('documents-table').getByRole('row', { name: /訪問看護指示書_山田様/ });
  await expect(row).toContainText('第2版');
  await expect(row).toContainText('2026年11月20日 〜 2026年12月20日');
  expect(api.calls.find((c) => c.method === 'uploadDocument' && (c.args[0] as { title: string }).title === '訪問看護指示書_山田様')?.args[0]).toMatchObject({
    documentType: 'DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION',
    validFrom: '2026-11-20',
    validUntil: '2026-12-20',
    replacesDocumentId: 'd-instruction',
  });

  // The same file again: already filed, nothing duplicated.
  await dropFile(page, '訪問看護指示書_山田様（再送）.pdf', pdf);
  await dialog.getByLabel('文書の種類').selectOption({ label: 'その他' });
  await dialog.getByRole('button', { name: '登録する' }).click();
  await expect(dialog.getByTestId('upload-progress')).toContainText('すでに登録されていました（重複して登録はしていません）');
  await dialog.getByRole('button', { name: '閉じる', exact: true }).last().click();

  // The version history of the replaced document.
  await row.getByRole('button', { name: /版の履歴/ }).click();
  await expect(page.locator('.documents-table__history')).toHaveCount(2);
});

test('a file dropped outside the patient screen does not navigate the window away', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await expect(page.locator('.patient-row')).toHaveCount(6);
  const url = page.url();
  const prevented = await page.evaluate(() => {
    const inPage = globalThis as unknown as InPage;
    const transfer = new inPage.DataTransfer();
    transfer.items.add(new inPage.File(['%PDF-1.4'], 'x.pdf', { type: 'application/pdf' }));
    const event = new inPage.DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true });
    inPage.document.querySelector('.patient-list-screen')!.dispatchEvent(event);
    return event.defaultPrevented;
  });
  expect(prevented).toBe(true);
  expect(page.url()).toBe(url);
  expect(api.calls.some((c) => c.method === 'stageBytes')).toBe(false);
});

test('watched folder: chosen in this PC’s settings, its files are filed for the patient on screen', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);

  await page.getByRole('button', { name: 'この端末の設定' }).click();
  const settings = page.getByRole('dialog', { name: 'この端末の設定' });
  await expect(settings.getByTestId('watched-folder-path')).toContainText('設定されていません');
  await settings.getByRole('button', { name: 'フォルダーを選ぶ…' }).click();
  await expect(settings.getByTestId('watched-folder-path')).toContainText(SCRIPTED_WATCHED_FOLDER);
  await renkei.screenshot('chart-23-pc-settings');
  await page.keyboard.press('Escape');

  await openPatient(page, '山田 太郎');
  await api.chart.offerWatchedFile('ケアプラン_山田太郎様.pdf', scriptedPdf(['Care plan', 'Yamada Taro']));
  await expect(page.getByRole('tab', { name: /文書/ })).toContainText('1');
  await page.getByRole('tab', { name: /文書/ }).click();
  const panel = page.getByTestId('watched-folder-panel');
  await expect(panel).toContainText('ケアプラン_山田太郎様.pdf');
  await renkei.screenshot('chart-24-watched-folder');
  await panel.getByRole('button', { name: '「ケアプラン_山田太郎様.pdf」を山田 太郎さんの文書として登録' }).click();
  const dialog = page.getByTestId('upload-dialog');
  await expect(dialog).toContainText('監視フォルダーから');
  await dialog.getByLabel('文書の種類').selectOption({ label: 'ケアプラン' });
  await dialog.getByRole('button', { name: '登録する' }).click();
  // Sent once pdf.js has read the file (whose it is, whether it opens): as long as the viewer may
  // take on a busy machine. Pressed before that, 登録する waits for it (upload-dialog.spec).
  await expect(dialog.getByTestId('upload-progress')).toContainText('100% 登録しました。', { timeout: 15_000 });
  await dialog.getByRole('button', { name: '閉じる', exact: true }).last().click();
  await expect(panel).toContainText('登録を待っているファイルはありません。');
  await expect(page.getByTestId('documents-table')).toContainText('ケアプラン_山田太郎様');
});

test('offline: the chart is read-only and says so; a document opened before is read from this PC', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await expect(page.locator('.patient-row')).toHaveCount(6);
  api.update({ online: false });
  await openPatient(page, '山田 太郎');
  await expect(page.getByRole('note').filter({ hasText: '保存済みのカルテを閲覧のみで表示しています' })).toBeVisible();
  await expect(page.getByRole('region', { name: /最近の経過記録/ })).toContainText('この端末の保存データ');

  await page.getByRole('tab', { name: '経過記録' }).click();
  await expect(page.getByRole('button', { name: '経過記録を書く' })).toHaveAttribute('aria-disabled', 'true');
  await expect(page.getByText('この端末に保存された最近の記録だけを表示しています')).toBeVisible();
  await expect(page.locator('article.note').first()).toContainText('昨日より楽になった');
  await expect(page.locator('article.note').getByRole('button', { name: '訂正' })).toHaveCount(0);

  // No new form offline: the server prefills it and addresses it to the care team's office.
  await page.getByRole('tab', { name: '書類' }).click();
  await expect(page.getByRole('button', { name: '新しい書類を作成' })).toHaveAttribute('aria-disabled', 'true');
  await page.getByRole('button', { name: '新しい書類を作成' }).click({ force: true });
  await expect(page.getByRole('dialog', { name: '新しい書類' })).toHaveCount(0);

  await page.getByRole('tab', { name: '文書' }).click();
  await page.getByRole('button', { name: '訪問看護指示書（通常）' }).click();
  const viewer = page.getByTestId('viewer-dialog');
  await expect(viewer).toContainText('この端末に保存された写し');
  await expect(viewer.locator('canvas').first()).toBeVisible({ timeout: 15_000 });
  await renkei.screenshot('chart-25-offline-document');
  await page.keyboard.press('Escape');

  // Dropping a file offline says it cannot be filed now, instead of failing later.
  await dropFile(page, 'scan.pdf', scriptedPdf(['x']));
  await expect(page.getByRole('alert')).toContainText('サーバーに接続できないため、文書を登録できません。');
  await expect(page.getByTestId('upload-dialog')).toHaveCount(0);
});

test('instruction alerts: a lapsed instruction that nothing replaced is said as expired, with what to do', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await openPatient(page, '小鳥遊 ひかり');
  const item = page.getByRole('region', { name: '指示書の有効期限' }).getByRole('listitem');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('期限切れ（5日経過）');
  await expect(item).toContainText('主治医に新しい指示書を依頼してください');
  await expect(page.getByTestId('instruction-alerts')).toHaveClass(/instruction-alerts--expired/);
  await renkei.screenshot('chart-01b-instruction-expired');
});

test('English: the chart speaks English too', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await page.getByRole('button', { name: 'English' }).click();
  await page.locator('.patient-row', { hasText: '小鳥遊' }).click();
  await expect(page.getByRole('region', { name: 'Instruction validity' })).toContainText('Expired 5 days ago');
  await expect(page.getByRole('tab', { name: 'Progress notes' })).toBeVisible();
  await page.getByRole('tab', { name: 'Consent' }).click();
  await expect(page.getByRole('tabpanel', { name: 'Consent' })).toContainText('This patient is shared with every office on the care team.');
  await renkei.screenshot('chart-26-english');
  // A new form's addressee, in English too.
  await page.getByRole('tab', { name: 'Forms' }).click();
  await page.getByRole('button', { name: 'New form' }).click();
  const dialog = page.getByRole('dialog', { name: 'New form' });
  await dialog.getByLabel('Kind of form').selectOption({ label: 'Visiting nursing instruction' });
  await expect(dialog.getByLabel('Addressee').locator('option:checked')).toHaveText('みやざき訪問看護ステーション (Visiting nurse 鈴木 恵子)');
  await expect(dialog).toContainText("Creating the form writes the addressee's office and people into it.");
  await renkei.screenshot('chart-27-english-addressee');
});

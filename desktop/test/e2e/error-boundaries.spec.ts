// A part of the window that fails while rendering says so in its place, and the rest of the window
// keeps working: a chart tab, the document viewer. The scripted API's answers are broken on
// purpose, in the test (a note without its SOAP text, a document without its bytes), as a bug or a
// malformed record would break them; the screens must not go blank.
import type { SoapText } from '../../src/shared/desktop-api';
import { expect, test } from './fixtures';
import { ScriptedDesktopApi } from './scripted-desktop-api';

const FAILED = 'この部分を表示できませんでした。';

test('a tab that fails to render says so in its panel; the header, the other tabs and the status bar still work, and 再読み込み draws it again', async ({
  renkei,
}) => {
  const api = ScriptedDesktopApi.loggedIn();
  const listNotes = api.listNotes.bind(api);
  let broken = true;
  api.listNotes = async (patientId, options) => {
    const page = await listNotes(patientId, options);
    return broken ? { ...page, notes: page.notes.map((note) => ({ ...note, soap: null as unknown as SoapText })) } : page;
  };
  const { page } = renkei;
  await renkei.open(api);
  await page.locator('.patient-row', { hasText: '山田 太郎' }).click();
  await page.getByRole('tab', { name: '経過記録' }).click();

  const notes = page.getByRole('tabpanel', { name: '経過記録' });
  await expect(notes.getByRole('alert')).toContainText(FAILED);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('山田 太郎');
  await expect(page.getByRole('region', { name: '指示書の有効期限' })).toBeVisible();
  await expect(page.getByTestId('tunnel-status')).toBeVisible();
  await renkei.screenshot('pane-01-tab-failed');

  await page.getByRole('tab', { name: '概要' }).click();
  await expect(page.getByRole('region', { name: '最近の経過記録' })).toContainText('昨日より楽になった');

  broken = false;
  await page.getByRole('tab', { name: '経過記録' }).click();
  await notes.getByRole('button', { name: '再読み込み' }).click();
  await expect(notes.locator('article.note').first()).toContainText('昨日より楽になった');
  await expect(notes.getByRole('alert')).toHaveCount(0);
  expect(renkei.problems.filter((problem) => /Content Security Policy/i.test(problem))).toEqual([]);
});

test('a document the viewer fails to draw says so in the viewer; closing it leaves the chart as it was', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const openDocument = api.openDocument.bind(api);
  api.openDocument = async (...args: Parameters<typeof openDocument>) => ({ ...(await openDocument(...args)), bytes: undefined as unknown as Uint8Array });
  const { page } = renkei;
  await renkei.open(api);
  await page.locator('.patient-row', { hasText: '山田 太郎' }).click();
  await page.getByRole('tab', { name: '文書' }).click();
  await page.getByRole('button', { name: '訪問看護指示書（通常）' }).click();

  const viewer = page.getByTestId('viewer-dialog');
  await expect(viewer.getByRole('alert')).toContainText(FAILED);
  await expect(viewer.getByRole('heading', { name: '訪問看護指示書（通常）' })).toBeVisible();
  await renkei.screenshot('pane-02-viewer-failed');
  await page.keyboard.press('Escape');
  await expect(viewer).toHaveCount(0);
  await expect(page.getByTestId('documents-table')).toContainText('訪問看護指示書（通常）');
  expect(renkei.problems.filter((problem) => /Content Security Policy/i.test(problem))).toEqual([]);
});

// A clinic PC whose zone is set wrong (here New York, 14 hours behind Japan in winter and 13 in
// summer) still shows the chart in Japan time: a note observed at 09:30 in Japan says 09:30, a
// document says the day and time it was filed in Japan, and "today" for the instruction alerts is
// today in Japan. The browser's clock is pinned to 09:00 in Japan, when New York is still on the
// day before, so a screen that used the PC's zone would show other days and times. Screenshots land
// in test-results/screenshots (japan-time-*).
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { dayFromToday } from './scripted-chart';
import { ScriptedDesktopApi } from './scripted-desktop-api';

test.use({ timezoneId: 'America/New_York' });

test.afterEach(({ renkei }) => {
  expect(renkei.problems, 'console errors (CSP violations, exceptions)').toEqual([]);
});

const HOUR_MS = 3_600_000;

/** Japan is UTC+9 all year, so its wall clock is the UTC clock moved nine hours: no zone database needed. */
function japanWallClock(iso: string): { day: string; time: string } {
  const shifted = new Date(Date.parse(iso) + 9 * HOUR_MS).toISOString();
  return { day: shifted.slice(0, 10), time: shifted.slice(11, 16) };
}

/** 2026-12-09 → 2026/12/09 (the record times on the Japanese screen). */
const slashed = (day: string) => day.replaceAll('-', '/');
/** 2026-12-09 → 09/12/2026 (the record times on the English screen). */
const british = (day: string) => day.split('-').reverse().join('/');
/** 2026-12-09 → 2026年12月9日 (a record day on the Japanese screen). */
const kanjiDay = (day: string) => {
  const [year, month, date] = day.split('-').map(Number);
  return `${year}年${month}月${date}日`;
};

async function openPatient(page: Page, name: string): Promise<void> {
  await page.locator('.patient-row', { hasText: name }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
}

test('a PC set to New York shows the chart in Japan time: a note’s time, a document’s date, today’s instruction alerts', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  const today = dayFromToday(0);
  const yesterday = dayFromToday(-1);
  // 09:00 today in Japan: 19:00 or 20:00 yesterday in New York.
  await page.clock.setFixedTime(new Date(`${today}T00:00:00Z`));
  await renkei.open(api);
  expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/New_York');
  const newYorkDay = await page.evaluate(() => new Date().toLocaleDateString('en-CA'));
  expect(newYorkDay, 'the PC’s own day must differ from Japan’s, or this test proves nothing').toBe(yesterday);

  await openPatient(page, '山田 太郎');

  // Today's alerts: the instruction ends three days after today in Japan (four after New York's day).
  const alerts = page.getByRole('region', { name: '指示書の有効期限' });
  await expect(alerts.getByRole('listitem')).toHaveCount(1);
  await expect(alerts).toContainText('あと3日');
  await expect(alerts).toContainText(`有効期限 ${kanjiDay(dayFromToday(3))}`);

  // A note observed at 09:30 yesterday in Japan: typed in Japan time, sent as that instant, shown so.
  await page.getByRole('tab', { name: '経過記録' }).click();
  await page.getByRole('button', { name: '経過記録を書く' }).click();
  await expect(page.getByLabel('観察日時'), 'the observed time starts as now in Japan').toHaveValue(`${today} 09:00`);
  await page.getByLabel('観察日時').fill(`${yesterday} 09:30`);
  await page.getByLabel('S（主観的情報）').fill('朝の訪問: 息苦しさなし');
  await page.getByRole('button', { name: '経過記録を保存' }).click();
  await expect(page.getByTestId('chart-notice')).toContainText('経過記録を保存しました。');
  const written = api.calls.filter((call) => call.method === 'writeNote').at(-1)?.args[0] as { observedAt: string };
  expect(written.observedAt).toBe(`${yesterday}T00:30:00.000Z`);
  const note = page.locator('.note', { hasText: '朝の訪問: 息苦しさなし' });
  await expect(note).toContainText(`${slashed(yesterday)} 09:30`);
  await renkei.screenshot('japan-time-01-notes-ja');

  // A document: the day it was issued, and the day and time it was filed, in Japan.
  const consentForm = api.chart.listDocuments('p-yamada').find((doc) => doc.title === '患者同意書（署名済み）')!;
  const filed = japanWallClock(consentForm.uploadedAt);
  await page.getByRole('tab', { name: '文書' }).click();
  const row = page.getByTestId('documents-table').getByRole('row', { name: /患者同意書（署名済み）/ });
  await expect(row).toContainText('2025年6月1日');
  await expect(row).toContainText(`${slashed(filed.day)} ${filed.time}`);
  await renkei.screenshot('japan-time-02-documents-ja');

  // The same in English, with its plural.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('region', { name: 'Instruction validity' })).toContainText('3 days left');
  await expect(page.getByTestId('documents-table').getByRole('row', { name: /患者同意書（署名済み）/ })).toContainText(`${british(filed.day)}, ${filed.time}`);
  await renkei.screenshot('japan-time-03-documents-en');
  await page.getByRole('tab', { name: 'Progress notes' }).click();
  await expect(page.locator('.note', { hasText: '朝の訪問: 息苦しさなし' })).toContainText(`${british(yesterday)}, 09:30`);
  await page.getByRole('tab', { name: 'Overview' }).click();
  await renkei.screenshot('japan-time-04-overview-en');
});

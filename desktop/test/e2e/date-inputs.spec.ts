// Dates are typed and read the same under any browser locale: the day and date-time inputs are
// Renkei's own (not <input type=date>, which shows mm/dd/yyyy and AM/PM under an en-US Chromium),
// take 和暦 as well as 西暦, show the day they read back, and say what is wrong with a day an era
// never had. The 和暦 choice then applies to note times and birth dates, and is the user's own,
// kept across logout and login. Run under en-US and ja-JP; screenshots date-inputs-<locale>-*.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { SCRIPTED_LOGIN, ScriptedDesktopApi } from './scripted-desktop-api';

test.afterEach(({ renkei }) => {
  expect(renkei.problems, 'console errors (CSP violations, exceptions)').toEqual([]);
});

/** The browser globals used in the page (this file compiles without the DOM library). */
interface InPage {
  navigator: { language: string };
  localStorage: Record<string, string>;
}

async function openPatient(page: Page, name: string): Promise<void> {
  await page.locator('.patient-row', { hasText: name }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
}

for (const locale of ['en-US', 'ja-JP'] as const) {
  test.describe(`under a ${locale} browser`, () => {
    test.use({ locale });

    test('days and times are typed in 和暦 or 西暦, read back, and refused with the reason', async ({ renkei }) => {
      const api = ScriptedDesktopApi.loggedIn();
      const { page } = renkei;
      await renkei.open(api);
      expect(await page.evaluate(() => (globalThis as unknown as InPage).navigator.language)).toBe(locale);
      await openPatient(page, '山田 太郎');

      // A note's observed time: one text box, 24-hour, whatever the browser's locale.
      await page.getByRole('tab', { name: '経過記録' }).click();
      await page.getByRole('button', { name: '経過記録を書く' }).click();
      const observed = page.getByLabel('観察日時');
      await expect(observed).toHaveAttribute('type', 'text');
      await expect(observed).toHaveValue(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
      await observed.fill('R8.12.6 14:05');
      const noteForm = page.locator('.note-form');
      await expect(noteForm.getByTestId('day-input-echo')).toHaveText('令和8年12月6日（日）・2026年 14:05');
      await observed.fill('2026-12-06 2:05 PM');
      await expect(noteForm.getByTestId('day-input-problem')).toBeVisible();
      await observed.fill('２０２６／１２／６ １４：０５');
      await expect(noteForm.getByTestId('day-input-echo')).toHaveText('令和8年12月6日（日）・2026年 14:05');
      await renkei.screenshot(`date-inputs-${locale}-1-note-time`);
      await page.getByLabel('S（主観的情報）').fill('和暦で入力した観察日時');
      await page.getByRole('button', { name: '経過記録を保存' }).click();
      await expect(page.getByTestId('chart-notice')).toContainText('経過記録を保存しました。');
      const written = api.calls.filter((call) => call.method === 'writeNote').at(-1)?.args[0] as { observedAt: string };
      expect(written.observedAt, '14:05 in Japan').toBe('2026-12-06T05:05:00.000Z');
      const note = page.locator('article.note', { hasText: '和暦で入力した観察日時' });
      await expect(note).toContainText('2026/12/06 14:05');

      // 和暦 on: the note's time and the birth date follow.
      await page.getByLabel('日付を和暦で表示').check();
      await expect(note).toContainText('令和8年12月6日 14:05');
      await page.getByRole('tab', { name: '概要' }).click();
      await expect(page.locator('.facts--profile')).toContainText(/(昭和|大正|平成)\d+年\d+月\d+日（\d{4}年）/);
      await renkei.screenshot(`date-inputs-${locale}-2-overview-wareki`);

      // A day in a dialog: the era boundary is refused with the day that was meant.
      await page.getByRole('button', { name: /患者一覧に戻る/ }).click();
      await openPatient(page, '髙橋 花子');
      await page.getByRole('tab', { name: '同意' }).click();
      await page.getByRole('button', { name: '同意を記録' }).click();
      const record = page.getByRole('dialog', { name: '患者同意の記録' });
      const obtained = record.getByLabel('同意取得日');
      await expect(obtained).toHaveAttribute('type', 'text');
      await obtained.fill('H31.5.1');
      await expect(record.getByTestId('day-input-problem')).toHaveText(
        '平成31年5月1日という日はありません（2019年5月1日は令和元年5月1日です）。元号を確かめてください。',
      );
      await expect(obtained).toHaveAttribute('aria-invalid', 'true');
      await renkei.screenshot(`date-inputs-${locale}-3-era-boundary`);
      await obtained.fill('R1.4.30');
      await expect(record.getByTestId('day-input-problem')).toContainText('令和元年4月30日という日はありません（2019年4月30日は平成31年4月30日です）');
      await obtained.fill('令和元年5月1日');
      await expect(record.getByTestId('day-input-echo')).toHaveText('令和元年5月1日（水）・2019年');
      await obtained.fill('20190430');
      await expect(record.getByTestId('day-input-echo')).toHaveText('平成31年4月30日（火）・2019年');
      await obtained.fill('2019/2/30');
      await expect(record.getByTestId('day-input-problem')).toHaveText('その月にその日はありません。月と日を確かめてください。');
      await renkei.screenshot(`date-inputs-${locale}-4-consent-day`);
      await page.keyboard.press('Escape');

      // The choice is this user's, kept across logout and login on this PC.
      const keys = await page.evaluate(() => Object.keys((globalThis as unknown as InPage).localStorage));
      expect(keys.some((key) => key.startsWith('renkei.recordDays.era.'))).toBe(true);
      await page.getByRole('button', { name: 'ログアウト' }).click();
      await page.getByLabel('ユーザーID').fill(SCRIPTED_LOGIN.loginId);
      await page.getByLabel('パスワード').fill(SCRIPTED_LOGIN.password);
      await page.getByLabel('パスワード').press('Enter');
      await openPatient(page, '山田 太郎');
      await expect(page.getByLabel('日付を和暦で表示')).toBeChecked();
    });
  });
}

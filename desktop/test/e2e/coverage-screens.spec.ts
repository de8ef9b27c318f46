// 概要's instruction in force and insurance/certification cards, and the patient list's marks,
// over the scripted API at 1366×768 (its rules are the product's, from proto chart-rules): 山田 太郎's
// normal instruction ends in 3 days and his 要介護認定 in 45. Screenshots land in
// test-results/screenshots (coverage-*).
import { expect, test } from './fixtures';
import { ScriptedDesktopApi } from './scripted-desktop-api';

test.afterEach(({ renkei }) => {
  expect(renkei.problems, 'console errors (CSP violations, exceptions)').toEqual([]);
});

test('the list marks an instruction ending soon and a certification to renew; 概要 shows both with their periods', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);

  const yamada = page.locator('.patient-row', { hasText: '山田 太郎' });
  await expect(yamada.getByTestId('instruction-mark')).toHaveText('指示書 あと3日');
  await expect(yamada.getByTestId('certification-mark')).toHaveText('認定 あと45日');
  // A patient with no instruction and no certification on record carries no marks.
  const others = page.locator('.patient-row', { hasNotText: '山田 太郎' });
  await expect(others.first()).toBeVisible();
  await expect(others.getByTestId('certification-mark')).toHaveCount(0);
  await yamada.scrollIntoViewIfNeeded();
  await renkei.screenshot('coverage-01-list-marks');

  await yamada.click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('山田 太郎');
  const instruction = page.getByRole('region', { name: '訪問看護指示書' });
  await expect(instruction).toContainText('あと3日で終了');
  await expect(instruction).toContainText('訪問看護指示書（通常）');
  await expect(instruction).toContainText('指示期間');
  const coverage = page.getByRole('region', { name: '保険・認定' });
  await expect(coverage).toContainText('認定期限まであと45日');
  await expect(coverage).toContainText('更新申請の時期です');
  await expect(coverage).toContainText('要介護3');
  await expect(coverage).toContainText('39450010');
  await expect(coverage).toContainText('1割');
  await expect(coverage).toContainText('0000345678');
  await expect(coverage).toContainText('B2');
  await expect(coverage).toContainText('Ⅱa');
  await instruction.scrollIntoViewIfNeeded();
  await renkei.screenshot('coverage-02-overview-cards');
});

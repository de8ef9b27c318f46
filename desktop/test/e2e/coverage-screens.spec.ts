// 概要's instruction in force and insurance/certification cards, and the patient list's marks,
// over the scripted API at 1366×768 (its rules are the product's, from proto chart-rules): 山田 太郎's
// normal instruction ends in 3 days and his 要介護認定 in 45. Entering and changing 保険・認定: the
// card numbers are checked as typed by the shared rule, what the server refuses (scripted with
// refuseNext, as the double keeps no number rules) is said at its field, a colleague's newer
// version is not overwritten, and a role the chart policy keeps from writing INSURANCE gets no
// button. Screenshots land in test-results/screenshots (coverage-*).
import type { Page } from '@playwright/test';
import { checkDigitOf } from '@renkei/proto/chart-rules';
import type { RecordCoverageInput } from '../../src/shared/coverage-views';
import { expect, test } from './fixtures';
import { dayFromToday, userFacing } from './scripted-chart';
import { ScriptedDesktopApi } from './scripted-desktop-api';

const withCheckDigit = (digits: string) => `${digits}${checkDigitOf(digits)}`;

async function openPatient(page: Page, name: string): Promise<void> {
  await page.locator('.patient-row', { hasText: name }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
}

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

test('a doctor records insurance for a patient with none: a wrong check digit is said as it is typed, 和暦 is read, and the card shows version 1', async ({
  renkei,
}) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await openPatient(page, '髙橋 花子');
  const card = page.getByRole('region', { name: '保険・認定' });
  await expect(card).toContainText('保険・認定はまだ登録されていません。');
  await card.getByRole('button', { name: '保険・認定を記録' }).click();

  const dialog = page.getByTestId('coverage-dialog');
  await expect(dialog.getByRole('heading', { name: /保険・認定の記録/ })).toBeVisible();
  const medical = dialog.getByTestId('coverage-medical');
  const insurer = medical.getByLabel('保険者番号', { exact: true });
  // One digit wrong in the last place: said at once, in the server's words, before any save.
  await insurer.fill('39450011');
  await expect(medical).toContainText('保険者番号の検証番号（最後の1桁）が合いません');
  await expect(insurer).toHaveAttribute('aria-invalid', 'true');
  await renkei.screenshot('coverage-03-check-digit');
  // Full-width digits as copied from a card are the same number.
  await insurer.fill('３９４５００１０');
  await expect(medical).not.toContainText('が合いません');
  await medical.getByLabel('番号', { exact: true }).fill('00123456');
  await medical.getByLabel('負担割合').selectOption({ label: '1割' });
  await medical.getByRole('button', { name: '＋ 公費を追加' }).click();
  await medical.getByLabel('公費の種類').fill('指定難病');
  await medical.getByLabel('公費負担者番号').fill(withCheckDigit('5445001'));
  await medical.getByLabel('受給者番号').fill(withCheckDigit('123456'));

  const care = dialog.getByTestId('coverage-long-term-care');
  await care.getByLabel('保険者番号', { exact: true }).fill('452017');
  // Typed short: nothing said while typing, the length once the field is left.
  const insured = care.getByLabel('被保険者番号');
  await insured.fill('00003456');
  await expect(care).not.toContainText('10桁です');
  await insured.blur();
  await expect(care).toContainText('介護保険の被保険者番号は10桁です。保険証の記載を確認してください。');
  await insured.fill('0000345678');
  await expect(care).not.toContainText('10桁です');
  await care.getByLabel('負担割合').selectOption({ label: '2割' });

  const certification = dialog.getByTestId('coverage-certification');
  await certification.getByLabel('要介護度').selectOption({ label: '要介護2' });
  await certification.getByLabel('有効期間の開始日').fill('R8.4.1');
  await expect(certification).toContainText('令和8年4月1日');
  await certification.getByLabel('有効期間の終了日').fill(dayFromToday(30));
  const independence = dialog.getByTestId('coverage-independence');
  await independence.getByLabel('障害高齢者の日常生活自立度（寝たきり度）').selectOption({ label: 'B1' });
  await independence.getByLabel('認知症高齢者の日常生活自立度').selectOption({ label: 'Ⅱa' });
  await certification.scrollIntoViewIfNeeded();
  await renkei.screenshot('coverage-04-entry-dialog');

  await dialog.getByTestId('coverage-save').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText('保険・認定を保存しました（第1版）。')).toBeVisible();
  const sent = api.calls.find((c) => c.method === 'recordCoverage')!.args[0] as RecordCoverageInput;
  expect(sent).toMatchObject({
    patientId: 'p-takahashi',
    baseVersion: 0,
    // Read as the rules read it: full-width digits are sent as the number they are.
    medical: { insurerNumber: '39450010', number: '00123456', copayTenths: 1, publicExpenses: [{ name: '指定難病' }] },
    longTermCare: { insurerNumber: '452017', insuredNumber: '0000345678', copayTenths: 2 },
    certification: { careLevel: 'CARE_LEVEL_CARE_2', validFrom: '2026-04-01', validUntil: dayFromToday(30) },
    disabilityIndependence: 'DISABILITY_INDEPENDENCE_B1',
    dementiaIndependence: 'DEMENTIA_INDEPENDENCE_IIA',
  });
  await expect(card).toContainText('要介護2');
  await expect(card).toContainText('認定期限まであと30日');
  await expect(card).toContainText('指定難病');
  await expect(card).toContainText('2割');
  await expect(card).toContainText('第1版');
  await expect(card.getByRole('button', { name: '保険・認定を変更' })).toBeVisible();
  await card.scrollIntoViewIfNeeded();
  await renkei.screenshot('coverage-05-card-after-entry');
});

test("a change the server refuses is said at its field with what was typed kept; a colleague's newer version is not overwritten, and the history lists every version", async ({
  renkei,
}) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await openPatient(page, '山田 太郎');
  const card = page.getByRole('region', { name: '保険・認定' });
  await card.getByRole('button', { name: '保険・認定を変更' }).click();
  const dialog = page.getByTestId('coverage-dialog');
  await expect(dialog.getByRole('heading', { name: /第1版から/ })).toBeVisible();
  // Prefilled from the current version.
  await expect(dialog.getByTestId('coverage-medical').getByLabel('保険者番号')).toHaveValue('39450010');
  await expect(dialog.getByTestId('coverage-long-term-care').getByLabel('被保険者番号')).toHaveValue('0000345678');
  await expect(dialog.getByTestId('coverage-certification').getByLabel('要介護度')).toHaveValue('CARE_LEVEL_CARE_3');

  const until = dialog.getByTestId('coverage-certification').getByLabel('有効期間の終了日');
  await until.fill('2031-03-31');
  await dialog.getByLabel('変更理由').fill('認定更新の結果');
  api.refuseNext(
    'recordCoverage',
    userFacing('INVALID_REQUEST', { fields: 'certification.validUntil' }, [
      { field: 'certification.validUntil', reason: 'CERTIFICATION_PERIOD_TOO_LONG', parameters: { months: '48' } },
    ]),
  );
  await dialog.getByTestId('coverage-save').click();
  await expect(dialog.getByTestId('coverage-certification')).toContainText('認定の有効期間は48か月以内です。認定通知書の期間を確認してください。');
  await expect(until).toHaveAttribute('aria-invalid', 'true');
  await expect(until).toBeFocused();
  await expect(dialog.getByLabel('変更理由')).toHaveValue('認定更新の結果');
  await renkei.screenshot('coverage-06-server-refusal-at-field');

  // The care manager's station records version 2 meanwhile: this save would overwrite it.
  await until.fill(dayFromToday(364));
  await expect(dialog.getByTestId('coverage-certification')).not.toContainText('48か月');
  api.recordCoverageAsColleague('p-yamada', { changeReason: '負担割合証の更新' });
  await dialog.getByTestId('coverage-save').click();
  const notice = dialog.getByRole('alert');
  await expect(notice).toContainText('保険・認定の記録は、すでに別の人が更新しています（第2版）');
  await expect(notice).toContainText('この内容は保存されていません');
  // The dialog still says which version this was typed on; the way on is in view, focused.
  await expect(dialog.getByRole('heading', { name: /第1版から/ })).toBeVisible();
  const reopen = notice.getByRole('button', { name: '最新の内容を開き直す' });
  await expect(reopen).toBeFocused();
  await expect(reopen).toBeInViewport();
  await renkei.screenshot('coverage-07-superseded');
  await reopen.click();
  await expect(dialog.getByRole('heading', { name: /第2版から/ })).toBeVisible();
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await dialog.getByTestId('coverage-certification').getByLabel('有効期間の終了日').fill(dayFromToday(364));
  await dialog.getByLabel('変更理由').fill('認定更新の結果');
  await dialog.getByTestId('coverage-save').click();
  await expect(dialog).toHaveCount(0);
  await expect(card).toContainText('第3版');
  // 364 days left: no renewal alert any more.
  await expect(card).not.toContainText('認定期限まで');
  expect(api.calls.filter((c) => c.method === 'recordCoverage').map((c) => (c.args[0] as RecordCoverageInput).baseVersion)).toEqual([1, 1, 2]);

  await card.getByRole('button', { name: '履歴' }).click();
  const history = page.getByTestId('coverage-history-dialog');
  const versions = history.getByTestId('coverage-version');
  await expect(versions).toHaveCount(3);
  await expect(versions.nth(0)).toContainText('第3版');
  await expect(versions.nth(0)).toContainText('現在の内容');
  await expect(versions.nth(0)).toContainText('変更理由: 認定更新の結果');
  await expect(versions.nth(0)).toContainText('田中 一郎（宮崎在宅クリニック）');
  await expect(versions.nth(1)).toContainText('鈴木 恵子（みやざき訪問看護ステーション）');
  await expect(versions.nth(1)).toContainText('変更理由: 負担割合証の更新');
  await expect(versions.nth(2)).toContainText('最初の登録');
  await expect(versions.nth(2)).toContainText('黒木 健一');
  await renkei.screenshot('coverage-08-history');
});

test('a role the chart policy keeps from writing INSURANCE reads the card and may open its history, but is offered no button to change it', async ({
  renkei,
}) => {
  const reader = ScriptedDesktopApi.loggedIn();
  reader.limitAccess('INSURANCE', { canWrite: false });
  const { page } = renkei;
  await renkei.open(reader);
  await openPatient(page, '山田 太郎');
  const card = page.getByRole('region', { name: '保険・認定' });
  await expect(card).toContainText('39450010');
  await expect(card.getByTestId('coverage-edit')).toHaveCount(0);
  await expect(card.getByRole('button', { name: '履歴' })).toBeVisible();
  await page.keyboard.press('Escape');
  await openPatient(page, '髙橋 花子');
  await expect(card).toContainText('まだ登録されていません');
  await expect(card.getByRole('button', { name: '保険・認定を記録' })).toHaveCount(0);
});

test('offline the writer sees the button disabled with the reason, and no dialog opens', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await expect(page.locator('.patient-row')).toHaveCount(6);
  api.update({ online: false });
  await openPatient(page, '山田 太郎');
  const change = page.getByRole('region', { name: '保険・認定' }).getByRole('button', { name: '保険・認定を変更' });
  await expect(change).toHaveAttribute('aria-disabled', 'true');
  await expect(change).toHaveAttribute('title', /サーバーに接続できないため/);
  // Playwright will not click what says it is disabled; a user can, and nothing opens.
  await change.click({ force: true });
  await expect(page.getByTestId('coverage-dialog')).toHaveCount(0);
  expect(api.calls.filter((c) => c.method === 'recordCoverage')).toEqual([]);
});

test('English: the entry dialog and the check-digit problem speak English too', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await page.getByRole('button', { name: 'English' }).click();
  await page.locator('.patient-row', { hasText: '髙橋' }).click();
  const card = page.getByRole('region', { name: 'Insurance and certification' });
  await card.getByRole('button', { name: 'Record insurance' }).click();
  const dialog = page.getByTestId('coverage-dialog');
  const medical = dialog.getByTestId('coverage-medical');
  await medical.getByLabel('Insurer number', { exact: true }).fill('39450011');
  await expect(medical).toContainText('The check digit (last digit) of the insurer number does not match. Check the number on the card digit by digit.');
  await expect(dialog.getByTestId('coverage-certification')).toContainText('Valid from');
  await renkei.screenshot('coverage-09-english');
});

// Hospital data in, a referral letter out, end to end on real parts: the demo region's server
// imported the SS-MIX2 sample for the model patient (as `renkei-admin import ssmix2` does) and its
// offices carry their 保険医療機関番号; in Chromium over the real desktop core, the attending doctor
// writes a 診療情報提供書 to a hospital that is not on Renkei, finalises it, and 「FHIRで出力」 is
// refused until a version gives the hospital's number, in the server's words with what to do. The
// file then saved (where the stand-in save dialog says) validates as a JP-CLINS eReferral document
// against the published profiles, and names both offices by their numbers and the patient in kana.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fhirErrors } from '@renkei/backend/test-support';
import { namespaceTestsUnavailable } from '@renkei/wireguard/testing';
import type { ClinicPc, DemoRegion } from '../../region/demo-region';
import { demoRegionWithClinicPc, logInOnDemo } from './demo-journeys';
import { expect, test } from './fixtures';

const unavailable = namespaceTestsUnavailable();
if (unavailable && process.env.CI) throw new Error(`CI must run the journey over the real tunnel: ${unavailable}`);

const MODEL_PATIENT = '宮崎 未来斗';
/** A fictional, valid number for a hospital that is not on Renkei. */
const PREFECTURAL_HOSPITAL = '4519901005';

let region: DemoRegion;
let doctorPc: ClinicPc;
const saveDir = mkdtempSync(join(tmpdir(), 'renkei-fhir-export-'));
test.describe.configure({ timeout: 300_000, mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  ({ region, clinicPc: doctorPc } = await demoRegionWithClinicPc());
});
test.afterAll(async () => {
  rmSync(saveDir, { recursive: true, force: true });
  await region?.stop();
});

test.afterEach(({ renkei }) => {
  expect(renkei.problems, 'console errors (CSP violations, exceptions)').toEqual([]);
});

test('a letter to a hospital not on Renkei: refused without its number, then saved as a JP-CLINS document that validates', async ({ renkei }) => {
  const { page } = renkei;
  await renkei.open(doctorPc.api, { chooseSavePath: async (suggested) => join(saveDir, suggested) });
  await logInOnDemo(page, region, 'dr.kuroki');
  await page.locator('.patient-row', { hasText: MODEL_PATIENT }).first().click({ timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1 })).toContainText(MODEL_PATIENT);

  await page.getByRole('tab', { name: '書類' }).click();
  await page.getByRole('button', { name: '新しい書類を作成' }).click();
  const dialog = page.getByRole('dialog', { name: '新しい書類' });
  await dialog.getByLabel('書類の種類').selectOption({ label: '診療情報提供書' });
  await dialog.getByLabel('宛先').selectOption({ label: '選ばない（あとで記入）' });
  await dialog.getByRole('button', { name: '作成を始める' }).click();
  const editor = page.getByTestId('form-editor');
  await editor.getByLabel('紹介先医療機関').fill('県立宮崎病院');
  await editor.getByLabel('診療科').fill('外科');
  const diagnosis = editor.getByLabel('傷病名', { exact: true });
  if ((await diagnosis.inputValue()) === '') await diagnosis.fill('仙骨部褥瘡');
  await editor.getByLabel('紹介目的', { exact: true }).fill('褥瘡のデブリードマンのご相談');
  await editor.getByRole('button', { name: '作成して保存' }).click();
  await expect(page.getByTestId('chart-notice')).toContainText('第1版として保存しました。', { timeout: 30_000 });
  await editor.getByRole('button', { name: '確定…' }).click();
  await page.getByRole('dialog', { name: '第1版を確定しますか？' }).getByRole('button', { name: '確定する' }).click();
  await expect(page.getByTestId('finalised-banner')).toContainText('第1版は確定済みです。', { timeout: 30_000 });

  // The hospital is on no Renkei record and the letter gives no number: refused, saying what to do.
  const exportButton = editor.getByRole('button', { name: 'FHIRで出力' });
  await exportButton.click();
  await expect(editor.getByRole('alert')).toContainText('「紹介先の医療機関コード」に番号を記入した版を確定してから出力してください', { timeout: 30_000 });
  expect(readdirSync(saveDir)).toEqual([]);
  await renkei.screenshot('fhir-export-journey-1-refused');

  await page.getByTestId('finalised-banner').getByRole('button', { name: '新しい版を作成' }).click();
  await editor.getByLabel('紹介先の医療機関コード').fill(PREFECTURAL_HOSPITAL);
  await editor.getByRole('button', { name: '第2版として保存' }).click();
  await expect(page.getByTestId('chart-notice')).toContainText('第2版として保存しました。', { timeout: 30_000 });
  await editor.getByRole('button', { name: '確定…' }).click();
  await page.getByRole('dialog', { name: '第2版を確定しますか？' }).getByRole('button', { name: '確定する' }).click();
  await expect(page.getByTestId('finalised-banner')).toContainText('第2版は確定済みです。', { timeout: 30_000 });
  await exportButton.click();
  await expect(editor.getByTestId('form-fhir-saved')).toContainText('に保存しました。', { timeout: 30_000 });
  await renkei.screenshot('fhir-export-journey-2-saved');

  // (The harness's save dialog names the file itself: a function cannot cross to the clinic host.)
  expect(readdirSync(saveDir)).toEqual(['fhir.json']);
  const bundle = JSON.parse(readFileSync(join(saveDir, 'fhir.json'), 'utf8'));
  expect(fhirErrors(bundle)).toEqual([]);
  expect(bundle.meta.profile[0]).toContain('JP_Bundle_eReferral');
  const resources = (bundle.entry as { resource: Record<string, any> }[]).map((e) => e.resource);
  expect(resources[0]!.resourceType).toBe('Composition');
  const offices = resources.filter((r) => r.resourceType === 'Organization').map((o) => [o.name, o.identifier[0].value]);
  expect(offices).toEqual([
    ['みやざき在宅クリニック', '4519900106'],
    ['県立宮崎病院', PREFECTURAL_HOSPITAL],
  ]);
  const patient = resources.find((r) => r.resourceType === 'Patient')!;
  expect(JSON.stringify(patient.name)).toContain('ミヤザキ');
  // The hospital's patient ID goes with the demo hospital's number, as imported from SS-MIX2.
  expect(patient.identifier.map((i: { value: string }) => i.value)).toContain('9999013');
  const pdf = resources.find((r) => r.resourceType === 'DocumentReference')!;
  expect(Buffer.from(pdf.content[0].attachment.data, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
});

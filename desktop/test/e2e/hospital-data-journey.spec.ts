// Hospital data (病院データ) end to end on real parts: the demo region's server imported the SS-MIX2
// sample storage (`renkei-admin demo` links the model patient to the demo hospital and runs the
// same import as `renkei-admin import ssmix2`); the screens in Chromium over the real desktop core
// show it on 概要 with its source, apart from the team's own lists; with the server down the
// overview read from the PC's cache still shows it.
import { namespaceTestsUnavailable } from '@renkei/wireguard/testing';
import type { ClinicPc, DemoRegion } from '../../region/demo-region';
import { demoRegionWithClinicPc, logInOnDemo } from './demo-journeys';
import { expect, test } from './fixtures';

const unavailable = namespaceTestsUnavailable();
if (unavailable && process.env.CI) throw new Error(`CI must run the journey over the real tunnel: ${unavailable}`);

const MODEL_PATIENT = '宮崎 未来斗';

let region: DemoRegion;
let doctorPc: ClinicPc;
test.describe.configure({ timeout: 300_000, mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  ({ region, clinicPc: doctorPc } = await demoRegionWithClinicPc());
});
test.afterAll(async () => {
  await region?.stop();
});

test.afterEach(({ renkei }) => {
  expect(renkei.problems, 'console errors (CSP violations, exceptions)').toEqual([]);
});

test("the attending doctor reads the hospital's prescriptions on 概要 with their source, online and then offline from the cache", async ({ renkei }) => {
  const { page } = renkei;
  await renkei.open(doctorPc.api);
  await logInOnDemo(page, region, 'dr.kuroki');
  await page.locator('.patient-row', { hasText: MODEL_PATIENT }).first().click({ timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1 })).toContainText(MODEL_PATIENT);

  const card = page.getByRole('region', { name: '病院データ' });
  await expect(card).toBeVisible({ timeout: 30_000 });
  await expect(card).toContainText('宮崎中央病院');
  await expect(card).toContainText('9999013');
  const prescriptions = card.getByRole('region', { name: '処方（病院）' });
  // The sample's prescription (2011): long ended, shown as the hospital's most recent, with its message.
  await expect(prescriptions).toContainText('OMP-01');
  await expect(prescriptions).toContainText('終了');
  const shownOnline = (await prescriptions.textContent()) ?? '';
  await card.scrollIntoViewIfNeeded();
  await renkei.screenshot('hospital-data-journey-online');

  // The line drops: the overview comes from this PC's cache, hospital data and all.
  await region.stopServer();
  await page.reload();
  await page.locator('.patient-row', { hasText: MODEL_PATIENT }).first().click({ timeout: 30_000 });
  const cached = page.getByRole('region', { name: '病院データ' });
  await expect(cached).toBeVisible({ timeout: 30_000 });
  await expect(cached.getByRole('region', { name: '処方（病院）' })).toHaveText(shownOnline);
  await cached.scrollIntoViewIfNeeded();
  await renkei.screenshot('hospital-data-journey-offline');
});

// An archived patient end to end on real parts: the screens in Chromium at 1366×768 over the real
// desktop core and a real backend with the demo region (through the tunnel where the machine
// allows). The regional office archives the model patient with `renkei-admin patient archive`; at
// the clinic the attending doctor no longer has her in the list or the cached search, finds her by
// asking for archived patients, and reads her chart marked archived; a note is refused with the
// server's words; with the server down the archived search says it needs the connection.
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
  const patients = JSON.parse(await region.admin(['patient', 'list', '--json'])) as { id: string; family_name: string; given_name: string }[];
  const model = patients.find((p) => `${p.family_name} ${p.given_name}` === MODEL_PATIENT)!;
  await region.admin(['patient', 'archive', model.id, '--reason', '施設入所により訪問終了']);
});
test.afterAll(async () => {
  await region?.stop();
});

test.afterEach(({ renkei }) => {
  expect(renkei.problems, 'console errors (CSP violations, exceptions)').toEqual([]);
});

test('the attending doctor finds the archived patient on asking, reads the chart marked archived, and cannot add to it', async ({ renkei }) => {
  const { page } = renkei;
  await renkei.open(doctorPc.api);
  await logInOnDemo(page, region, 'dr.kuroki');

  // Not in the list, nor in the search of this PC's cache.
  await expect(page.locator('.patient-row', { hasText: MODEL_PATIENT })).toHaveCount(0);
  await page.getByLabel('患者を検索').fill('未来斗');
  await expect(page.getByText('「未来斗」に該当する患者はいません。')).toBeVisible();

  // On asking, the server finds her.
  await page.getByTestId('search-archived').click();
  const results = page.getByTestId('archived-results');
  const row = results.locator('.archived-row', { hasText: MODEL_PATIENT });
  await expect(row).toBeVisible({ timeout: 30_000 });
  await expect(row).toContainText('アーカイブ済み');
  await renkei.screenshot('archived-patient-found');

  await row.click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(MODEL_PATIENT, { timeout: 30_000 });
  const notice = page.getByTestId('archived-notice');
  await expect(notice).toContainText('事務局がアーカイブしました');
  await expect(notice).toContainText('この端末には保存されません');
  await renkei.screenshot('archived-patient-chart');

  // A note is refused with what to do (the server's words), and the text stays in the editor.
  await page.getByRole('tab', { name: '経過記録' }).click();
  await page.getByRole('button', { name: '経過記録を書く' }).click();
  const plan = page.getByLabel('P（計画）');
  await plan.fill('次回訪問で確認');
  await page.getByRole('button', { name: '経過記録を保存' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'アーカイブの解除を依頼してください' })).toBeVisible({ timeout: 30_000 });
  await expect(plan).toHaveValue('次回訪問で確認');
  await renkei.screenshot('archived-patient-note-refused');
});

test('with the server down, the archived search says it needs the connection', async ({ renkei }) => {
  const { page } = renkei;
  await renkei.open(doctorPc.api);
  await expect(page.getByRole('heading', { name: '担当患者' })).toBeVisible({ timeout: 30_000 });
  await region.stopServer();
  await page.getByLabel('患者を検索').fill('未来斗');
  await page.getByTestId('search-archived').click();
  await expect(page.getByTestId('archived-results').getByRole('alert')).toContainText('サーバーに接続しているときだけ探せます', { timeout: 30_000 });
  await renkei.screenshot('archived-patient-offline');

  // Asked again (still down), the same words: nothing half-shown.
  await page.getByRole('button', { name: 'もう一度探す' }).click();
  await expect(page.getByTestId('archived-results').getByRole('alert')).toContainText('サーバーに接続しているときだけ探せます', { timeout: 30_000 });
  await expect(page.getByTestId('archived-results').locator('.archived-row')).toHaveCount(0);
});

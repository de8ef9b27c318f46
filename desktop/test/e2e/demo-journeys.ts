// What the journeys on the demo region do first: start the region with the clinic's PC enrolled
// and approved, and log a user in on the open app.
import type { Page } from '@playwright/test';
import { startDemoRegion, type ClinicPc, type DemoRegion } from '../../region/demo-region';
import { expect } from './fixtures';

/** The demo region with its chart, and the clinic's PC enrolled as 本院 診察室PC and approved. */
export async function demoRegionWithClinicPc(): Promise<{ region: DemoRegion; clinicPc: ClinicPc }> {
  const region = await startDemoRegion({ clinicPcs: 1, chart: true, loginFailureDelayMs: 300 });
  const [clinicPc] = region.pcs as [ClinicPc];
  await clinicPc.api.enroll({ serverAddress: region.serverAddress, enrollmentCode: await region.inviteCode(), deviceName: '本院 診察室PC' });
  await region.approvePending();
  await clinicPc.api.refreshDevice();
  return { region, clinicPc };
}

/** Logs `loginId` in once the PC is connected (over the tunnel where there is one), and waits for the patient list. */
export async function logInOnDemo(page: Page, region: DemoRegion, loginId: string): Promise<void> {
  await expect(page.getByRole('heading', { name: 'ログイン' })).toBeVisible({ timeout: 30_000 });
  if (region.network === 'namespaces') await expect(page.locator('.status-bar')).toContainText('接続済み', { timeout: 30_000 });
  await page.getByLabel('ユーザーID').fill(loginId);
  await page.getByLabel('パスワード').fill(region.password);
  await page.getByLabel('パスワード').press('Enter');
  await expect(page.getByRole('heading', { name: '担当患者' })).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => page.locator('.patient-row').count(), { timeout: 30_000 }).toBeGreaterThan(0);
}

// What every desktop benchmark does before it measures: the demo clinic's PC enrolls as the
// regional office invites it, is approved, brings its tunnel up, and dr.kuroki logs in and syncs,
// so that what is measured afterwards crosses the real tunnel from a logged-in core.
import { setTimeout as sleep } from 'node:timers/promises';
import type { DemoRegion } from '../region/demo-region';

export async function bringClinicOnline(region: DemoRegion): Promise<void> {
  const clinic = region.clinic;
  await clinic.enroll({ serverAddress: region.serverAddress, enrollmentCode: await region.inviteCode(), deviceName: 'ベンチマークPC' });
  await region.approvePending();
  await clinic.refreshDevice();
  for (let i = 0; (await clinic.getStatus()).tunnel.phase !== 'up'; i++) {
    if (i > 120) throw new Error('the tunnel did not come up');
    await sleep(250);
  }
  await clinic.login({ loginId: 'dr.kuroki', password: region.password });
  await clinic.syncNow();
}

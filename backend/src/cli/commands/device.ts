import { formatJapanDateTime } from '@renkei/proto/calendar';
import type { Command } from 'commander';
import { approveDevice, findDevice, listDevices, revokeDevice } from '../../devices/devices';
import { issueEnrollmentCode } from '../../devices/enrollment';
import { findFacility } from '../../facilities/facilities';
import type { AdminContext } from '../admin-context';
import { printJson, printTable, say } from '../output';

const STATE_LABELS: Record<string, string> = {
  DEVICE_STATE_PENDING: '承認待ち / pending',
  DEVICE_STATE_APPROVED: '承認済み / approved',
  DEVICE_STATE_REVOKED: '取消済み / revoked',
};

export function registerDevice(program: Command, context: () => AdminContext): void {
  const device = program.command('device').description('registered clinic PCs: invite, approve, revoke');
  device
    .command('invite')
    .description('print a one-time enrollment code for a new PC of a facility')
    .requiredOption('--facility <name-or-id>')
    .option('--label <text>', 'what the code is for, e.g. "本院 診察室PC"', '')
    .option('--json')
    .action(async (options) => {
      const ctx = context();
      const { database, config } = await ctx.open();
      const facility = await findFacility(database, options.facility);
      const issued = await issueEnrollmentCode(
        database,
        { facilityId: facility.id, label: options.label, createdBy: ctx.actor, caPin: ctx.caPin(), validHours: config.enrollmentCodeHours },
        new Date(),
      );
      if (options.json) return printJson({ ...issued, server: config.enrollment.publicAddress });
      const groups = issued.code.split('-');
      say('登録コード / Enrollment code:');
      for (let i = 0; i < groups.length; i += 3) say(`  ${groups.slice(i, i + 3).join('-')}`);
      say(`サーバー / Server:   ${config.enrollment.publicAddress}`);
      say(`施設 / Facility:     ${facility.name}`);
      say(`有効期限 / Expires:  ${formatJapanDateTime(new Date(issued.expiresAt))} (JST)・1台限り / one device only`);
    });
  device
    .command('list')
    .option('--json')
    .action(async (options) => {
      const { database } = await context().open();
      const rows = await listDevices(database);
      if (options.json) return printJson(rows.map(({ secret_hash: _omit, ...r }) => r));
      printTable(
        rows.map((r) => ({
          id: r.id.slice(0, 8),
          name: r.name,
          host: r.hostname,
          facility: r.facility_name,
          state: STATE_LABELS[r.state],
          address: r.tunnel_address,
          enrolled: formatJapanDateTime(new Date(r.enrolled_at)),
        })),
        ['id', 'name', 'host', 'facility', 'state', 'address', 'enrolled'],
      );
    });
  for (const [name, act, label] of [
    ['approve', approveDevice, '承認しました / Approved'],
    ['revoke', revokeDevice, '登録を取り消しました / Revoked'],
  ] as const) {
    device.command(`${name} <device-id>`).action(async (idOrPrefix: string) => {
      const ctx = context();
      const { database } = await ctx.open();
      const row = await act(database, (await findDevice(database, idOrPrefix)).id, ctx.actor, new Date());
      const signalled = ctx.signalServer();
      say(`${label}: ${row.name} (${row.id})${signalled ? '' : ' — サーバー未起動: 次回起動時に反映 / server not running: applied when it starts'}`);
    });
  }
}

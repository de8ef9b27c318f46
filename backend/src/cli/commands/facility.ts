import type { Command } from 'commander';
import { FACILITY_KINDS, FACILITY_KIND_LABELS } from '@renkei/proto';
import { createFacility, listFacilities, setFacilityOnCallPhone } from '../../facilities/facilities';
import type { AdminContext } from '../admin-context';
import { enumOption } from '../options';
import { printJson, printTable, say } from '../output';

export function registerFacility(program: Command, context: () => AdminContext): void {
  const facility = program.command('facility').description('facilities (clinics, stations, pharmacies, offices)');
  facility
    .command('add')
    .requiredOption('--name <name>', 'e.g. みやざき在宅クリニック')
    .requiredOption('--kana <reading>', 'reading, e.g. ミヤザキザイタククリニック')
    .requiredOption(
      '--kind <kind>',
      'clinic, hospital, visiting-nurse-station, pharmacy, care-management-office, ...',
      enumOption(FACILITY_KINDS, 'FACILITY_KIND'),
    )
    .option('--postal-code <code>', '', '')
    .option('--address <address>', '', '')
    .option('--phone <phone>', '', '')
    .option('--on-call-phone <phone>', '24時間連絡先 (24-hour on-call number)', '')
    .option('--fax <fax>', 'printed on the forms the office issues', '')
    .option('--json')
    .action(async (options) => {
      const { database } = await context().open();
      const row = await createFacility(
        database,
        {
          name: options.name,
          nameKana: options.kana,
          kind: options.kind,
          postalCode: options.postalCode,
          address: options.address,
          phone: options.phone,
          onCallPhone: options.onCallPhone,
          fax: options.fax,
        },
        new Date(),
      );
      if (options.json) return printJson(row);
      say(`施設を登録しました / Facility added: ${row.name} (${row.id})`);
    });
  facility
    .command('on-call')
    .description("sets an office's 24-hour on-call number (24時間連絡先); an empty number removes it")
    .argument('<facility>', 'facility id or exact name')
    .argument('<phone>', 'e.g. 0985-00-0000, or "" to remove')
    .option('--json')
    .action(async (facilityName: string, onCallPhone: string, options) => {
      const { database } = await context().open();
      const row = await setFacilityOnCallPhone(database, facilityName, onCallPhone, new Date());
      if (options.json) return printJson(row);
      say(
        row.on_call_phone === ''
          ? `24時間連絡先を削除しました / On-call number removed: ${row.name}`
          : `24時間連絡先を設定しました / On-call number set: ${row.name} ${row.on_call_phone}`,
      );
    });
  facility
    .command('list')
    .option('--json')
    .action(async (options) => {
      const { database } = await context().open();
      const rows = await listFacilities(database);
      if (options.json) return printJson(rows);
      printTable(
        rows.map((r) => ({
          id: r.id,
          name: r.name,
          kind: FACILITY_KIND_LABELS[r.kind as keyof typeof FACILITY_KIND_LABELS]?.ja ?? r.kind,
          phone: r.phone,
          onCall: r.on_call_phone,
        })),
        ['id', 'name', 'kind', 'phone', 'onCall'],
      );
    });
}

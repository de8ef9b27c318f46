import type { Command } from 'commander';
import { FACILITY_KINDS, FACILITY_KIND_LABELS } from '@renkei/proto';
import { createFacility, listFacilities } from '../../facilities/facilities';
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
          fax: options.fax,
        },
        new Date(),
      );
      if (options.json) return printJson(row);
      say(`施設を登録しました / Facility added: ${row.name} (${row.id})`);
    });
  facility
    .command('list')
    .option('--json')
    .action(async (options) => {
      const { database } = await context().open();
      const rows = await listFacilities(database);
      if (options.json) return printJson(rows);
      printTable(
        rows.map((r) => ({ id: r.id, name: r.name, kind: FACILITY_KIND_LABELS[r.kind as keyof typeof FACILITY_KIND_LABELS]?.ja ?? r.kind, phone: r.phone })),
        ['id', 'name', 'kind', 'phone'],
      );
    });
}

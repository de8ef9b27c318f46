import type { Command } from 'commander';
import { FACILITY_KINDS, FACILITY_KIND_LABELS } from '@renkei/proto';
import { formatJapanDateTime } from '@renkei/proto/calendar';
import { createFacility, findFacility, listFacilities, setFacilityInstitutionNumber, setFacilityOnCallPhone } from '../../facilities/facilities';
import { facilityLinksOf, linkFacilities, unlinkFacilities } from '../../facilities/facility-links';
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
    .command('set-institution-number')
    .description(
      "records a facility's 保険医療機関番号 (10 digits: prefecture 2 + fee schedule 1 + institution code 7), which FHIR (JP-CLINS) exports name it by",
    )
    .argument('<facility>', 'facility id or exact name')
    .argument('[number]', 'e.g. 4510000006; full-width digits and hyphens are accepted')
    .option('--clear', 'removes the recorded number')
    .option('--json')
    .action(async (facilityName: string, number: string | undefined, options, command: Command) => {
      if (Boolean(options.clear) === (number !== undefined)) command.error('番号か --clear のどちらか一方を指定してください / Give either a number or --clear');
      const ctx = context();
      const { database } = await ctx.open();
      const row = await setFacilityInstitutionNumber(database, facilityName, options.clear ? null : number!, ctx.actor, new Date());
      if (options.json) return printJson(row);
      say(
        row.medical_institution_number === null
          ? `保険医療機関番号を削除しました / Medical institution number removed: ${row.name}`
          : `保険医療機関番号を設定しました / Medical institution number set: ${row.name} ${row.medical_institution_number}`,
      );
    });
  facility
    .command('link')
    .description('lets the users of <facility> log in on the PCs of another facility (e.g. a substitute doctor covering there); one way')
    .argument('<facility>', 'whose users: facility id or exact name')
    .requiredOption('--to <facility>', 'on whose PCs: facility id or exact name')
    .option('--json')
    .action(async (facilityName: string, options) => {
      const ctx = context();
      const { database } = await ctx.open();
      const [users, host] = [await findFacility(database, facilityName), await findFacility(database, options.to)];
      const result = await linkFacilities(database, { facilityId: users.id, hostFacilityId: host.id }, ctx.actor, new Date());
      if (options.json) return printJson({ facilityId: users.id, hostFacilityId: host.id, ...result });
      say(
        result.created
          ? `連携を登録しました / Linked: ${users.name} のユーザーは ${host.name} の端末でログインできます (users of ${users.name} may log in on PCs of ${host.name})`
          : `連携はすでに登録されています / Already linked: ${users.name} → ${host.name}`,
      );
    });
  facility
    .command('unlink')
    .description('removes a link made by `facility link`; the sessions it allowed end at once')
    .argument('<facility>', 'whose users: facility id or exact name')
    .requiredOption('--to <facility>', 'on whose PCs: facility id or exact name')
    .option('--json')
    .action(async (facilityName: string, options) => {
      const ctx = context();
      const { database } = await ctx.open();
      const [users, host] = [await findFacility(database, facilityName), await findFacility(database, options.to)];
      const result = await unlinkFacilities(database, { facility: users, host }, ctx.actor, new Date());
      if (options.json) return printJson({ facilityId: users.id, hostFacilityId: host.id, ...result });
      say(`連携を解除しました / Unlinked: ${users.name} → ${host.name}`);
      say(`${host.name} の端末でログイン中だった ${result.sessionsEnded} 件のセッションを終了しました / ${result.sessionsEnded} sessions on its PCs ended`);
    });
  facility
    .command('links')
    .description("a facility's links: whose PCs its users may use, and whose users may use its PCs")
    .argument('<facility>', 'facility id or exact name')
    .option('--json')
    .action(async (facilityName: string, options) => {
      const { database } = await context().open();
      const row = await findFacility(database, facilityName);
      const links = await facilityLinksOf(database, row.id);
      if (options.json) return printJson(links);
      const table = (rows: typeof links.usesDevicesOf) =>
        rows.length === 0
          ? say('  （なし / none）')
          : printTable(
              rows.map((r) => ({ 事業所: r.facilityName, 登録日時: formatJapanDateTime(new Date(r.createdAt)), 登録者: r.createdBy })),
              ['事業所', '登録日時', '登録者'],
            );
      say(`${row.name} のユーザーがログインできる他事業所の端末 / PCs of other facilities its users may log in on:`);
      table(links.usesDevicesOf);
      say(`${row.name} の端末にログインできる他事業所のユーザー / Users of other facilities who may log in on its PCs:`);
      table(links.devicesUsedBy);
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
          institutionNumber: r.medical_institution_number ?? '',
        })),
        ['id', 'name', 'kind', 'phone', 'onCall', 'institutionNumber'],
      );
    });
}

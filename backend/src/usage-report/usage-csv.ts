// The report as CSV for the regional office's spreadsheet (and the city's): one row per month,
// Japanese headers, UTF-8 with a byte order mark so that Excel on a Japanese Windows reads it as
// UTF-8 rather than Shift_JIS. Lines end in CRLF, as RFC 4180 and Excel expect.
import { FACILITY_KIND_LABELS, FACILITY_KINDS, PROFESSION_LABELS, PROFESSIONS } from '@renkei/proto';
import { estimateCost } from './cost-estimate';
import { monthKey } from './report-months';
import { chartActionsOf, type MonthlyUsage } from './usage-counts';

const BOM = '\ufeff';

interface Column {
  header: string;
  value: (usage: MonthlyUsage) => string | number;
}

export const CSV_COLUMNS: readonly Column[] = [
  { header: '年月', value: (u) => monthKey(u.month) },
  { header: '登録利用者数（月末）', value: (u) => u.users },
  ...PROFESSIONS.map((p) => ({ header: `利用者_${PROFESSION_LABELS[p].ja}`, value: (u: MonthlyUsage) => u.usersByProfession[p] })),
  { header: '登録事業所数（月末）', value: (u) => u.facilities },
  ...FACILITY_KINDS.map((k) => ({ header: `事業所_${FACILITY_KIND_LABELS[k].ja}`, value: (u: MonthlyUsage) => u.facilitiesByKind[k] })),
  { header: '稼働端末数（月末）', value: (u) => u.devices },
  { header: 'ログイン数（延べ）', value: (u) => u.logins },
  { header: '実利用者数', value: (u) => u.activeUsers },
  { header: '投稿数', value: (u) => u.posts },
  { header: '経過記録', value: (u) => u.notes },
  { header: '文書', value: (u) => u.documents },
  { header: '様式', value: (u) => u.forms },
  { header: '記録操作数（計）', value: (u) => chartActionsOf(u) },
  { header: '登録患者数（月末）', value: (u) => u.patients },
  { header: '新規登録患者数', value: (u) => u.newPatients },
  { header: '患者グループ数（連絡帳・月末）', value: (u) => u.patientTimelines },
  { header: 'グループ数（月末）', value: (u) => u.groups },
  { header: '共有件数', value: (u) => estimateCost(u).sharedItems },
  { header: '連携先への延べ共有数（実測）', value: (u) => u.partnerContacts },
  { header: '平均連携先数（実測）', value: (u) => estimateCost(u).averagePartnerOffices },
  { header: '1対1想定（分）', value: (u) => estimateCost(u).oneToOneMinutes },
  { header: '1対n（分）', value: (u) => estimateCost(u).oneToManyMinutes },
  { header: '削減時間（分）', value: (u) => estimateCost(u).savedMinutes },
  { header: '効果額（円）', value: (u) => estimateCost(u).savedYen },
  { header: '削減時間_実証モデルの仮定（分）', value: (u) => estimateCost(u).pilot.savedMinutes },
  { header: '効果額_実証モデルの仮定（円）', value: (u) => estimateCost(u).pilot.savedYen },
];

/** A field quoted when it holds a comma, quote or line break (none of ours do today; a label might). */
function field(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function usageCsv(months: readonly MonthlyUsage[]): string {
  const lines = [CSV_COLUMNS.map((c) => field(c.header)), ...months.map((u) => CSV_COLUMNS.map((c) => field(c.value(u))))];
  return BOM + lines.map((cells) => cells.join(',')).join('\r\n') + '\r\n';
}

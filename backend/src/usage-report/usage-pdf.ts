// The usage report as the regional office hands it to the city: an A4 PDF in the order of the
// pilot's 結果 section (登録利用者・事業所, 端末, ログイン・利用者, 投稿・記録操作, 患者) with a table and
// bar charts per month, then the pilot's cost-effectiveness estimate from the same counts with its
// assumptions written out. Set in the Japanese font printed forms use; charts are vector (vega-chart.ts).
import { FACILITY_KIND_LABELS, FACILITY_KINDS, PROFESSION_LABELS, PROFESSIONS, type ProfessionName } from '@renkei/proto';
import { formatJapanDateTime } from '@renkei/proto/calendar';
import { PDFDocument, type PDFFont } from 'pdf-lib';
import type { TopLevelSpec } from 'vega-lite';
import { embedJapaneseFont, resolvePdfFontPath } from '../templates/pdf/japanese-font';
import { COLOR, CONTENT_WIDTH, lineHeight, MARGIN, PAD_X, PAD_Y, PAGE_WIDTH, PageWriter, SIZE } from '../templates/pdf/page-writer';
import { ASSUMPTION_LINES, estimateCost } from './cost-estimate';
import { monthKey, monthLabel } from './report-months';
import { chartActionsOf, type MonthlyUsage } from './usage-counts';
import { drawChart, layOutChart } from './vega-chart';

export interface UsageReportInput {
  regionName: string;
  months: readonly MonthlyUsage[];
  createdAt: Date;
}

interface TableColumn {
  header: string;
  /** Share of the content width. */
  weight: number;
}

const TABLE_SIZE = 8.5;
const number = (n: number) => n.toLocaleString('ja-JP');

export function periodLabel(months: readonly MonthlyUsage[]): string {
  const first = months[0]!.month;
  const last = months[months.length - 1]!.month;
  return months.length === 1 ? monthLabel(first) : `${monthLabel(first)}〜${monthLabel(last)}`;
}

class UsageReportWriter extends PageWriter {
  constructor(
    doc: PDFDocument,
    private readonly reportFont: PDFFont,
    private readonly input: UsageReportInput,
  ) {
    super(doc, reportFont);
  }

  start(): void {
    this.newPage();
    this.line('在宅医療介護連携システム 利用状況報告', MARGIN.left, this.y, SIZE.title);
    this.y -= lineHeight(SIZE.title);
    this.line(`${this.input.regionName}　対象期間: ${periodLabel(this.input.months)}`, MARGIN.left, this.y, SIZE.value);
    this.y -= lineHeight(SIZE.value);
    this.line(`作成: ${formatJapanDateTime(this.input.createdAt)}（日本時間）　月の区切りは日本時間`, MARGIN.left, this.y, SIZE.small, COLOR.muted);
    this.y -= lineHeight(SIZE.small) + 6;
  }

  protected override runningHeader(): void {
    this.line(`利用状況報告　${this.input.regionName}　${periodLabel(this.input.months)}`, MARGIN.left, this.y, SIZE.running, COLOR.muted);
    this.y -= lineHeight(SIZE.running) + 4;
  }

  note(text: string, size: number = SIZE.small): void {
    for (const line of this.wrap(text, CONTENT_WIDTH - 2 * PAD_X, size)) {
      this.ensure(lineHeight(size));
      this.line(line, MARGIN.left + PAD_X, this.y, size, COLOR.muted);
      this.y -= lineHeight(size);
    }
  }

  /** A table with the header repeated on each page it runs onto; the first column left-aligned, numbers right. */
  table(columns: readonly TableColumn[], rows: readonly string[][], emphasiseLast = false): void {
    const total = columns.reduce((sum, c) => sum + c.weight, 0);
    const widths = columns.map((c) => (c.weight / total) * CONTENT_WIDTH);
    const headerLines = columns.map((c, i) => this.wrap(c.header, widths[i]! - 2 * PAD_X, SIZE.small));
    const headerHeight = Math.max(...headerLines.map((l) => l.length)) * lineHeight(SIZE.small) + 2 * PAD_Y;
    const rowHeight = lineHeight(TABLE_SIZE) + 2 * PAD_Y;
    const header = () => {
      this.page.drawRectangle({ x: MARGIN.left, y: this.y - headerHeight, width: CONTENT_WIDTH, height: headerHeight, color: COLOR.labelFill });
      let x = MARGIN.left;
      columns.forEach((_, i) => {
        let top = this.y - PAD_Y;
        for (const text of headerLines[i]!) {
          const w = this.width(text, SIZE.small);
          this.line(text, i === 0 ? x + PAD_X : x + widths[i]! - PAD_X - w, top, SIZE.small, COLOR.muted);
          top -= lineHeight(SIZE.small);
        }
        x += widths[i]!;
      });
      this.y -= headerHeight;
    };
    this.ensure(headerHeight + rowHeight);
    header();
    rows.forEach((cells, r) => {
      if (this.ensure(rowHeight)) header();
      if (emphasiseLast && r === rows.length - 1) {
        this.page.drawRectangle({ x: MARGIN.left, y: this.y - rowHeight, width: CONTENT_WIDTH, height: rowHeight, color: COLOR.sectionFill, opacity: 0.5 });
      }
      let x = MARGIN.left;
      cells.forEach((text, i) => {
        const w = this.width(text, TABLE_SIZE);
        this.line(text, i === 0 ? x + PAD_X : x + widths[i]! - PAD_X - w, this.y - PAD_Y, TABLE_SIZE);
        x += widths[i]!;
      });
      this.y -= rowHeight;
      this.rule(this.y);
    });
    this.y -= 6;
  }

  async chart(spec: TopLevelSpec): Promise<void> {
    const laidOut = await layOutChart(spec, this.reportFont);
    this.ensure(laidOut.height + 8);
    drawChart(this.page, this.reportFont, laidOut.scene, MARGIN.left, this.y - 4);
    this.y -= laidOut.height + 8;
  }

  finish(): void {
    const total = this.pages.length;
    this.pages.forEach((page, index) => {
      const numbers = `${index + 1} / ${total}`;
      const top = MARGIN.bottom - 10;
      this.rule(top + 3, page);
      this.line('Renkei 利用状況報告（renkei-admin report により作成）', MARGIN.left, top, SIZE.footer, COLOR.muted, page);
      this.line(numbers, PAGE_WIDTH - MARGIN.right - this.width(numbers, SIZE.footer), top, SIZE.footer, COLOR.text, page);
    });
  }
}

/**
 * Months along the x axis by their key ("2026-11", unique across years), labelled "11月", with the
 * year on the first month and on each January.
 */
const MONTH_AXIS_LABEL =
  "(datum.index == 0 || substring(datum.value, 5, 7) == '01' ? toNumber(substring(datum.value, 0, 4)) + '年' : '') + toNumber(substring(datum.value, 5, 7)) + '月'";

export function monthlyBarChart(
  title: string,
  months: readonly MonthlyUsage[],
  series: readonly { name: string; value: (u: MonthlyUsage) => number }[],
  stacked: boolean,
): TopLevelSpec {
  const values = months.flatMap((u) => series.map((s, order) => ({ month: monthKey(u.month), series: s.name, order, count: s.value(u) })));
  const width = Math.min(CONTENT_WIDTH - 70, Math.max(160, months.length * (stacked ? 28 : 44)));
  const order = series.map((s) => s.name);
  return {
    title,
    width,
    height: 120,
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: {
        field: 'month',
        type: 'ordinal',
        sort: 'ascending',
        title: null,
        // Slanted when a year or more of months would not fit side by side.
        axis: { labelExpr: MONTH_AXIS_LABEL, labelAngle: months.length > 12 ? -45 : 0, labelAlign: months.length > 12 ? 'right' : 'center' },
      },
      y: { field: 'count', type: 'quantitative', title: '件数', stack: stacked ? 'zero' : null, axis: { tickMinStep: 1, format: 'd' } },
      color: { field: 'series', type: 'nominal', title: null, sort: order },
      order: { field: 'order' },
      ...(stacked ? {} : { xOffset: { field: 'series', type: 'nominal', sort: order } }),
    },
  };
}

/** Users by profession at the period's end, one horizontal bar each, in the order of the contract's professions. */
export function professionChart(last: MonthlyUsage, professions: readonly ProfessionName[]): TopLevelSpec {
  const values = professions.map((p) => ({ profession: PROFESSION_LABELS[p].ja, count: last.usersByProfession[p] }));
  return {
    title: `職種別の登録利用者数（${monthLabel(last.month)}末）`,
    width: 300,
    height: { step: 16 },
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'profession', type: 'nominal', sort: values.map((v) => v.profession), title: null },
      x: { field: 'count', type: 'quantitative', title: '人数', axis: { tickMinStep: 1, format: 'd' } },
    },
  };
}

export async function renderUsageReportPdf(input: UsageReportInput, options: { fontPath?: string } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await embedJapaneseFont(doc, await resolvePdfFontPath(options.fontPath));
  doc.setTitle(`利用状況報告 ${input.regionName} ${periodLabel(input.months)}`);
  doc.setLanguage('ja-JP');
  doc.setCreator('Renkei');
  doc.setProducer('Renkei');
  doc.setCreationDate(input.createdAt);
  doc.setModificationDate(input.createdAt);

  const w = new UsageReportWriter(doc, font, input);
  const months = input.months;
  const last = months[months.length - 1]!;
  w.start();

  w.sectionBar('1. 月別の利用状況');
  w.y -= 4;
  w.table(
    [
      { header: '年月', weight: 1.4 },
      { header: '登録\n利用者', weight: 1 },
      { header: '登録\n事業所', weight: 1 },
      { header: '稼働\n端末', weight: 1 },
      { header: 'ログイン\n（延べ）', weight: 1.1 },
      { header: '実利用者', weight: 1 },
      { header: '投稿', weight: 0.9 },
      { header: '記録\n操作', weight: 1 },
      { header: '登録\n患者', weight: 1 },
      { header: '患者\nグループ', weight: 1.1 },
    ],
    months.map((u) => [
      monthLabel(u.month),
      number(u.users),
      number(u.facilities),
      number(u.devices),
      number(u.logins),
      number(u.activeUsers),
      number(u.posts),
      number(chartActionsOf(u)),
      number(u.patients),
      number(u.patientTimelines),
    ]),
  );
  w.note('登録利用者・登録事業所・稼働端末・登録患者・患者グループは各月末の時点の数。ログイン・実利用者・投稿・記録操作はその月の件数。');
  w.note('実利用者: その月にログインまたは操作をした利用者の数（同じ人は1人）。記録操作: 経過記録・文書・様式の記録（文書作成等の動作の回数）。');
  w.note('患者グループ: 連絡帳が始まった患者の数（実証モデルの「患者グループ数」に当たる）。');
  w.y -= 6;
  await w.chart(
    monthlyBarChart(
      'ログイン数と実利用者数',
      months,
      [
        { name: 'ログイン（延べ）', value: (u) => u.logins },
        { name: '実利用者', value: (u) => u.activeUsers },
      ],
      false,
    ),
  );

  w.sectionBar('2. 投稿と記録操作');
  w.y -= 4;
  w.table(
    [
      { header: '年月', weight: 1.4 },
      { header: '投稿', weight: 1 },
      { header: '経過記録', weight: 1 },
      { header: '文書', weight: 1 },
      { header: '様式', weight: 1 },
      { header: '記録操作 計', weight: 1 },
      { header: '新規\n登録患者', weight: 1.1 },
      { header: 'グループ', weight: 1 },
    ],
    months.map((u) => [
      monthLabel(u.month),
      number(u.posts),
      number(u.notes),
      number(u.documents),
      number(u.forms),
      number(chartActionsOf(u)),
      number(u.newPatients),
      number(u.groups),
    ]),
  );
  w.note(
    '投稿: 連絡帳とグループへの投稿（返信を含む）。様式: 作成・修正した版の数と確定の数。文書: 登録した文書の版の数。グループ: 患者に紐づかない連携グループの数（月末）。',
  );
  w.y -= 6;
  await w.chart(
    monthlyBarChart(
      '投稿と記録操作',
      months,
      [
        { name: '投稿', value: (u) => u.posts },
        { name: '経過記録', value: (u) => u.notes },
        { name: '文書', value: (u) => u.documents },
        { name: '様式', value: (u) => u.forms },
      ],
      true,
    ),
  );

  w.sectionBar(`3. 職種別の登録利用者・種別ごとの登録事業所（${monthLabel(last.month)}末）`);
  w.y -= 4;
  const professions = PROFESSIONS.filter((p) => last.usersByProfession[p] > 0);
  const kinds = FACILITY_KINDS.filter((k) => last.facilitiesByKind[k] > 0);
  w.table(
    [
      { header: '職種', weight: 2 },
      { header: '利用者数', weight: 1 },
    ],
    [...professions.map((p) => [PROFESSION_LABELS[p].ja, number(last.usersByProfession[p])]), ['計', number(last.users)]],
    true,
  );
  w.table(
    [
      { header: '事業所の種別', weight: 2 },
      { header: '事業所数', weight: 1 },
    ],
    [...kinds.map((k) => [FACILITY_KIND_LABELS[k].ja, number(last.facilitiesByKind[k])]), ['計', number(last.facilities)]],
    true,
  );
  w.note('各月の職種別・種別ごとの数は CSV にあります。');
  w.y -= 6;
  await w.chart(professionChart(last, professions));
  w.y -= 6;

  w.sectionBar('4. 費用対効果の試算（1対1の電話・FAX から 1対n の共有へ）');
  w.y -= 4;
  const estimates = months.map((u) => ({ u, e: estimateCost(u) }));
  const sum = (pick: (e: ReturnType<typeof estimateCost>) => number) => estimates.reduce((s, { e }) => s + pick(e), 0);
  w.table(
    [
      { header: '年月', weight: 1.4 },
      { header: '共有件数', weight: 1 },
      { header: '平均\n連携先数', weight: 1 },
      { header: '1対1\n（分）', weight: 1 },
      { header: '1対n\n（分）', weight: 1 },
      { header: '削減時間\n（分）', weight: 1.1 },
      { header: '効果額\n（円）', weight: 1.2 },
      { header: '仮定4事業所\nの効果額（円）', weight: 1.4 },
    ],
    [
      ...estimates.map(({ u, e }) => [
        monthLabel(u.month),
        number(e.sharedItems),
        e.averagePartnerOffices.toFixed(2),
        number(e.oneToOneMinutes),
        number(e.oneToManyMinutes),
        number(e.savedMinutes),
        number(e.savedYen),
        number(e.pilot.savedYen),
      ]),
      [
        '計',
        number(sum((e) => e.sharedItems)),
        sum((e) => e.sharedItems) === 0 ? '0.00' : (estimates.reduce((s, { u }) => s + u.partnerContacts, 0) / sum((e) => e.sharedItems)).toFixed(2),
        number(sum((e) => e.oneToOneMinutes)),
        number(sum((e) => e.oneToManyMinutes)),
        number(sum((e) => e.savedMinutes)),
        number(sum((e) => e.savedYen)),
        number(sum((e) => e.pilot.savedYen)),
      ],
    ],
    true,
  );
  // The heading stays with its first lines rather than alone at a page's foot.
  w.ensure(lineHeight(SIZE.label) + 4 * lineHeight(SIZE.small) + 12);
  w.labelBar('試算の前提');
  for (const line of ASSUMPTION_LINES) w.note(`・${line}`, SIZE.small);

  w.finish();
  return doc.save();
}

// The chart's アクセス記録 over the scripted API at 1366×768, as the attending doctor checks who
// opened a patient's record after a 開示請求: the events in words and Japan time, refusals marked,
// a period asked of the server, further pages on request; the server's refusal for anyone else said
// as the server says it; offline, nothing is asked. Newest first, as the server sends it; the regional
// office's tool said 「事務局」 with its stored label beside; 「CSVで保存」 saves the period shown.
// Screenshots: access-log-*.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { userFacing } from './scripted-chart';
import { ScriptedDesktopApi } from './scripted-desktop-api';
import type { AccessLogEntryView } from '../../src/shared/access-log-views';

test.afterEach(({ renkei }) => {
  expect(renkei.problems, 'console errors (CSP violations, exceptions)').toEqual([]);
});

async function openPatient(page: Page, name: string): Promise<void> {
  await page.locator('.patient-row', { hasText: name }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
}

/** 2026-12-03 09:05:00 in Japan is 00:05 UTC. */
const entry = (seq: number, over: Partial<AccessLogEntryView>): AccessLogEntryView => ({
  seq,
  at: '2026-12-03T00:05:00.000Z',
  action: 'patient.overview.read',
  outcome: 'ok',
  actorName: '日高 誠',
  actorKind: 'user',
  actorLabel: '',
  actorProfession: 'PROFESSION_DOCTOR',
  actorFacilityName: 'ひむか在宅クリニック',
  deviceName: '診察室PC',
  deviceFacilityName: 'ひむか在宅クリニック',
  reason: '',
  ...over,
});

/** As the server sends it: newest first. */
const LOG: AccessLogEntryView[] = [
  entry(100, {
    at: '2026-12-02T23:00:00.000Z',
    action: 'consent.record',
    actorName: 'admin:jimukyoku@renkei-server',
    actorKind: 'regional-office',
    actorLabel: 'admin:jimukyoku@renkei-server',
    actorProfession: null,
    actorFacilityName: '',
    deviceName: '',
    deviceFacilityName: '',
  }),
  entry(101, {}),
  entry(102, { at: '2026-12-03T00:20:00.000Z', action: 'note.write' }),
  entry(103, {
    at: '2026-12-04T05:41:00.000Z',
    actorName: '永友 恵',
    actorProfession: 'PROFESSION_NURSE',
    actorFacilityName: '訪問看護ステーションあおしま',
    deviceName: '訪問用タブレット',
    deviceFacilityName: '訪問看護ステーションあおしま',
    action: 'vitals.record',
  }),
  entry(104, {
    at: '2026-12-05T11:02:00.000Z',
    actorName: '黒木 修',
    actorProfession: 'PROFESSION_CARE_MANAGER',
    actorFacilityName: '居宅介護支援事業所みなみ',
    deviceName: '事務所PC',
    deviceFacilityName: '居宅介護支援事業所みなみ',
    action: 'patient.overview.read',
    outcome: 'denied',
    reason: 'PATIENT_NOT_ON_CARE_TEAM',
  }),
  entry(105, {
    at: '2026-12-06T01:00:00.000Z',
    actorName: '椎葉 美咲',
    actorProfession: 'PROFESSION_NURSE',
    actorFacilityName: '訪問看護ステーションあおしま',
    deviceName: '診察室PC',
    deviceFacilityName: 'ひむか在宅クリニック',
    action: 'document.download',
  }),
  entry(106, { at: '2026-12-07T00:30:00.000Z', action: 'audit.patient.read' }),
].reverse();

test('the attending doctor reads who did what, when and from where, newest first; refusals stand out; more pages on request; the office is 「事務局」', async ({
  renkei,
}) => {
  const api = ScriptedDesktopApi.loggedIn();
  api.accessLog = LOG;
  api.accessLogPageSize = 4;
  const { page } = renkei;
  await renkei.open(api);
  await openPatient(page, '山田 太郎');
  await renkei.screenshot('access-log-00-chart-header');
  await page.getByRole('button', { name: 'アクセス記録' }).click();

  const dialog = page.getByTestId('access-log-dialog');
  await expect(dialog.getByRole('heading')).toContainText('アクセス記録 — 山田 太郎');
  const table = dialog.getByRole('table', { name: 'アクセス記録の一覧' });
  await expect(table.getByRole('columnheader')).toHaveText(['日時', '操作者', '職種', '所属事業所', '端末', '操作', '結果']);
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(4);
  await expect(dialog.getByTestId('access-log-count')).toHaveText('4件を表示しています（続きがあります）（新しい順）');
  // Newest first: the latest read at the top. Japan time, the action in words, the profession by its label.
  await expect(rows.nth(0)).toContainText('アクセス記録の閲覧');
  await expect(rows.nth(0).getByRole('cell').first()).toHaveText('2026/12/07 09:30');
  // A device of another office than the user's says where it stands.
  await expect(rows.nth(1).getByRole('cell').nth(4)).toHaveText('診察室PC（ひむか在宅クリニック）');
  await expect(rows.nth(2)).toContainText('拒否');
  await expect(rows.nth(2)).toHaveClass(/access-log__row--refused/);
  await expect(rows.nth(3)).toContainText('バイタルの記録');
  await renkei.screenshot('access-log-01-first-page');

  await dialog.getByRole('button', { name: 'さらに表示' }).click();
  await expect(rows).toHaveCount(7);
  await expect(dialog.getByTestId('access-log-count')).toHaveText('7件を表示しています（新しい順）');
  await expect(rows.nth(4)).toContainText('経過記録の記入');
  await expect(rows.nth(5).getByRole('cell')).toHaveText([
    '2026/12/03 09:05',
    '日高 誠',
    '医師',
    'ひむか在宅クリニック',
    '診察室PC',
    '患者基本情報の閲覧',
    '成功',
  ]);
  // The regional office's tool is 「事務局」, its stored label kept beside it and as the tooltip.
  const office = rows.nth(6).getByTestId('access-log-actor-office');
  await expect(office).toContainText('事務局');
  await expect(office).toContainText('admin:jimukyoku@renkei-server');
  await expect(office).toHaveAttribute('title', '操作の記録名: admin:jimukyoku@renkei-server');
  await expect(rows.nth(6)).toContainText('同意の登録');
  await expect(dialog.getByRole('button', { name: 'さらに表示' })).toHaveCount(0);
  const asked = api.calls.filter((c) => c.method === 'listPatientAccessLog').map((c) => c.args[0]);
  expect(asked).toEqual([
    { patientId: expect.any(String), fromDay: '', toDay: '', pageToken: '' },
    { patientId: expect.any(String), fromDay: '', toDay: '', pageToken: '4' },
  ]);
  await renkei.screenshot('access-log-02-all-pages');

  // 「CSVで保存」 saves the whole period shown, through the core (which asks where), and says so.
  await dialog.getByRole('button', { name: 'CSVで保存' }).click();
  await expect(dialog.getByTestId('access-log-saved')).toHaveText('7件を「access-log-000123-20261207.csv」に保存しました。');
  expect(api.calls.filter((c) => c.method === 'saveAccessLogCsv').map((c) => c.args[0])).toEqual([{ patientId: expect.any(String), fromDay: '', toDay: '' }]);
  await renkei.screenshot('access-log-05-saved-csv');
});

test("a letter the regional office exported in the doctor's name says so, and names the operator", async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  // As the server sends it: the doctor's read (renkei-admin export fhir --for), no device, the operator as label.
  api.accessLog = [
    entry(120, {
      action: 'patient.fhir.export',
      actorName: '黒木 健一',
      actorLabel: 'admin:jimukyoku@renkei-server',
      actorFacilityName: 'みやざき在宅クリニック',
      deviceName: '',
      deviceFacilityName: '',
    }),
    entry(119, { actorName: '黒木 健一', actorFacilityName: 'みやざき在宅クリニック' }),
  ];
  const { page } = renkei;
  await renkei.open(api);
  await openPatient(page, '山田 太郎');
  await page.getByRole('button', { name: 'アクセス記録' }).click();

  const rows = page.getByTestId('access-log-dialog').getByRole('table', { name: 'アクセス記録の一覧' }).locator('tbody tr');
  await expect(rows).toHaveCount(2);
  const onBehalf = rows.nth(0).getByTestId('access-log-actor-on-behalf');
  await expect(onBehalf).toHaveText('黒木 健一事務局が代理で実行');
  await expect(onBehalf).toHaveAttribute('title', '操作の記録名: admin:jimukyoku@renkei-server');
  await expect(rows.nth(0)).toContainText('FHIR形式での出力');
  // The doctor's own read beside it says nothing more.
  await expect(rows.nth(1).getByTestId('access-log-actor-on-behalf')).toHaveCount(0);
  await expect(rows.nth(1).getByRole('cell').nth(1)).toHaveText('黒木 健一');
  await renkei.screenshot('access-log-06-on-behalf');
});

test('a period typed as 和暦 or 西暦 is asked of the server as days; its refusal of a bad period is shown', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  api.accessLog = LOG.slice(0, 2);
  const { page } = renkei;
  await renkei.open(api);
  await openPatient(page, '山田 太郎');
  await page.getByRole('button', { name: 'アクセス記録' }).click();
  const dialog = page.getByTestId('access-log-dialog');
  await expect(dialog.locator('tbody tr')).toHaveCount(2);

  await dialog.getByRole('textbox', { name: '開始日' }).fill('R8.12.3');
  await expect(dialog.getByTestId('day-input-echo').first()).toContainText('令和8年12月3日');
  await dialog.getByRole('textbox', { name: '終了日' }).fill('2026-12-04');
  await dialog.getByRole('button', { name: '表示', exact: true }).click();
  await expect.poll(() => api.calls.filter((c) => c.method === 'listPatientAccessLog').length).toBe(2);
  expect(api.calls.filter((c) => c.method === 'listPatientAccessLog').at(-1)!.args[0]).toMatchObject({
    fromDay: '2026-12-03',
    toDay: '2026-12-04',
    pageToken: '',
  });
  // The CSV is of the period shown, even after the fields are changed again.
  await expect(dialog.locator('tbody tr')).toHaveCount(2);
  await dialog.getByRole('textbox', { name: '開始日' }).fill('2026-11-01');
  await dialog.getByRole('button', { name: 'CSVで保存' }).click();
  await expect(dialog.getByTestId('access-log-saved')).toBeVisible();
  expect(api.calls.filter((c) => c.method === 'saveAccessLogCsv').at(-1)!.args[0]).toMatchObject({ fromDay: '2026-12-03', toDay: '2026-12-04' });

  // The server checks the period; its words are shown at the field it names, not under its field name.
  api.refuseNext('listPatientAccessLog', userFacing('INVALID_REQUEST', {}, [{ field: 'toDay', reason: 'END_BEFORE_START' }]));
  await dialog.getByRole('textbox', { name: '開始日' }).fill('2026-12-05');
  await dialog.getByRole('button', { name: '表示', exact: true }).click();
  await expect(dialog.getByTestId('access-log-to-problem')).toHaveText('終了日は開始日以降の日付にしてください。');
  await expect(dialog.getByRole('textbox', { name: '終了日' })).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog).not.toContainText('toDay');
  await renkei.screenshot('access-log-03-period-refused');
});

test('anyone but the attending doctor and the registering office is told who may read it; offline nothing is asked', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  api.accessLog = LOG;
  api.refuseNext('listPatientAccessLog', userFacing('ACCESS_LOG_NOT_PERMITTED'));
  const { page } = renkei;
  await renkei.open(api);
  await openPatient(page, '山田 太郎');
  await page.getByRole('button', { name: 'アクセス記録' }).click();
  const dialog = page.getByTestId('access-log-dialog');
  await expect(dialog.getByRole('alert')).toContainText('主治医と、患者を登録した事業所の職員だけです');
  await expect(dialog.getByRole('table')).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: 'CSVで保存' })).toHaveCount(0);
  await renkei.screenshot('access-log-04-not-permitted');
  await dialog.getByRole('button', { name: '閉じる' }).first().click();

  api.update({ online: false });
  const before = api.calls.filter((c) => c.method === 'listPatientAccessLog').length;
  await page.getByRole('button', { name: 'アクセス記録' }).click();
  await expect(dialog.getByRole('note')).toContainText('サーバーに接続しているときだけ表示できます');
  expect(api.calls.filter((c) => c.method === 'listPatientAccessLog').length).toBe(before);
});

// 病院データ on 概要, over the scripted API at 1366×768: the hospital's allergies, diagnoses,
// prescriptions and lab results (SS-MIX2, imported by the regional office) shown as the hospital's,
// read-only, each fact with its source, never in the team's own lists; prescriptions marked by
// today's Japan date, lab values flagged with a trend; what a care worker reads; offline from the
// cache; and nothing when the patient is linked to no hospital. Screenshots land in
// test-results/screenshots (hospital-*).
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { dayFromToday } from './scripted-chart';
import { ScriptedDesktopApi } from './scripted-desktop-api';
import { careWorkerView, yamadaHospitalData } from './scripted-hospital-data';

test.afterEach(({ renkei }) => {
  expect(renkei.problems, 'console errors (CSP violations, exceptions)').toEqual([]);
});

async function openPatient(page: Page, name: string): Promise<void> {
  await page.locator('.patient-row', { hasText: name }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
}

/** A day `offset` days from today as the overview writes it in Japanese: 2026年11月9日. */
function jaDay(offset: number): string {
  const [year, month, day] = dayFromToday(offset).split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

const hospitalSection = (page: Page) => page.getByRole('region', { name: /^病院データ/ });

/** Brings the section's top to the top of the window, for a screenshot of what a clinician sees there. */
async function scrollTo(page: Page, section: Locator): Promise<void> {
  await section.scrollIntoViewIfNeeded();
  const top = await section.evaluate((element) => (element as unknown as { getBoundingClientRect(): { top: number } }).getBoundingClientRect().top);
  // Below the patient's header, which stays at the top of the window.
  await page.mouse.move(683, 500);
  await page.mouse.wheel(0, top - 130);
  await expect(section).toBeInViewport();
  await page.waitForTimeout(200);
}

test('病院データ: a doctor reads the hospital’s record apart from the team’s, each fact with its source', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await openPatient(page, '山田 太郎');

  const section = hospitalSection(page);
  await expect(section).toBeVisible();
  await expect(section.getByRole('heading', { level: 2 })).toContainText('病院の記録・参照のみ');
  await expect(section).toContainText('チームが入力したアレルギー・病名・服薬とは別のもので、ここでは変更できません。');
  await expect(section).toContainText('宮崎中央病院（病院の患者ID 00123456）');
  await expect(section).toContainText(`最終取込 ${dayFromToday(-1).replace(/-/g, '/')} 06:00`);
  // Nothing here to change: the hospital's record is read-only.
  await expect(section.getByRole('button')).toHaveCount(0);

  const allergies = section.getByRole('region', { name: 'アレルギー（病院）' });
  await expect(allergies).toContainText('セファクロル');
  await expect(allergies).toContainText('全身性の発疹');
  await expect(allergies).toContainText(`宮崎中央病院 ADT-61 ${jaDay(-72)}`);
  // Never in the team's own lists.
  await expect(page.getByRole('region', { name: 'アレルギー', exact: true })).not.toContainText('セファクロル');
  await expect(page.getByRole('region', { name: '病名', exact: true })).not.toContainText('急性増悪');
  await expect(page.getByRole('region', { name: '服薬（現在の処方）' })).not.toContainText('フロセミド');

  // The 主病名 first; an ended one says how it ended.
  const diagnoses = section.getByRole('region', { name: '病名（病院）' }).getByRole('listitem');
  await expect(diagnoses).toHaveCount(3);
  await expect(diagnoses.nth(0)).toContainText('主病名');
  await expect(diagnoses.nth(0)).toContainText('慢性心不全の急性増悪');
  await expect(diagnoses.nth(0)).toContainText(`宮崎中央病院 PPR-01 ${jaDay(-72)}`);
  await expect(diagnoses.nth(2)).toContainText('誤嚥性肺炎');
  await expect(diagnoses.nth(2)).toContainText(`治癒（${jaDay(-58)}）`);

  // Prescribed two weeks ago for 28 days: in its period today.
  const prescriptions = section.getByRole('region', { name: '処方（病院）' });
  const furosemide = prescriptions.getByRole('row', { name: /フロセミド錠20mg/ });
  await expect(furosemide).toContainText('1錠');
  await expect(furosemide).toContainText('1日1回 朝食後');
  await expect(furosemide).toContainText('28日分');
  await expect(furosemide).toContainText('期間中');
  await expect(furosemide).toContainText(`${jaDay(-14)}〜${jaDay(13)}`);
  await expect(furosemide).toContainText(`宮崎中央病院 OMP-01 ${jaDay(-14)}`);
  await expect(prescriptions.getByRole('row', { name: /メトホルミン/ })).toContainText('1日 3錠');
  // The day's total only where it says more than the dose; 経口 goes without saying.
  await expect(furosemide).not.toContainText('1日 1錠');
  await expect(furosemide).not.toContainText('経口');
  await expect(prescriptions.getByText('終了', { exact: true })).toHaveCount(0);

  // Lab results by test: the newest value, flagged, with its trend.
  const labs = section.getByRole('region', { name: '検査結果（病院）' });
  const hba1c = labs.getByRole('row', { name: /HbA1c/ });
  await expect(hba1c).toContainText('7.4 %');
  await expect(hba1c.locator('abbr.lab-flag--high')).toHaveText('H');
  await expect(hba1c.locator('abbr')).toHaveAttribute('title', '高値');
  await expect(hba1c).toContainText('4.6-6.2');
  await expect(hba1c).toContainText(`宮崎中央病院 OML-11 ${jaDay(-14)}`);
  await expect(hba1c.getByRole('img')).toHaveAttribute(
    'aria-label',
    `HbA1c（NGSP）の推移（古い順）: ${jaDay(-270)} 8.6 % H、${jaDay(-200)} 8.1 % H、${jaDay(-130)} 8.3 % H、${jaDay(-72)} 7.9 % H、${jaDay(-14)} 7.4 % H（基準値 4.6-6.2）`,
  );
  const egfr = labs.getByRole('row', { name: /eGFR/ });
  await expect(egfr.locator('abbr.lab-flag--low')).toHaveText('L');
  await expect(egfr.getByRole('img')).toHaveAttribute(
    'aria-label',
    new RegExp(`^eGFRの推移（古い順）: ${jaDay(-200)} 47.8 mL/min/1.73m² L、.*（基準値 60以上）$`),
  );
  // One value is no trend; a qualitative result is shown as written.
  await expect(labs.getByRole('row', { name: /カリウム/ }).getByRole('img')).toHaveCount(0);
  await expect(labs.getByRole('row', { name: /カリウム/ }).locator('abbr')).toHaveCount(0);
  await expect(labs.getByRole('row', { name: /尿蛋白/ })).toContainText('(1+)');
  await expect(labs.getByRole('row', { name: /尿蛋白/ }).locator('abbr.lab-flag--abnormal')).toHaveText('A');
  await expect(labs.getByRole('img')).toHaveCount(4);

  await scrollTo(page, section);
  await renkei.screenshot('hospital-01-doctor');
  await scrollTo(page, labs);
  await renkei.screenshot('hospital-02-labs');

  // 和暦, as the rest of 概要 when the user chose it.
  await page.getByLabel('日付を和暦で表示').check();
  await expect(furosemide).toContainText(/宮崎中央病院 OMP-01 令和\d+年\d+月\d+日/);
  await expect(hba1c.getByRole('img')).toHaveAttribute('aria-label', /^HbA1c（NGSP）の推移（古い順）: 令和/);
});

test('病院データ: a discharge medication whose days have passed is marked ended', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await openPatient(page, '髙橋 花子');
  const prescriptions = hospitalSection(page).getByRole('region', { name: '処方（病院）' });
  await expect(prescriptions.getByRole('row', { name: /アセトアミノフェン/ })).toContainText('終了');
  await expect(prescriptions.getByRole('row', { name: /アセトアミノフェン/ })).toContainText(`${jaDay(-40)}〜${jaDay(-27)}`);
  await expect(prescriptions.getByRole('row', { name: /レバミピド/ })).toContainText('終了');
  await expect(prescriptions.getByText('期間中', { exact: true })).toHaveCount(0);
  // Nothing imported of a kind: its part is left out.
  await expect(hospitalSection(page).getByRole('region', { name: '検査結果（病院）' })).toHaveCount(0);
  await expect(hospitalSection(page).getByRole('region', { name: 'アレルギー（病院）' })).toHaveCount(0);
  await scrollTo(page, hospitalSection(page));
  await renkei.screenshot('hospital-03-ended');
});

test('病院データ: a care worker reads the hospital’s allergies and diagnoses, not its prescriptions or lab results', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  api.hospitalData.set('p-yamada', careWorkerView(yamadaHospitalData()));
  const { page } = renkei;
  await renkei.open(api);
  await openPatient(page, '山田 太郎');
  const section = hospitalSection(page);
  await expect(section.getByRole('region', { name: 'アレルギー（病院）' })).toContainText('セファクロル');
  await expect(section.getByRole('region', { name: '病名（病院）' })).toContainText('慢性心不全の急性増悪');
  await expect(section.getByRole('region', { name: '処方（病院）' })).toHaveCount(0);
  await expect(section.getByRole('region', { name: '検査結果（病院）' })).toHaveCount(0);
  await expect(section).not.toContainText('フロセミド');
  await expect(section).not.toContainText('HbA1c');
  await scrollTo(page, section);
  await renkei.screenshot('hospital-04-care-worker');
});

test('病院データ: none for a patient linked to no hospital; read from this PC offline', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await openPatient(page, '佐々木 美智子');
  await expect(page.getByRole('region', { name: /最近の経過記録/ })).toBeVisible();
  await expect(hospitalSection(page)).toHaveCount(0);
  await expect(page.getByText('病院データ')).toHaveCount(0);

  await page
    .getByRole('button', { name: /患者一覧/ })
    .first()
    .click();
  api.update({ online: false });
  await openPatient(page, '山田 太郎');
  const section = hospitalSection(page);
  await expect(section.getByRole('heading', { level: 2 })).toContainText('この端末の保存データ');
  await expect(section.getByRole('region', { name: '検査結果（病院）' }).getByRole('row', { name: /HbA1c/ })).toContainText('7.4');
});

test('病院データ in English', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await page.getByRole('button', { name: 'English' }).click();
  await openPatient(page, '山田 太郎');
  const section = page.getByRole('region', { name: /^Hospital data/ });
  await expect(section.getByRole('heading', { level: 2 })).toContainText('Hospital record, read-only');
  await expect(section).toContainText('宮崎中央病院 (hospital patient ID 00123456)');
  const labs = section.getByRole('region', { name: 'Lab results (hospital)' });
  await expect(labs.getByRole('row', { name: /HbA1c/ }).getByRole('img')).toHaveAttribute(
    'aria-label',
    /^HbA1c（NGSP） over time \(oldest first\): .* \(reference 4\.6-6\.2\)$/,
  );
  await expect(section.getByRole('region', { name: 'Prescriptions (hospital)' }).getByRole('row', { name: /フロセミド/ })).toContainText('In period');
  await scrollTo(page, section);
  await renkei.screenshot('hospital-05-english');
});

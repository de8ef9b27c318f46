// 書類 → 「FHIRで出力」 on a finalised 診療情報提供書, with the scripted double: shown only on a
// finalised letter (not on its draft, nor on a finalised form of another kind), saved with the file's name
// said, the server's refusal said in its words, and disabled with the reason while offline.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { userFacing } from './scripted-chart';
import { ScriptedDesktopApi } from './scripted-desktop-api';

async function openReferral(page: Page): Promise<void> {
  await page.locator('.patient-row', { hasText: '山田 太郎' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('山田 太郎');
  await page.getByRole('tab', { name: '書類' }).click();
  await page.getByRole('button', { name: '診療情報提供書（皮膚科へ）' }).click();
}

const COMPLETE = {
  toFacility: '宮崎皮膚科クリニック',
  writtenOn: '2026-12-04',
  fromFacility: 'ひむか在宅クリニック',
  fromDoctor: '田中 一郎',
  diagnosis: '仙骨部褥瘡',
  purpose: '褥瘡治療のご相談',
};

test('a draft letter offers no FHIR export; once finalised, 「FHIRで出力」 saves it and says where', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await openReferral(page);
  const editor = page.getByTestId('form-editor');
  await expect(editor.getByRole('button', { name: 'PDFを表示・印刷' })).toBeVisible();
  await expect(editor.getByTestId('form-fhir-export')).toHaveCount(0);
  // The receiving office's number, for an office not on Renkei, is checked as it is typed.
  const number = editor.getByLabel('紹介先の医療機関コード');
  await number.fill('4519900107');
  await expect(editor.getByText('「紹介先の医療機関コード」: 保険医療機関番号の検証番号（最後の1桁）が合いません。')).toBeVisible();
  await renkei.screenshot('fhir-export-00-receiver-number');
  await number.fill('４５１９９００１０６');
  await expect(editor.getByText(/「紹介先の医療機関コード」:/)).toHaveCount(0);
  // Nor does a finalised form of another kind (the typed number left unsaved).
  await page.getByRole('button', { name: '書類一覧に戻る' }).click();
  await page.getByRole('dialog', { name: '保存していない変更があります' }).getByRole('button', { name: '変更を破棄して移動' }).click();
  await page.getByRole('button', { name: '特別訪問看護指示書（心不全増悪）' }).click();
  await expect(page.getByTestId('finalised-banner')).toBeVisible();
  await expect(editor.getByTestId('form-fhir-export')).toHaveCount(0);
  await page.getByRole('button', { name: '書類一覧に戻る' }).click();
  await page.getByRole('button', { name: '診療情報提供書（皮膚科へ）' }).click();

  const draft = api.chart.saveAsColleague('p-yamada', 'f-referral', COMPLETE);
  api.chart.finaliseForm('p-yamada', 'f-referral', draft.version);
  await page.getByRole('button', { name: '書類一覧に戻る' }).click();
  await page.getByRole('button', { name: '診療情報提供書（皮膚科へ）' }).click();
  const button = editor.getByRole('button', { name: 'FHIRで出力' });
  await expect(button).toBeEnabled();
  await button.click();
  await expect(editor.getByTestId('form-fhir-saved')).toHaveText('「診療情報提供書_v1-fhir-20261207.json」に保存しました。');
  expect(api.calls.filter((c) => c.method === 'saveFhirExport').map((c) => c.args[0])).toEqual([{ patientId: 'p-yamada', formId: 'f-referral' }]);
  await renkei.screenshot('fhir-export-01-saved');

  // The server refuses while the receiving office's number is not known: said in its words, with what to do.
  api.refuseNext('saveFhirExport', userFacing('FHIR_EXPORT_RECEIVER_NUMBER_UNKNOWN'));
  await button.click();
  await expect(editor.getByRole('alert')).toContainText('「紹介先の医療機関コード」に番号を記入した版を確定してから出力してください');
  await renkei.screenshot('fhir-export-02-refused');
});

test('offline, 「FHIRで出力」 is disabled and says why', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const draft = api.chart.saveAsColleague('p-yamada', 'f-referral', COMPLETE);
  api.chart.finaliseForm('p-yamada', 'f-referral', draft.version);
  const { page } = renkei;
  await renkei.open(api);
  await openReferral(page);
  api.update({ online: false });
  const editor = page.getByTestId('form-editor');
  await expect(editor.getByRole('button', { name: 'FHIRで出力' })).toBeDisabled();
  await expect(editor.getByTestId('form-fhir-offline')).toHaveText(
    'FHIRでの出力はサーバーに接続しているときだけできます（サーバーがファイルを作成し、出力を記録します）。',
  );
  await renkei.screenshot('fhir-export-03-offline');
  expect(api.calls.filter((c) => c.method === 'saveFhirExport')).toEqual([]);
});

// The contact timeline's screens (連絡帳), driven as a doctor would over the scripted API at
// 1366×768: the inbox and the unread badge on the patient list, the timeline tab with replies under
// their post, 既読 n/m and who read it, writing a post with a mention completed from the members
// and a flag, a photo dropped on the compose box, opened and filed into the chart, and a post kept
// unsent while the server cannot be reached. The same screens run on the real core in the demo.
// Screenshots land in test-results/screenshots (timeline-*).
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { buildDocumentFixtures, defaultFixtureDirectory, missingFixtureTools } from '@renkei/backend/test-support';
import { dropOnComposeBox } from './drop-files';
import { expect, test, type RenkeiPage } from './fixtures';
import { scriptedPdf } from './scripted-chart';
import { ScriptedDesktopApi } from './scripted-desktop-api';

test.afterEach(({ renkei }) => {
  expect(renkei.problems, 'console errors (CSP violations, exceptions)').toEqual([]);
});

/** Logged in as the scripted doctor, with 山田 太郎's timeline opened from the inbox. */
async function openYamadaTimeline(renkei: RenkeiPage) {
  const api = ScriptedDesktopApi.loggedIn();
  await renkei.open(api);
  await renkei.page
    .getByRole('region', { name: '連絡帳' })
    .getByRole('button', { name: /山田 太郎/ })
    .click();
  return { api, page: renkei.page };
}

test('the inbox and the 連絡帳 tab: read, reply, mention, flag, and who has read it', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  // The inbox lists the patient's timeline with what is unread; the patient's row says so too.
  const inbox = page.getByRole('region', { name: '連絡帳' });
  await expect(inbox.getByRole('button', { name: /山田 太郎/ })).toBeVisible();
  await expect(page.locator('.patient-row', { hasText: '山田 太郎' }).getByTestId('unread-badge')).toContainText('未読');
  await renkei.screenshot('timeline-01-inbox');

  await inbox.getByRole('button', { name: /山田 太郎/ }).click();
  await expect(page.getByRole('tab', { name: /^連絡帳/ })).toHaveAttribute('aria-selected', 'true');
  const posts = page.getByTestId('post');
  await expect(posts.first()).toBeVisible();
  // 既読 n/m opens who read it.
  await posts
    .first()
    .getByRole('button', { name: /既読 \d+\/\d+/ })
    .click();
  const readers = page.getByTestId('post-readers');
  await expect(readers).toContainText('既読');
  await renkei.screenshot('timeline-02-readers');
  await readers.getByRole('button', { name: '閉じる' }).click();

  // A mention completed from the members, straight after Japanese text, and 確認依頼.
  const box = page.getByRole('textbox', { name: '連絡帳に投稿' });
  await box.click();
  await box.pressSequentially('夕方にもう一度伺います。@');
  const suggestions = page.getByRole('listbox', { name: '宛先の候補' });
  await expect(suggestions.getByRole('option').first()).toBeVisible();
  await renkei.screenshot('timeline-03-mention');
  const chosen = (await suggestions.getByRole('option').first().locator('strong').textContent()) ?? '';
  await page.keyboard.press('Enter');
  await expect(box).toHaveValue(`夕方にもう一度伺います。@${chosen} `);
  await page.getByLabel('確認依頼').check();
  await page.keyboard.press('Control+Enter');
  const mine = posts.filter({ hasText: '夕方にもう一度伺います。' });
  await expect(mine).toContainText('確認依頼');
  await expect(mine).toContainText(`@${chosen}`);
  await expect(box).toHaveValue('');
  await renkei.screenshot('timeline-04-posted');
});

test('a photo dropped on the compose box: staged, posted, opened in the viewer, and filed into the chart', async ({ renkei }) => {
  const missing = missingFixtureTools();
  test.skip(missing.length > 0, `needs ${missing.join(', ')} to make a real photo`);
  const fixtures = await buildDocumentFixtures(defaultFixtureDirectory());
  const photo = { name: `褥瘡_${basename(fixtures.photoJpeg)}`, bytes: await readFile(fixtures.photoJpeg) };
  const { api, page } = await openYamadaTimeline(renkei);
  await expect(page.getByRole('tab', { name: /^連絡帳/ })).toHaveAttribute('aria-selected', 'true');

  await dropOnComposeBox(page, { name: photo.name, bytes: photo.bytes, type: 'image/jpeg' });
  const staged = page.getByRole('list', { name: '添付（写真・PDF）' });
  await expect(staged).toContainText(photo.name);
  await expect(staged.getByRole('button', { name: `${photo.name} を外す` })).toBeVisible();
  await renkei.screenshot('timeline-05-staged-photo');

  const box = page.getByRole('textbox', { name: '連絡帳に投稿' });
  await box.fill('仙骨部の褥瘡、写真を共有します。');
  await page.keyboard.press('Control+Enter');
  const posted = page.getByTestId('post').filter({ hasText: '仙骨部の褥瘡、写真を共有します。' });
  await expect(posted).toContainText(photo.name);
  await expect(posted).toContainText('JPEG');
  await expect(staged).toHaveCount(0);

  // 開く: the chart's document viewer, with the photo's bytes.
  await posted.getByRole('button', { name: `${photo.name} を開く` }).click();
  const viewer = page.getByTestId('viewer-dialog');
  await expect(viewer.locator('img.document-page__image')).toBeVisible();
  await renkei.screenshot('timeline-06-photo-open');
  await viewer.getByRole('button', { name: '閉じる' }).click();

  // 「カルテの文書に登録」, then 「登録済み」 on the post and the document under 文書.
  await posted.getByRole('button', { name: `${photo.name} をカルテの文書に登録` }).click();
  const filing = page.getByTestId('file-attachment');
  await filing.getByLabel('文書の種類').selectOption({ label: 'その他' });
  await filing.getByLabel('題名').fill('褥瘡の写真（仙骨部）');
  await filing.getByRole('button', { name: '登録する' }).click();
  await expect(filing).toHaveCount(0);
  await expect(posted).toContainText('登録済み');
  await expect(posted.getByRole('button', { name: `${photo.name} をカルテの文書に登録` })).toHaveCount(0);
  await renkei.screenshot('timeline-07-photo-filed');
  await page.getByRole('tab', { name: '文書' }).click();
  await expect(page.getByRole('table').filter({ hasText: '褥瘡の写真（仙骨部）' })).toBeVisible();
  expect(api.calls.filter((c) => c.method === 'fileAttachment')).toHaveLength(1);
});

test('a marker moved or a post arriving updates the open timeline and the inbox without reading them again', async ({ renkei }) => {
  const { api, page } = await openYamadaTimeline(renkei);
  const tab = page.getByRole('tab', { name: /^連絡帳/ });
  await expect(tab).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('post').first()).toBeVisible();
  const reads = () => api.calls.filter((c) => c.method === 'listTimelines' || c.method === 'readTimeline').length;
  const marks = () => api.calls.filter((c) => c.method === 'markTimelineRead').length;

  // The posts on screen are read: the marker moves, and the tab's unread count goes, from the core's events alone.
  await expect.poll(marks).toBe(1);
  await expect(tab.locator('.chart-tabs__badge')).toHaveCount(0);
  const before = reads();

  // The nurse posts; it appears, and is read in its turn.
  api.timeline.arrive(1, '夕方の訪問で解熱を確認しました。');
  await expect(page.getByTestId('post').filter({ hasText: '夕方の訪問で解熱を確認しました。' })).toBeVisible();
  await expect.poll(marks).toBe(2);
  await expect(tab.locator('.chart-tabs__badge')).toHaveCount(0);
  expect(reads()).toBe(before);
});

test('a group made from the inbox: its owner adds someone found by name and removes them; in another\u2019s group the members are only listed', async ({
  renkei,
}) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  const inbox = page.getByRole('region', { name: '連絡帳' });
  await inbox.getByRole('button', { name: 'グループを作成' }).click();
  await inbox.getByLabel('グループ名').fill('褥瘡ケア勉強会');
  await renkei.screenshot('timeline-09-new-group');
  await inbox.getByRole('button', { name: '作成する' }).click();

  // The new group opens, with its creator as its owner.
  await expect(page.getByRole('heading', { level: 1 })).toContainText('褥瘡ケア勉強会');
  const members = page.getByRole('region', { name: /メンバー/ });
  await expect(members.getByRole('heading')).toHaveText('メンバー（1人）');
  await expect(members.getByRole('listitem').first()).toContainText('オーナー');

  // Someone of another office, found by the reading of their name.
  await members.getByLabel('メンバーを追加').fill('カワノ');
  await members.getByRole('button', { name: '川野 真理さんをグループに追加' }).click();
  await expect(members.getByRole('heading')).toHaveText('メンバー（2人）');
  await expect(members).toContainText('ヘルパーステーションみどり');
  await renkei.screenshot('timeline-10-group-members');
  const added = api.calls.find((c) => c.method === 'addGroupMember')?.args;
  expect(added?.[1]).toBe('u-kawano');

  await members.getByRole('button', { name: '川野 真理さんをグループから外す' }).click();
  await expect(members.getByRole('heading')).toHaveText('メンバー（1人）');
  expect(api.calls.find((c) => c.method === 'removeGroupMember')?.args).toEqual(added);

  // The nurse's group: the doctor sees who is in it, and cannot change it.
  await page
    .getByRole('button', { name: /一覧に戻る|戻る/ })
    .first()
    .click();
  await page
    .getByRole('region', { name: '連絡帳' })
    .getByRole('button', { name: /宮崎市在宅医療連携グループ/ })
    .click();
  const others = page.getByRole('region', { name: /メンバー/ });
  await expect(others.getByRole('heading')).toHaveText('メンバー（3人）');
  await expect(others).toContainText('メンバーの追加や削除はグループのオーナーが行います。');
  await expect(others.getByRole('button')).toHaveCount(0);
  await expect(others.getByLabel('メンバーを追加')).toHaveCount(0);
});

test('a PDF posted while the server cannot be reached waits as 未送信 with its name, and goes with the post', async ({ renkei }) => {
  const { api, page } = await openYamadaTimeline(renkei);
  await expect(page.getByTestId('post').first()).toBeVisible();
  api.update({ online: false });

  await dropOnComposeBox(page, { name: '退院時サマリー.pdf', bytes: scriptedPdf(['Discharge summary']), type: 'application/pdf' });
  await expect(page.getByRole('list', { name: '添付（写真・PDF）' })).toContainText('退院時サマリー.pdf');
  await page.getByRole('textbox', { name: '連絡帳に投稿' }).fill('退院時サマリーが届きました。');
  await page.keyboard.press('Control+Enter');
  const waiting = page.getByTestId('post').filter({ hasText: '退院時サマリーが届きました。' });
  await expect(waiting).toContainText('未送信');
  await expect(waiting.getByRole('list', { name: '送信待ちの添付ファイル' })).toContainText('退院時サマリー.pdf');
  await expect(waiting.getByRole('button', { name: '退院時サマリー.pdf を開く' })).toHaveCount(0);
  await renkei.screenshot('timeline-08-pending-attachment');

  api.update({ online: true });
  api.timeline.comeOnline();
  await expect(waiting).not.toContainText('未送信');
  await expect(waiting).toContainText('PDF');
  await expect(waiting.getByRole('button', { name: '退院時サマリー.pdf を開く' })).toBeVisible();
});

test('a post written while the server is out of reach shows once, as 未送信, and still once when it is sent', async ({ renkei }) => {
  const { api, page } = await openYamadaTimeline(renkei);
  await expect(page.getByTestId('post').first()).toBeVisible();
  api.update({ online: false });
  const box = page.getByRole('textbox', { name: '連絡帳に投稿' });
  await box.fill('夕方に再訪します。');
  await page.keyboard.press('Control+Enter');
  const mine = page.getByTestId('post').filter({ hasText: '夕方に再訪します。' });
  await expect(mine).toHaveCount(1);
  await expect(mine).toContainText('未送信');

  api.update({ online: true });
  api.timeline.comeOnline();
  await expect(mine).not.toContainText('未送信');
  await expect(mine).toHaveCount(1);
});

// The contact timeline's screens (連絡帳), driven as a doctor would over the scripted API at
// 1366×768: the inbox and the unread badge on the patient list, the timeline tab with replies under
// their post, 既読 n/m and who read it, writing a post with a mention completed from the members
// and a flag, and a post kept unsent while the server cannot be reached. The same screens run on
// the real core in the demo. Screenshots land in test-results/screenshots (timeline-*).
import { expect, test } from './fixtures';
import { ScriptedDesktopApi } from './scripted-desktop-api';

test.afterEach(({ renkei }) => {
  expect(renkei.problems, 'console errors (CSP violations, exceptions)').toEqual([]);
});

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

test('a marker moved or a post arriving updates the open timeline and the inbox without reading them again', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await page
    .getByRole('region', { name: '連絡帳' })
    .getByRole('button', { name: /山田 太郎/ })
    .click();
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
  await renkei.screenshot('timeline-05-new-group');
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
  await renkei.screenshot('timeline-06-group-members');
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

test('a post written while the server is out of reach shows once, as 未送信, and still once when it is sent', async ({ renkei }) => {
  const api = ScriptedDesktopApi.loggedIn();
  const { page } = renkei;
  await renkei.open(api);
  await page
    .getByRole('region', { name: '連絡帳' })
    .getByRole('button', { name: /山田 太郎/ })
    .click();
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

// The demo region's contact timeline (連絡帳), with `renkei-admin demo --chart`: the pilot's model
// patient, 宮崎 未来斗 (78, gastric cancer with liver metastases, home after discharge), and a week
// of posts among his hospital liaison, doctor, nurse, pharmacist, care manager and care worker;
// and one regional group run by the medical association's office. Everything is written through
// the same functions as the API, each at its own time and from its office's registered PC, so
// read markers, 確認 and unread counts are real.
import { randomUUID } from 'node:crypto';
import { openUserScope } from '../../access/call-scope';
import { openTimelineScope, type TimelineTarget } from '../../access/timeline-access';
import type { Store } from '../../db/database';
import type { DeviceRow, UserRow } from '../../db/schema';
import { createGroup } from '../../timeline/groups';
import { writePost } from '../../timeline/posts';
import { promoteToNote } from '../../timeline/promotion';
import { confirmPost, markRead } from '../../timeline/read-state';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface DemoAuthors {
  /** The demo user of each login. */
  user(login: string): UserRow;
  /** A registered PC of the office the user works for. */
  device(login: string): Promise<DeviceRow>;
}

interface ScriptedPost {
  key: string;
  by: string;
  /** Days before today, and the time of day in Japan (HH:MM). */
  day: number;
  at: string;
  body: string;
  urgent?: boolean;
  asksConfirmation?: boolean;
  mentions?: string[];
  replyTo?: string;
  /** Logins that confirm it, some time later. */
  confirmedBy?: string[];
}

/** The model patient's team, as in the pilot's figure 8. */
export const MODEL_PATIENT_TEAM = ['dr.kuroki', 'dr.kawano', 'ns.kai', 'ph.kodama', 'cm.iwakiri', 'cw.yano', 'msw.tanaka'] as const;

const MODEL_PATIENT_POSTS: ScriptedPost[] = [
  {
    key: 'discharge',
    by: 'msw.tanaka',
    day: 6,
    at: '09:10',
    body: '本日、宮崎中央病院を退院されました。胃がん・多発肝転移で、化学療法は行わない方針です。\nご本人は「最期まで家で過ごしたい」と話されています。退院時サマリーは後ほど共有します。',
  },
  {
    key: 'first-visit',
    by: 'ns.kai',
    day: 6,
    at: '15:30',
    body: '初回訪問しました。BP 112/70、HR 84、SpO2 96%、体温 36.8℃。\n心窩部に鈍痛あり（NRS 3）。食事はおかゆを半量。奥様がお一人で介護されています。',
  },
  {
    key: 'first-visit-reply',
    by: 'dr.kuroki',
    day: 6,
    at: '16:05',
    body: 'ありがとうございます。明日午前に初回の訪問診療に伺います。',
    replyTo: 'first-visit',
  },
  {
    key: 'opioid-start',
    by: 'dr.kuroki',
    day: 5,
    at: '11:20',
    body: '訪問診療しました。オキシコドン徐放錠 5mg 1日2回を開始、レスキューはオキノーム散 2.5mg。\n便秘予防に酸化マグネシウムを併用します。服薬の支援をお願いします。',
    asksConfirmation: true,
    mentions: ['ph.kodama', 'ns.kai'],
    confirmedBy: ['ph.kodama', 'ns.kai', 'cm.iwakiri'],
  },
  {
    key: 'pharmacy',
    by: 'ph.kodama',
    day: 5,
    at: '13:00',
    body: '処方を受け付けました。本日16時にお届けして服薬指導します。オキノームの使い方は奥様にもお伝えします。',
    replyTo: 'opioid-start',
  },
  {
    key: 'care-morning',
    by: 'cw.yano',
    day: 4,
    at: '10:40',
    body: '午前の訪問介護に入りました。ほとんど横になって過ごされています。昼食はおかゆを3口、お茶はよく飲まれました。',
  },
  {
    key: 'pain-urgent',
    by: 'ns.kai',
    day: 3,
    at: '18:50',
    body: '夕方から腹痛が強くなっています（NRS 7）。レスキューを2回使いましたが効果が不十分です。往診をご検討ください。',
    urgent: true,
    mentions: ['dr.kuroki'],
  },
  { key: 'pain-reply', by: 'dr.kuroki', day: 3, at: '19:05', body: '20時に往診します。', replyTo: 'pain-urgent' },
  {
    key: 'night-visit',
    by: 'dr.kuroki',
    day: 3,
    at: '21:30',
    body: '往診しました。オキシコドン徐放錠を 10mg 1日2回に増量します。腹水は軽度。\n奥様の不安が強いため、夜間の連絡先をあらためて説明しました。',
    asksConfirmation: true,
    confirmedBy: ['ns.kai', 'ph.kodama'],
  },
  {
    key: 'conference',
    by: 'cm.iwakiri',
    day: 2,
    at: '14:00',
    body: 'サービス担当者会議を今週金曜 14時からご自宅で開きたいと思います。ご都合をお知らせください。\n介護ベッドは明日の午前に搬入予定です。',
    asksConfirmation: true,
    confirmedBy: ['ns.kai', 'cw.yano'],
  },
  { key: 'bed', by: 'cw.yano', day: 1, at: '10:15', body: '介護ベッドが入りました。体位変換のしかたを奥様と一緒に確認しました。' },
  {
    key: 'pain-better',
    by: 'ns.kai',
    day: 1,
    at: '15:40',
    body: '疼痛は NRS 2 まで改善しています。排便あり。\n仙骨部に 1cm ほどの発赤があり、除圧マットへの変更を検討しています。',
  },
  {
    key: 'pharmacy-check',
    by: 'ph.kodama',
    day: 0,
    at: '09:00',
    body: '定期訪問しました。残薬を確認、飲み忘れはありません。レスキューの使用は昨日1回のみでした。',
  },
];

/** An instant `day` days before today, at HH:MM in Japan. */
function japanTime(now: Date, day: number, at: string): Date {
  const [hours, minutes] = at.split(':').map(Number) as [number, number];
  const japanMidnight = Math.floor((now.getTime() + 9 * HOUR) / DAY) * DAY - 9 * HOUR;
  return new Date(Math.min(japanMidnight - day * DAY + hours * HOUR + minutes * 60_000, now.getTime() - 60_000));
}

async function scopeOf(store: Store, authors: DemoAuthors, login: string, at: Date, target: TimelineTarget) {
  const caller = { user: authors.user(login), device: await authors.device(login) };
  return openTimelineScope(openUserScope(store, caller, at), target, 'demo');
}

/** A week of posts on the model patient's timeline; everyone but the attending doctor has read the latest. */
export async function seedModelPatientTimeline(store: Store, authors: DemoAuthors, patientId: string, now: Date): Promise<void> {
  const target: TimelineTarget = { kind: 'patient', patientId };
  const written = new Map<string, { postId: string; seq: number }>();
  for (const scripted of MODEL_PATIENT_POSTS) {
    const at = japanTime(now, scripted.day, scripted.at);
    const scope = await scopeOf(store, authors, scripted.by, at, target);
    const post = await writePost(scope, {
      clientRequestId: randomUUID(),
      body: scripted.body,
      urgent: scripted.urgent ?? false,
      asksConfirmation: scripted.asksConfirmation ?? false,
      mentionedUserIds: (scripted.mentions ?? []).map((login) => authors.user(login).id),
      replyToPostId: scripted.replyTo ? written.get(scripted.replyTo)!.postId : '',
    });
    written.set(scripted.key, { postId: post.postId!, seq: Number(post.seq) });
    // The author has read what they wrote; the others read it within minutes, except today's post,
    // and the attending doctor has not opened the timeline since the conference notice.
    const doctorAway = scripted.day < 2 || (scripted.day === 2 && scripted.key !== 'conference');
    for (const reader of MODEL_PATIENT_TEAM) {
      if (reader !== scripted.by && (scripted.day === 0 || (reader === 'dr.kuroki' && doctorAway))) continue;
      const readAt = new Date(Math.min(at.getTime() + (reader === scripted.by ? 0 : 4 * 60_000), now.getTime()));
      await markRead(await scopeOf(store, authors, reader, readAt, target), { upTo: Number(post.seq) });
    }
    for (const [i, confirmer] of (scripted.confirmedBy ?? []).entries()) {
      const confirmAt = new Date(Math.min(at.getTime() + (i + 1) * 5 * 60_000, now.getTime()));
      await confirmPost(await scopeOf(store, authors, confirmer, confirmAt, target), { postId: post.postId! });
    }
    if (scripted.key === 'opioid-start') {
      // At that visit the doctor took the nurse's first-visit report into the chart (O).
      const doctor = await scopeOf(store, authors, 'dr.kuroki', new Date(at.getTime() + 10 * 60_000), target);
      await promoteToNote(doctor.patient!, { postIds: [written.get('first-visit')!.postId], section: 'SOAP_SECTION_OBJECTIVE' });
    }
  }
}

/** The region's multi-profession group, run by the medical association's office. */
export async function seedRegionalGroup(store: Store, authors: DemoAuthors, now: Date): Promise<void> {
  const owner = 'office.sato';
  const members = ['dr.kuroki', 'dr.kawano', 'ns.kai', 'ph.kodama', 'cm.iwakiri', 'msw.tanaka'];
  const created = japanTime(now, 10, '09:00');
  const group = await createGroup(openUserScope(store, { user: authors.user(owner), device: await authors.device(owner) }, created), {
    clientRequestId: randomUUID(),
    title: '宮崎市 在宅医療・介護連携の会',
    memberUserIds: members.map((login) => authors.user(login).id),
  });
  const target: TimelineTarget = { kind: 'group', groupId: group.timeline!.groupId! };
  const notice = await writePost(await scopeOf(store, authors, owner, japanTime(now, 4, '17:30'), target), {
    clientRequestId: randomUUID(),
    body: '12月の多職種研修会のお知らせです。\n日時：12月18日（金）19時〜20時30分　会場：医師会館 2階\nテーマ：がん末期の在宅看取り — 連絡帳の使い方を含めて',
    asksConfirmation: true,
  });
  await writePost(await scopeOf(store, authors, 'dr.kawano', japanTime(now, 4, '19:10'), target), {
    clientRequestId: randomUUID(),
    body: '参加します。症例を1例お持ちします。',
    replyToPostId: notice.postId!,
  });
  await confirmPost(await scopeOf(store, authors, 'ns.kai', japanTime(now, 3, '08:30'), target), { postId: notice.postId! });
}

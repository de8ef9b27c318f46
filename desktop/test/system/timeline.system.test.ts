// The contact timeline (在宅連絡帳) between two offices, on real parts: the backend in the "cloud"
// namespace, and two clinic PCs — the visiting nurse station's and the clinic's — each in a
// namespace of its own with its own tunnel service and WireGuard tunnel, its own keychain and
// desktop core. The nurse posts on 宮崎 未来斗's timeline (seeded by the demo's --chart) and the
// doctor's PC is told live, through its tunnel, without reading the timeline. Then the doctor's
// tunnel is cut while both write: the nurse's posts go to the server, the doctor's wait in the
// outbox (未送信). When the tunnel is back, the doctor's stream resumes and brings exactly what it
// missed, the outbox is sent, and both PCs read the same timeline: every post once, in order.
import { namespaceTestsUnavailable, type TestNetwork } from '@renkei/wireguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoRegion, type DemoRegion } from '../../region/demo-region';
import type { RemoteDesktopApi } from '../../region/remote-desktop-api';
import type { AppStatus, DesktopEvent, SessionView } from '../../src/shared/desktop-api';
import type { PostView, TimelineRefView, WritePostInput } from '../../src/shared/timeline-views';
import { until } from './support/until';

const unavailable = namespaceTestsUnavailable();
if (unavailable && process.env.CI) throw new Error(`CI must run the system test: ${unavailable}`);

const PASSWORD = 'system-test-password-1';
const NURSING_STATION = '訪問看護ステーションひむか';
const MODEL_PATIENT = '宮崎 未来斗';

/** A clinic PC with what its core has told the screens. */
interface Pc {
  api: RemoteDesktopApi;
  events: DesktopEvent[];
  userId: string;
}

/** The posts with `body` the core told the screens of, as they arrived. */
const toldPosts = (pc: Pc, body: string): PostView[] =>
  pc.events.flatMap((e) => (e.type === 'timeline' && e.change.kind === 'post' && e.change.post.body === body ? [e.change.post] : []));

describe.skipIf(unavailable)('the contact timeline between two clinic PCs, each behind its own tunnel', { timeout: 180_000 }, () => {
  let region: DemoRegion;
  let net: TestNetwork;
  let nurse: Pc;
  let doctor: Pc;
  let timeline: TimelineRefView;
  /** Every post this test wrote, by the body it wrote. */
  const written: string[] = [];
  const logs: string[] = [];
  const run = `${Date.now().toString(36)}`;

  const post = (body: string): WritePostInput => ({ timeline, body, urgent: false, asksConfirmation: false, mentionedUserIds: [] });
  const tunnelUp = (pc: Pc) =>
    until(
      'the tunnel to come up',
      () => pc.api.getStatus(),
      (s: AppStatus) => s.tunnel.phase === 'up',
    );
  /** What the PC reads of the timeline from the server, this test's posts only. */
  const ours = (posts: PostView[]) => posts.filter((p) => written.includes(p.body));

  beforeAll(async () => {
    region = await startDemoRegion({
      network: 'namespaces',
      clinicPcs: 2,
      chart: true,
      patients: 4,
      password: PASSWORD,
      loginFailureDelayMs: 200,
      log: (line) => logs.push(line),
    });
    net = region.net!;
    const [nursePc, doctorPc] = region.pcs as [(typeof region.pcs)[0], (typeof region.pcs)[0]];
    await nursePc.api.enroll({
      serverAddress: region.serverAddress,
      enrollmentCode: await region.inviteCode(NURSING_STATION),
      deviceName: 'ステーション事務所PC',
    });
    await doctorPc.api.enroll({ serverAddress: region.serverAddress, enrollmentCode: await region.inviteCode(), deviceName: '本院 診察室PC' });
    await region.approvePending();
    const pcs: Pc[] = [];
    for (const [pc, loginId] of [
      [nursePc, 'ns.kai'],
      [doctorPc, 'dr.kuroki'],
    ] as const) {
      const events: DesktopEvent[] = [];
      pc.api.onEvent((event) => events.push(event));
      await pc.api.refreshDevice();
      await tunnelUp({ api: pc.api, events, userId: '' });
      const session = (await pc.api.login({ loginId, password: PASSWORD })) as SessionView;
      expect(session.offline).toBe(false);
      await pc.api.syncNow();
      pcs.push({ api: pc.api, events, userId: session.user.id });
    }
    [nurse, doctor] = pcs as [Pc, Pc];
    const inbox = await doctor.api.listTimelines();
    timeline = inbox.timelines.find((t) => t.title === MODEL_PATIENT)!.timeline;
  });

  afterAll(async () => {
    await region?.stop();
    if (process.env.RENKEI_SYSTEM_LOGS) console.log(logs.join('\n'));
  });

  it('runs each PC in its own namespace, with a tunnel of its own to the cloud', async () => {
    const [nursePc, doctorPc] = region.pcs;
    expect(nursePc!.namespace).toBe(net.clinic);
    expect(doctorPc!.namespace).not.toBe(net.clinic);
    // The cloud hears each PC's tunnel from that PC's own link (the demo's other PCs are enrolled, never connected).
    const devices = JSON.parse(await region.admin(['device', 'list', '--json'])) as { name: string; tunnel_address: string }[];
    const tableOf = async (what: string) =>
      new Map(
        (await net.runIn(net.cloud, 'wg', ['show', region.cloudInterface!, what]))
          .trim()
          .split('\n')
          .map((line) => line.split('\t') as [string, string]),
      );
    const [allowed, endpoints] = [await tableOf('allowed-ips'), await tableOf('endpoints')];
    const endpointOf = (deviceName: string) => {
      const address = `${devices.find((d) => d.name === deviceName)!.tunnel_address}/32`;
      const key = [...allowed].find(([, ips]) => ips === address)![0];
      return endpoints.get(key)!.split(':')[0];
    };
    expect(endpointOf('ステーション事務所PC')).toBe(net.clinicAddress);
    expect(endpointOf('本院 診察室PC')).toMatch(/^198\.1[89]\./);
    expect(endpointOf('本院 診察室PC')).not.toBe(net.clinicAddress);
    // Each namespace reaches the server through its own WireGuard interface.
    for (const pc of region.pcs) {
      const route = await net.runIn(pc.namespace!, 'ip', ['route', 'get', net.tunnelAddress(1)]);
      expect(route).toMatch(new RegExp(`dev rkk${net.tag}\\d?`));
    }
    expect((await nurse.api.listTimelines()).timelines.map((t) => t.title)).toContain(MODEL_PATIENT);
  });

  it("tells the doctor's PC of the nurse's post live, through its tunnel, without reading the timeline", async () => {
    // The doctor's stream opens once its first sync has run; a post written before it opened is
    // not 'live' (it is read with the timeline), so the nurse writes until one arrives, and at
    // most a few are needed.
    let arrived: PostView | undefined;
    for (let attempt = 1; !arrived && attempt <= 5; attempt++) {
      const body = `訪問しました（${run}-${attempt}）。BP 118/72、疼痛 NRS 2。`;
      written.push(body);
      const sent = await nurse.api.writePost(post(body));
      expect(sent).toMatchObject({ delivery: 'sent', author: { userId: nurse.userId } });
      arrived = await until(
        "the post on the doctor's PC",
        async () => toldPosts(doctor, body)[0],
        (p) => p !== undefined,
        5_000,
      ).catch(() => undefined);
      if (arrived) expect(arrived).toMatchObject({ postId: sent.postId, seq: sent.seq, delivery: 'sent', timeline });
    }
    expect(arrived).toBeDefined();
    // The doctor's inbox counts follow from the stream alone (its PC never read the timeline).
    expect(
      doctor.events.some(
        (e) => e.type === 'timeline' && e.change.kind === 'summary' && e.change.summary.lastPostSeq === arrived!.seq && e.change.summary.unread > 0,
      ),
    ).toBe(true);
  });

  it("with the doctor's tunnel cut, keeps the doctor's posts as 未送信, and after it is back both PCs read every post once, in order", async () => {
    await doctor.api.disconnectTunnel();
    await until(
      "the doctor's PC to see the tunnel down",
      () => doctor.api.getStatus(),
      (s) => s.tunnel.phase === 'down',
    );
    const eventsBefore = doctor.events.length;

    const whileCut = [
      { pc: nurse, body: `夕方に再訪問します（${run}）。` },
      { pc: doctor, body: `オキシコドンは現量で継続（${run}）。` },
      { pc: nurse, body: `ご家族より：夜間よく眠れている（${run}）。` },
      { pc: doctor, body: `次回訪問は金曜 14時（${run}）。` },
    ];
    for (const { pc, body } of whileCut) {
      written.push(body);
      const answered = await pc.api.writePost(post(body));
      expect(answered.delivery, body).toBe(pc === nurse ? 'sent' : 'pending');
    }
    const [nurseFirst, doctorFirst, nurseSecond, doctorSecond] = whileCut.map((w) => w.body) as [string, string, string, string];

    // Offline, the doctor's PC shows what it had, and its own posts waiting, in the order written.
    const offline = await doctor.api.readTimeline(timeline);
    expect(offline.source).toBe('cache');
    expect(offline.posts.filter((p) => p.delivery === 'pending').map((p) => p.body)).toEqual([doctorFirst, doctorSecond]);
    expect(offline.posts.map((p) => p.body)).not.toContain(nurseFirst);
    expect(offline.summary.pending).toBe(2);
    // Nothing of the nurse's reached the doctor's PC while cut.
    expect(
      doctor.events.slice(eventsBefore).some((e) => e.type === 'timeline' && e.change.kind === 'post' && e.change.post.author.userId === nurse.userId),
    ).toBe(false);

    await doctor.api.connectTunnel();
    await tunnelUp(doctor);
    // The doctor's stream resumes from its cursor: the nurse's two posts arrive, once each.
    for (const body of [nurseFirst, nurseSecond]) {
      await until(
        `${body} on the doctor's PC`,
        async () => toldPosts(doctor, body),
        (told) => told.length > 0,
      );
    }
    // The outbox is sent, and the nurse's PC is told of each of the doctor's posts.
    for (const body of [doctorFirst, doctorSecond]) {
      await until(
        `${body} on the nurse's PC`,
        async () => toldPosts(nurse, body),
        (told) => told.length > 0,
      );
    }
    const doctorReads = await until(
      "the doctor's outbox to empty",
      () => doctor.api.readTimeline(timeline),
      (page) => page.source === 'server' && page.summary.pending === 0,
    );
    const nurseReads = await nurse.api.readTimeline(timeline);

    // Both read the same posts: every one written, once, each office's in the order it wrote them
    // (the doctor's reached the server after the nurse's, when its tunnel came back).
    const expected = [...written.slice(0, -4), nurseFirst, nurseSecond, doctorFirst, doctorSecond];
    for (const page of [doctorReads, nurseReads]) {
      const posts = ours(page.posts);
      expect(posts.map((p) => p.body)).toEqual(expected);
      expect(posts.every((p) => p.delivery === 'sent')).toBe(true);
      expect(new Set(posts.map((p) => p.postId)).size).toBe(expected.length);
      const seqs = posts.map((p) => p.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
    expect(ours(doctorReads.posts).map((p) => [p.postId, p.seq])).toEqual(ours(nurseReads.posts).map((p) => [p.postId, p.seq]));
    expect(
      ours(doctorReads.posts)
        .slice(-2)
        .map((p) => p.author.userId),
    ).toEqual([doctor.userId, doctor.userId]);

    // Told once each: the stream brought no duplicates after the resume, and the outbox sent each post once.
    for (const body of [nurseFirst, nurseSecond]) expect(toldPosts(doctor, body)).toHaveLength(1);
    for (const body of [doctorFirst, doctorSecond]) {
      expect(toldPosts(nurse, body)).toHaveLength(1);
      expect(
        new Set(
          toldPosts(doctor, body)
            .filter((p) => p.delivery === 'sent')
            .map((p) => p.postId),
        ).size,
      ).toBe(1);
    }
  });
});

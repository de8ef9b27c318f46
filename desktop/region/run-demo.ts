// npm run demo: a demo region on this machine, ready to use. The backend runs on embedded SQLite
// with seeded facilities, users and patients; a clinic PC is enrolled and approved; then the app
// opens. On a machine with an Electron build, that is the Electron app; where Electron cannot run
// (as on these development machines), the same screens are served through the development
// bridge at a printed address. Where the machine allows it, the real WireGuard tunnel runs
// between network namespaces; elsewhere there is no tunnel, and the app says so.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { PROFESSION_LABELS } from '@renkei/proto/labels';
import { build } from 'vite';
import { RENDERER_BUILD_DIR, startDevBridge } from '../src/dev-bridge/dev-bridge';
import { DEMO_FACILITY, startDemoRegion, type DemoRegion } from './demo-region';
import { electronBinary } from './electron-binary';

const desktopDir = fileURLToPath(new URL('..', import.meta.url));

async function waitForTunnel(region: DemoRegion): Promise<void> {
  if (region.network !== 'namespaces') return;
  for (let i = 0; i < 120; i++) {
    if ((await region.clinic.getStatus()).tunnel.phase === 'up') return;
    await sleep(250);
  }
  throw new Error('the WireGuard tunnel did not come up within 30 s');
}

console.log('Renkei デモ地域を準備しています / Preparing the demo region…');
const log: string[] = [];
// The screens are built while the region starts. Only errors are printed: the instructions below
// are what a newcomer reads.
// A failed build is reported once the region is up, so that stopping takes the region down too.
const rendererBuilt = build({ configFile: join(desktopDir, 'vite.config.ts'), logLevel: 'error' }).then(
  () => undefined,
  (error: unknown) => error,
);
const starting = startDemoRegion({ chart: true, log: (line) => log.push(line) });
let stopping: Promise<never> | undefined;
/**
 * Ends the demo however it is asked to (Ctrl+C, a signal to npm or to node, the terminal closing),
 * removing what it started: namespaces, processes and temporary folders. Asked while the region is
 * still starting, it waits for the start to finish, then takes it down.
 */
const stop = (code = 0): Promise<never> =>
  (stopping ??= (async () => {
    console.log('\n終了しています / Stopping…');
    const started = await starting.catch(() => undefined);
    await started?.stop();
    process.exit(code);
  })());
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop());
// npm forwards SIGINT and SIGTERM to the demo (its script execs node, so no shell stands between
// them). If npm itself is killed outright, the demo is orphaned: it notices and stops too.
const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid !== parentPid) void stop();
}, 1000).unref();
const region = await starting;

try {
  await region.clinic.enroll({ serverAddress: region.serverAddress, enrollmentCode: await region.inviteCode(), deviceName: 'デモ端末（本院 診察室）' });
  await region.approvePending();
  await region.clinic.refreshDevice();
  await waitForTunnel(region);
} catch (error) {
  console.error(log.slice(-20).join('\n'));
  console.error(error);
  await stop(1);
}

console.log('');
console.log('Renkei デモ地域 / demo region');
if (region.network === 'namespaces') {
  console.log(`  VPN: WireGuard（${region.net!.cloud} ⇄ ${region.net!.clinic} のネットワーク名前空間の間）`);
  console.log(`       WireGuard between the network namespaces ${region.net!.cloud} and ${region.net!.clinic}`);
} else {
  console.log('  VPN: なし — このPCではWireGuardのトンネルを張れないため、VPNなしで動かしています（画面にも表示されます）');
  console.log(`       none — this machine cannot run the tunnel (${region.noTunnelReason}); the app says so`);
}
console.log(`  端末 / PC: ${DEMO_FACILITY} に登録・承認済み / enrolled and approved`);
// A user signs in only on PCs of their own facility (or of one the office linked to it): this PC is the clinic's.
console.log('  この端末でログインできるユーザー / demo users who can log in on this PC (dr.kuroki, the attending doctor, is a good first login):');
for (const login of region.logins.filter((l) => l.facility === DEMO_FACILITY)) {
  const profession = PROFESSION_LABELS[login.profession];
  console.log(`    ${login.loginId.padEnd(12)} ${login.name}（${profession.ja}・${login.facility}）/ ${profession.en}`);
}
console.log("  他の事業所のユーザー（その事業所の端末でログインします） / users of other facilities (they log in on their own facility's PCs):");
for (const login of region.logins.filter((l) => l.facility !== DEMO_FACILITY)) {
  const profession = PROFESSION_LABELS[login.profession];
  console.log(`    ${login.loginId.padEnd(12)} ${login.name}（${profession.ja}・${login.facility}）/ ${profession.en}`);
}
console.log(`  パスワード（全員共通・デモ専用） / password (every demo user): ${region.password}`);
console.log('');

const electron = electronBinary();
const buildFailure = await rendererBuilt;
if (buildFailure) {
  console.error('画面のビルドに失敗しました / the screens could not be built:', buildFailure);
  await stop(1);
}
if (electron) {
  execFileSync(process.execPath, [join(desktopDir, 'scripts', 'build-electron.mjs')], { stdio: 'inherit' });
  // The app takes over the clinic PC's state (data directory, keychain, tunnel service); the
  // demo's own core steps aside.
  await region.clinic.call('shutdown');
  const env = {
    ...process.env,
    ...region.clinicPc.env,
    ...(region.clinicPc.tunnelSocket ? { RENKEI_TUNNEL_SOCKET: region.clinicPc.tunnelSocket } : { RENKEI_NO_TUNNEL_SERVICE: '1' }),
  };
  const main = join(desktopDir, 'dist', 'main', 'main.cjs');
  // In the clinic's network namespace, where its tunnel is.
  const [command, args] = region.net ? ['ip', ['netns', 'exec', region.net.clinic, electron, main]] : [electron, [main]];
  console.log('Electron のアプリを開きます / Opening the Electron app…');
  const app = spawn(command, args, { env, stdio: 'inherit' });
  app.once('exit', (code) => void stop(code ?? 0));
} else {
  // A browser has no folder dialog: choosing the watched folder in the demo picks this one.
  const watchedFolder = join(region.clinicPc.dataDir, '..', '監視フォルダー');
  mkdirSync(watchedFolder, { recursive: true });
  const bridge = await startDevBridge({
    api: region.clinic,
    rendererDir: RENDERER_BUILD_DIR,
    port: Number(process.env.RENKEI_DEMO_PORT ?? 0) || undefined,
    chooseWatchedFolder: async () => watchedFolder,
  });
  console.log('このマシンでは Electron を起動できない（Electron 本体をダウンロードできない）ため、同じ画面を開発用ブリッジで');
  console.log('ブラウザに表示します。このPCのブラウザで次のアドレスを開いてください:');
  console.log("Electron cannot run on this machine (its binary cannot be downloaded here), so the app's screens");
  console.log('are served through the development bridge. Open this address in a browser on this PC:');
  console.log('');
  console.log(`  ${bridge.url}`);
  console.log('');
  console.log(`  監視フォルダー / watched folder: ${watchedFolder}`);
  console.log('  （画面で監視フォルダーを選ぶとこのフォルダーになります。ここに保存したPDFが登録候補に出ます）');
  console.log('  (choosing the watched folder in the app picks this one; PDFs saved there are offered for filing)');
  console.log('');
}
console.log('Ctrl+C で終了します / Ctrl+C stops the demo.');

#!/usr/bin/env node
// Prepares this machine for a Renkei command: `npm run demo`, `npm test` and `npm run bench` run it
// first (their npm pre-scripts), and so does .ci/run. It must work before `npm ci` has ever run, so
// it is plain JavaScript using only Node itself.
//
//   node installer/setup/setup-machine.mjs demo|test   set up for that command
//   node installer/setup/setup-machine.mjs --installed record that node_modules matches the lockfile
//                                                       (the root package's postinstall)
//
// 1. Node: the version Renkei runs on.
// 2. Debian packages from the one list (debian-packages.json): installed when run as root (only
//    the missing ones; apt-get is idempotent), otherwise the exact `apt-get install` line is
//    printed and the command stops.
// 3. For the tests: PostgreSQL running, and a database role for this OS user (the tests connect
//    over the local socket with Debian's default peer authentication).
// 4. /dev/net/tun for wireguard-go (root; containers sometimes lack it).
// 5. `npm ci` when node_modules is missing or stale: built for another lockfile or another Node
//    ABI (native modules are compiled for one).
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const STAMP = join(repo, 'node_modules', '.renkei-install.json');
const POSTGRES_SOCKET_DIR = '/var/run/postgresql';
const MINIMUM_NODE = { major: 20, minor: 19 };

/** @typedef {'build' | 'demo' | 'test'} Purpose */
/** @typedef {{ name: string, for: Purpose[], why: string }} DebianPackage */

/** What each command needs: the demo and the tests both build the native modules first. */
const PURPOSES_OF = /** @type {const} */ ({ demo: ['build', 'demo'], test: ['build', 'demo', 'test'] });

/** @returns {DebianPackage[]} */
export function debianPackages() {
  return JSON.parse(readFileSync(join(repo, 'installer', 'setup', 'debian-packages.json'), 'utf8')).packages;
}

/** @param {keyof typeof PURPOSES_OF} command */
export function packagesFor(command) {
  const purposes = /** @type {readonly Purpose[]} */ (PURPOSES_OF[command]);
  return debianPackages()
    .filter((p) => p.for.some((purpose) => purposes.includes(purpose)))
    .map((p) => p.name);
}

class SetupStopped extends Error {}

/**
 * Stops with what the user must do, in both languages the project speaks.
 * @param {string} ja @param {string} en @param {string[]} commands
 * @returns {never}
 */
function stop(ja, en, ...commands) {
  console.error(`\n${ja}\n${en}\n`);
  for (const command of commands) console.error(`  ${command}`);
  if (commands.length) console.error('');
  throw new SetupStopped();
}

/**
 * Runs a program with an argument array (never a shell string).
 * @param {string} file @param {string[]} args @param {import('node:child_process').SpawnSyncOptions} options
 */
function run(file, args, options = {}) {
  return spawnSync(file, args, { ...options, encoding: 'utf8' });
}

const isRoot = process.getuid?.() === 0;

function checkNode() {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (major < MINIMUM_NODE.major || (major === MINIMUM_NODE.major && minor < MINIMUM_NODE.minor)) {
    stop(
      `Renkei には Node.js ${MINIMUM_NODE.major}.${MINIMUM_NODE.minor} 以降（20 系または 22 系）が必要です。いまの Node.js は ${process.versions.node} です。`,
      `Renkei needs Node.js ${MINIMUM_NODE.major}.${MINIMUM_NODE.minor} or later (20.x or 22.x); this is ${process.versions.node}.`,
    );
  }
}

/** @param {string[]} names */
function missingPackages(names) {
  // dpkg-query prints the packages it knows (and exits 1 if it knows not all): 'ii' is installed.
  const result = run('dpkg-query', ['-W', '-f=${Package} ${db:Status-Abbrev}\n', ...names]);
  const installed = new Set(
    result.stdout
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter(([, status]) => status === 'ii')
      .map(([name]) => name),
  );
  return names.filter((name) => !installed.has(name));
}

/** @param {string[]} names */
function ensurePackages(names) {
  if (run('dpkg-query', ['--version']).status !== 0) {
    console.warn(
      'このPCには Debian のパッケージ管理（dpkg）がありません。次のパッケージに相当するものを入れてください:\n' +
        `This machine has no dpkg (Debian's package manager). Install the equivalents of: ${names.join(' ')}`,
    );
    return;
  }
  const missing = missingPackages(names);
  if (missing.length === 0) return;
  const install = ['install', '-y', '--no-install-recommends', ...missing];
  if (!isRoot) {
    stop(
      `次の Debian パッケージが足りません。管理者として入れてから、もう一度実行してください: ${missing.join(' ')}`,
      `These Debian packages are missing. Install them as an administrator, then run the command again:`,
      `sudo apt-get ${install.join(' ')}`,
    );
  }
  console.log(`Debian パッケージを入れています / Installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['-qq', ...install],
  ]) {
    if (run('apt-get', args, { stdio: 'inherit', env }).status !== 0) {
      stop(`apt-get ${args[0] === '-qq' ? 'install' : 'update'} に失敗しました（上の出力を見てください）。`, `apt-get failed (see its output above).`);
    }
  }
}

function ensurePostgres() {
  const ready = () => run('pg_isready', ['-q', '-h', POSTGRES_SOCKET_DIR]).status === 0;
  if (!ready()) {
    // Debian's clusters: "15 main 5432 down postgres /var/lib/… /var/log/…".
    const down = run('pg_lsclusters', ['-h'])
      .stdout.split('\n')
      .map((line) => line.trim().split(/\s+/))
      .flatMap(([version = '', cluster = '', , status]) => (status === 'down' ? [{ version, cluster }] : []));
    if (!isRoot) {
      stop(
        'PostgreSQL が動いていません。管理者として起動してから、もう一度実行してください:',
        'PostgreSQL is not running. Start it as an administrator, then run the command again:',
        ...down.map(({ version, cluster }) => `sudo pg_ctlcluster ${version} ${cluster} start`),
      );
    }
    for (const { version, cluster } of down) run('pg_ctlcluster', ['--skip-systemctl-redirect', version, cluster, 'start'], { stdio: 'inherit' });
    if (!ready())
      stop('PostgreSQL を起動できませんでした（pg_lsclusters で状態を見てください）。', 'PostgreSQL could not be started (pg_lsclusters shows its state).');
  }
  // The tests connect as this OS user over the local socket; Debian's default peer authentication
  // lets them in once a role of that name exists.
  if (run('psql', ['-h', POSTGRES_SOCKET_DIR, '-d', 'postgres', '-tAc', 'select 1']).status === 0) return;
  const user = run('id', ['-un']).stdout.trim();
  if (!isRoot) {
    stop(
      `PostgreSQL にこのユーザー（${user}）のロールがありません。管理者として作ってから、もう一度実行してください:`,
      `PostgreSQL has no role for this user (${user}). Create it as an administrator, then run the command again:`,
      `sudo -u postgres createuser --superuser ${user}`,
    );
  }
  const created = run('runuser', ['-u', 'postgres', '--', 'createuser', '--superuser', user], { cwd: '/' });
  if (created.status !== 0)
    stop(`PostgreSQL のロールを作れませんでした: ${created.stderr.trim()}`, `Could not create the PostgreSQL role: ${created.stderr.trim()}`);
}

function ensureTunDevice() {
  if (!isRoot || existsSync('/dev/net/tun')) return;
  run('mkdir', ['-p', '/dev/net']);
  if (run('mknod', ['/dev/net/tun', 'c', '10', '200']).status === 0) run('chmod', ['600', '/dev/net/tun']);
}

/** What node_modules was installed for: the lockfile and the Node ABI of the native modules. */
function installIdentity() {
  return {
    lockfile: createHash('sha256')
      .update(readFileSync(join(repo, 'package-lock.json')))
      .digest('hex'),
    nodeAbi: process.versions.modules,
    platform: `${process.platform}-${process.arch}`,
  };
}

function installIsCurrent() {
  if (!existsSync(STAMP)) return false;
  try {
    return JSON.stringify(JSON.parse(readFileSync(STAMP, 'utf8'))) === JSON.stringify(installIdentity());
  } catch {
    return false;
  }
}

function ensureNodeModules() {
  if (installIsCurrent()) return;
  console.log(
    existsSync(join(repo, 'node_modules'))
      ? 'node_modules が package-lock.json または Node.js と合わないため、入れ直します（npm ci）/ node_modules is stale: npm ci'
      : 'npm のパッケージを入れています（初回は数分かかります）/ Installing npm packages (npm ci; a few minutes the first time)',
  );
  // Under npm, npm_execpath is npm's own CLI: the same npm that runs this command.
  const npmCli = process.env.npm_execpath;
  const [file, args] = npmCli && npmCli.endsWith('.js') ? [process.execPath, [npmCli, 'ci']] : ['npm', ['ci']];
  if (run(file, args, { cwd: repo, stdio: 'inherit' }).status !== 0)
    stop('npm ci に失敗しました（上の出力を見てください）。', 'npm ci failed (see its output above).');
  if (!installIsCurrent()) writeFileSync(STAMP, JSON.stringify(installIdentity()));
}

/** @param {string} command */
function setUp(command) {
  if (!(command in PURPOSES_OF)) {
    stop(`使い方: setup-machine.mjs ${Object.keys(PURPOSES_OF).join('|')}`, `usage: setup-machine.mjs ${Object.keys(PURPOSES_OF).join('|')} | --installed`);
  }
  checkNode();
  ensurePackages(packagesFor(/** @type {keyof typeof PURPOSES_OF} */ (command)));
  if (command === 'test') ensurePostgres();
  ensureTunDevice();
  ensureNodeModules();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    if (process.argv[2] === '--installed') writeFileSync(STAMP, JSON.stringify(installIdentity()));
    else setUp(process.argv[2] ?? '');
  } catch (error) {
    if (!(error instanceof SetupStopped)) throw error;
    process.exitCode = 1;
  }
}

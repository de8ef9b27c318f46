// A private, unlocked Secret Service (the OS keychain keytar talks to on Linux) for tests, the
// system test's clinic host and the demo: a session D-Bus daemon plus gnome-keyring-daemon, with
// their state in a temporary directory so nothing touches the user's own keyring.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SecretService {
  /** Environment a process needs to use this keychain. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv, input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { env, timeout: 15_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${file}: ${stderr || error.message}`)) : resolve(stdout),
    );
    child.stdin!.end(input);
  });
}

export async function startSecretService(): Promise<SecretService> {
  const dir = mkdtempSync(join(tmpdir(), 'renkei-keyring-'));
  const bus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1', `--address=unix:path=${join(dir, 'bus')}`], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const address = await new Promise<string>((resolve, reject) => {
    bus.once('error', reject);
    bus.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim().split('\n')[0]!));
  });
  const env = {
    DBUS_SESSION_BUS_ADDRESS: address,
    XDG_DATA_HOME: join(dir, 'data'),
    XDG_RUNTIME_DIR: dir,
  };
  // Unlocks (creating) a login keyring with a throwaway password; the daemon forks into the
  // background and registers on the bus.
  await run('gnome-keyring-daemon', ['--unlock', '--components=secrets'], { ...process.env, ...env }, 'renkei-test-keyring');
  return {
    env,
    async stop() {
      // gnome-keyring-daemon leaves when its session bus goes away.
      bus.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

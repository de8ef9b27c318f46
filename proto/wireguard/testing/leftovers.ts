// A global setup (vitest, Playwright) for the runs that build network namespaces: the run fails
// when it leaves any behind, or a wireguard-go it started. Later runs would see them (`wg show`
// lists every wireguard-go socket of the machine), and a leak found at once is found where it is.
// Only what this run made counts: createTestNetwork writes each network's tag to the file named by
// RENKEI_TEST_NETWORKS, which this setup sets for the workers and processes the run starts, so
// another run on the same machine, or an earlier one, does not fail this one.
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTool } from '../src/run-tool';

export const TEST_NETWORKS_ENV = 'RENKEI_TEST_NETWORKS';

/** Called by createTestNetwork: this run made a network with this tag. */
export function recordTestNetwork(tag: string): void {
  const file = process.env[TEST_NETWORKS_ENV];
  if (file) appendFileSync(file, `${tag}\n`);
}

/** wireguard-go processes by pid, with their arguments. */
function wireguardGoProcesses(): [number, string][] {
  const found: [number, string][] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (args[0]?.endsWith('wireguard-go')) found.push([pid, args.join(' ').trim()]);
    } catch {
      // ended while we looked
    }
  }
  return found;
}

export default async function leftoverCheck(): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'renkei-test-networks-'));
  const file = join(dir, 'tags');
  appendFileSync(file, '');
  process.env[TEST_NETWORKS_ENV] = file;
  return async () => {
    const tags = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    rmSync(dir, { recursive: true, force: true });
    const ours = (text: string) => tags.some((tag) => text.includes(tag));
    const namespaces = (await runTool('ip', ['netns', 'list']).catch(() => ''))
      .split('\n')
      .map((line) => line.split(' ')[0]!)
      .filter((name) => name && ours(name));
    const processes = wireguardGoProcesses()
      .filter(([, command]) => ours(command))
      .map(([pid, command]) => `${pid} ${command}`);
    if (namespaces.length > 0 || processes.length > 0) {
      // Vitest reports an error thrown here but still exits 0: the exit code is set too.
      process.exitCode = 1;
      throw new Error(
        `this test run left behind network namespaces [${namespaces.join(', ')}] and wireguard-go processes [${processes.join('; ')}]: ` +
          'a test or harness did not end what it started (TestNetwork.destroy ends every process in its namespaces)',
      );
    }
  };
}

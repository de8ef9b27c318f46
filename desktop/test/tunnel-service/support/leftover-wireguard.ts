// Last-resort cleanup for the namespace tests. A wireguard-go whose parent died keeps its network
// namespace alive after `ip netns del`, so the test ends the ones serving its own uniquely named
// interfaces, by pid; nothing else is touched.
import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';

export function endLeftoverWireguardGo(interfaceNames: readonly string[]): number[] {
  const ended: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (basename(argv[0] ?? '') === 'wireguard-go' && argv[1] === '-f' && interfaceNames.includes(argv[2] ?? '')) {
      process.kill(Number(entry), 'SIGTERM');
      ended.push(Number(entry));
    }
  }
  return ended;
}

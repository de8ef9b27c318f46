// A second backend process on the same PostgreSQL database as a test backend: `renkei-server`
// started as a real child process on a copy of the first one's data directory (same CA and
// server certificate, same database URL; its own listeners on loopback and its own event hub and
// LISTEN connection). The database is already migrated, so the second process migrates nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { TestBackend } from './test-backend';

const SERVER_BIN = resolve(import.meta.dirname, '../../bin/renkei-server.mjs');

export interface BackendProcess {
  clinicalAddress: string;
  pid: number;
  /** Every JSON log line it has written so far (of its clinical processes too). */
  log: Record<string, unknown>[];
  stop(): Promise<void>;
}

/** `config`: renkei.json settings of its own (e.g. `clinicalProcesses`: it serves the clinical API from that many processes it forks). */
export async function startSecondProcess(backend: TestBackend, options: { config?: Record<string, unknown> } = {}): Promise<BackendProcess> {
  if (backend.database.engine !== 'postgres') throw new Error('several backend processes share a PostgreSQL database, not a SQLite file');
  const dataDir = mkdtempSync(join(tmpdir(), 'renkei-backend-b-'));
  cpSync(backend.dataDir, dataDir, { recursive: true, filter: (path) => !path.endsWith('.pid') });
  if (options.config) {
    const configFile = join(dataDir, 'renkei.json');
    const config = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>;
    writeFileSync(configFile, JSON.stringify(merged(config, options.config)), { mode: 0o600 });
  }
  const child: ChildProcess = spawn(process.execPath, [SERVER_BIN, '--data-dir', dataDir], {
    env: { ...process.env, RENKEI_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  const log: Record<string, unknown>[] = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const ready = new Promise<string>((resolveReady, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      let entry: { msg?: string; clinicalAddress?: string };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        return; // not a log line
      }
      log.push(entry);
      if (entry.msg === 'Renkei server ready' && entry.clinicalAddress) resolveReady(entry.clinicalAddress);
    });
    child.once('exit', (code) => reject(new Error(`the second backend process exited (${code}) before it was ready: ${stderr.join('')}`)));
  });
  const clinicalAddress = await ready;
  return {
    clinicalAddress,
    pid: child.pid!,
    log,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function merged(base: Record<string, unknown>, changes: Record<string, unknown>): Record<string, unknown> {
  const result = { ...base };
  for (const [key, value] of Object.entries(changes)) {
    const current = result[key];
    result[key] =
      typeof value === 'object' && value !== null && typeof current === 'object' && current !== null
        ? merged(current as Record<string, unknown>, value as Record<string, unknown>)
        : value;
  }
  return result;
}

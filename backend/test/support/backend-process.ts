// A second backend process on the same PostgreSQL database as a test backend: `renkei-server`
// started as a real child process on a copy of the first one's data directory (same CA and
// server certificate, same database URL; its own listeners on loopback and its own event hub and
// LISTEN connection). The database is already migrated, so the second process migrates nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { TestBackend } from './test-backend';

const SERVER_BIN = resolve(import.meta.dirname, '../../bin/renkei-server.mjs');

export interface BackendProcess {
  clinicalAddress: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startSecondProcess(backend: TestBackend): Promise<BackendProcess> {
  if (backend.database.engine !== 'postgres') throw new Error('several backend processes share a PostgreSQL database, not a SQLite file');
  const dataDir = mkdtempSync(join(tmpdir(), 'renkei-backend-b-'));
  cpSync(backend.dataDir, dataDir, { recursive: true, filter: (path) => !path.endsWith('.pid') });
  const child: ChildProcess = spawn(process.execPath, [SERVER_BIN, '--data-dir', dataDir], {
    env: { ...process.env, RENKEI_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const ready = new Promise<string>((resolveReady, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; clinicalAddress?: string };
        if (entry.msg === 'Renkei server ready' && entry.clinicalAddress) resolveReady(entry.clinicalAddress);
      } catch {
        // not a log line
      }
    });
    child.once('exit', (code) => reject(new Error(`the second backend process exited (${code}) before it was ready: ${stderr.join('')}`)));
  });
  const clinicalAddress = await ready;
  return {
    clinicalAddress,
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

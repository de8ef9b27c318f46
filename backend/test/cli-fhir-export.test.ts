// renkei-admin export fhir, as the regional office runs it: a real child process on a fresh data
// directory writes the patient as a JP Core Bundle that validates (the offline validator and the
// packages in test/fixtures/fhir), never overwrites a
// file, and records the export in the access log. (What the office may see — no clinical chart —
// is loadOverviews' rule with no chart views, tested with the overview.)
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirErrors } from './support/fhir-validation';
import { TEST_ENGINE, createPostgresDatabase } from './support/test-backend';

// Cold renkei-admin processes take seconds each on a loaded 2-core machine (see cli-chart.test.ts).
const CLI_TEST_TIMEOUT_MS = 120_000;

const bin = new URL('../bin/renkei-admin.mjs', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'renkei-cli-fhir-'));
const dataDir = join(root, 'region');
const drops: (() => Promise<void>)[] = [];
let patientId: string;

function admin(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [bin, '--data-dir', dataDir, ...args],
      { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
    child.stdin!.end(stdin);
  });
}

async function json(args: string[]) {
  const result = await admin([...args, '--json']);
  if (result.code !== 0) throw new Error(`renkei-admin ${args.join(' ')} failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

beforeAll(async () => {
  const extra: string[] = [];
  if (TEST_ENGINE === 'postgres') {
    const db = await createPostgresDatabase();
    drops.push(db.drop);
    extra.push('--database-url', db.url);
  }
  expect((await admin(['init', '--region', '宮崎市', '--public-host', '127.0.0.1', '--tunnel', 'none', ...extra])).code).toBe(0);
  await json(['facility', 'add', '--name', 'みやざき在宅クリニック', '--kana', 'ミヤザキザイタククリニック', '--kind', 'clinic']);
  const patient = await json([
    'patient',
    'add',
    '--name',
    '宮崎 ハル',
    '--kana',
    'ミヤザキ ハル',
    '--birth-date',
    '1938-04-02',
    '--sex',
    'female',
    '--facility',
    'みやざき在宅クリニック',
  ]);
  patientId = patient.id;
}, CLI_TEST_TIMEOUT_MS);
afterAll(async () => {
  for (const drop of drops) await drop();
  rmSync(root, { recursive: true, force: true });
});

describe('renkei-admin export fhir', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('writes the patient as a JP Core Bundle that validates, and records the export', async () => {
    const out = join(root, 'patient.json');
    const result = await admin(['export', 'fhir', '--patient', patientId, '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('書き出しました');
    const bundle = JSON.parse(readFileSync(out, 'utf8'));
    expect(fhirErrors(bundle)).toEqual([]);
    expect(bundle.entry[0].resource).toMatchObject({ resourceType: 'Patient', birthDate: '1938-04-02', gender: 'female' });
    expect(bundle.entry[0].resource.name[1]).toMatchObject({ text: 'ミヤザキ ハル' });
    expect(bundle.entry.map((e: any) => e.resource.resourceType)).toEqual(['Patient']);
    const events = await json(['audit', 'tail', '--patient', patientId]);
    expect(events.at(-1)).toMatchObject({ action: 'patient.fhir.export', outcome: 'ok' });
  });

  it('never overwrites a file, and says so', async () => {
    const out = join(root, 'existing.json');
    writeFileSync(out, 'keep me');
    const result = await admin(['export', 'fhir', '--patient', patientId, '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('書き出せません');
    expect(readFileSync(out, 'utf8')).toBe('keep me');
  });

  it('refuses an unknown patient', async () => {
    const out = join(root, 'nobody.json');
    const result = await admin(['export', 'fhir', '--patient', '00000000-0000-4000-8000-000000000000', '--out', out]);
    expect(result.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});

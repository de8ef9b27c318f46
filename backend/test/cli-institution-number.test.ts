// renkei-admin facility set-institution-number, as the regional office runs it: a real child
// process on a fresh data directory records a facility's 保険医療機関番号 (full-width digits
// normalised), shows it in `facility list`, clears it with --clear, refuses a number that breaks
// the rule (facilities/institution-number.ts) with a Japanese message and changes nothing, and
// records every change in the audit log with the number before and after.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINE, createPostgresDatabase } from './support/test-backend';

// Cold renkei-admin processes take seconds each on a loaded 2-core machine (see cli-chart.test.ts).
const CLI_TEST_TIMEOUT_MS = 120_000;

const bin = new URL('../bin/renkei-admin.mjs', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'renkei-cli-institution-'));
const dataDir = join(root, 'region');
const drops: (() => Promise<void>)[] = [];
let facilityId: string;

function admin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, '--data-dir', dataDir, ...args], { timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function json(args: string[]) {
  const result = await admin([...args, '--json']);
  if (result.code !== 0) throw new Error(`renkei-admin ${args.join(' ')} failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

const recorded = async () => (await json(['facility', 'list'])).find((f: { id: string }) => f.id === facilityId).medical_institution_number;
const auditOfNumbers = async () =>
  (await json(['audit', 'tail', '-n', '100']))
    .filter((e: { action: string }) => e.action === 'facility.institution-number')
    .map((e: { detail: string }) => JSON.parse(e.detail));

beforeAll(async () => {
  const extra: string[] = [];
  if (TEST_ENGINE === 'postgres') {
    const db = await createPostgresDatabase();
    drops.push(db.drop);
    extra.push('--database-url', db.url);
  }
  expect((await admin(['init', '--region', '宮崎市', '--public-host', '127.0.0.1', '--tunnel', 'none', ...extra])).code).toBe(0);
  facilityId = (await json(['facility', 'add', '--name', 'みやざき在宅クリニック', '--kana', 'ミヤザキザイタククリニック', '--kind', 'clinic'])).id;
}, CLI_TEST_TIMEOUT_MS);
afterAll(async () => {
  for (const drop of drops) await drop();
  rmSync(root, { recursive: true, force: true });
});

describe('renkei-admin facility set-institution-number', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('records the number (full-width digits and hyphens normalised), lists it, and audits the change', async () => {
    const result = await admin(['facility', 'set-institution-number', 'みやざき在宅クリニック', '４５１９９００－１０６']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('4519900106');
    expect(await recorded()).toBe('4519900106');
    const listed = await admin(['facility', 'list']);
    expect(listed.stdout).toContain('4519900106');
    expect((await auditOfNumbers()).at(-1)).toEqual({ facilityId, before: null, after: '4519900106' });
  });

  it('refuses a number that breaks the rule, in Japanese and English, and changes nothing', async () => {
    const cases: [string, string][] = [
      ['451990010', '10桁'],
      ['4819900106', '都道府県番号'],
      ['4529900106', '点数表番号'],
      ['4519900107', '検証番号'],
    ];
    const audited = (await auditOfNumbers()).length;
    for (const [number, says] of cases) {
      const result = await admin(['facility', 'set-institution-number', facilityId, number]);
      expect(result.code, number).toBe(2);
      expect(result.stderr, number).toContain(says);
      expect(result.stderr, number).toContain('Error:');
    }
    expect(await recorded()).toBe('4519900106');
    expect(await auditOfNumbers()).toHaveLength(audited);
  });

  it('asks for either a number or --clear, never both or neither', async () => {
    for (const args of [[facilityId], [facilityId, '4519900106', '--clear']]) {
      const result = await admin(['facility', 'set-institution-number', ...args]);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('--clear');
    }
    expect(await recorded()).toBe('4519900106');
  });

  it('--clear removes the number, audited', async () => {
    const result = await admin(['facility', 'set-institution-number', facilityId, '--clear']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('削除しました');
    expect(await recorded()).toBeNull();
    expect((await auditOfNumbers()).at(-1)).toEqual({ facilityId, before: '4519900106', after: null });
  });
});

// The documents and forms an overview's parts share (chart/chart-record-loads.ts): loaded once per
// patient for all the parts that ask, and each part told only of the patients it asked about — a
// part that may not read a patient's instructions must not find them in what another part loaded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartRecordLoads } from '../src/chart/chart-record-loads';
import { TestRegion } from './support/region';
import { startTestBackend, type TestBackend } from './support/test-backend';

let backend: TestBackend;
let first: string;
let second: string;

beforeAll(async () => {
  backend = await startTestBackend();
  const region = new TestRegion(backend);
  first = (await region.patient()).id;
  second = (await region.patient()).id;
});
afterAll(async () => {
  await backend?.stop();
});

describe('chart record loads', () => {
  it('answer each part for the patients it asked about only, from one load per patient', async () => {
    const loads = chartRecordLoads(backend.database);
    const both = await loads.currentDocuments([first, second]);
    expect([...both.keys()].sort()).toEqual([first, second].sort());

    const one = await loads.currentDocuments([first]);
    expect([...one.keys()]).toEqual([first]);
    // The same versions the first load found, not a second query's.
    expect(one.get(first)).toBe(both.get(first));

    const forms = await loads.latestFinalisedForms([second]);
    expect([...forms.keys()]).toEqual([second]);
  });

  it('passes a failed load on to every part that waits for it', async () => {
    const loads = chartRecordLoads({ engine: backend.database.engine, db: undefined as never });
    await expect(loads.currentForms([first, second])).rejects.toThrow();
    await expect(loads.currentForms([second])).rejects.toThrow();
  });
});

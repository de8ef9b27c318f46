import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit, verifyAuditChain } from '../src/audit/audit-log';
import { startTestBackend, type TestBackend } from './support/test-backend';

let backend: TestBackend;
beforeAll(async () => {
  backend = await startTestBackend();
});
afterAll(async () => {
  await backend?.stop();
});

describe('audit chain', () => {
  it('verifies an untouched log and finds the first altered or removed event', async () => {
    for (let i = 0; i < 5; i++) {
      await recordAudit(backend.database, { action: 'patient.overview.read', outcome: 'ok', actorLabel: `reader-${i}`, detail: { i } }, backend.clock.now());
    }
    const intact = await verifyAuditChain(backend.database);
    expect(intact.brokenAtSeq).toBeUndefined();
    expect(intact.events).toBeGreaterThanOrEqual(5);

    const rows = await backend.database.db.selectFrom('audit_events').select('seq').where('actor_label', 'like', 'reader-%').orderBy('seq').execute();
    const third = Number(rows[2]!.seq);
    await backend.database.db.updateTable('audit_events').set({ actor_label: 'someone-else' }).where('seq', '=', third).execute();
    expect((await verifyAuditChain(backend.database)).brokenAtSeq).toBe(third);

    // Removing an event breaks the chain at its successor.
    await backend.database.db.updateTable('audit_events').set({ actor_label: 'reader-2' }).where('seq', '=', third).execute();
    expect((await verifyAuditChain(backend.database)).brokenAtSeq).toBeUndefined();
    await sql`delete from audit_events where seq = ${third}`.execute(backend.database.db);
    expect((await verifyAuditChain(backend.database)).brokenAtSeq).toBe(Number(rows[3]!.seq));
  });
});

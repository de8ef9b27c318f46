// The audit chain's head kept beside the chain: one row saying which event is the last and its
// hash, updated in the same transaction as each append (audit/audit-log.ts). Without it, deleting
// the newest events leaves a chain that still verifies from the first event to the new last one,
// so a truncated tail would go unnoticed. Filled from the chain as it stands when migrated.
// Also indexes the events by user and by device, which the access-log export reads by.
import { sql, type Kysely, type Migration } from 'kysely';
import type { Engine } from '../database';
import { columnTypes } from './column-types';

export function auditHeadMigration(engine: Engine): Migration {
  const { instant } = columnTypes(engine);
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('audit_head')
        // Always 1: the table has one row, and the check keeps it so.
        .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
        .addColumn('seq', engine === 'postgres' ? 'bigint' : 'integer', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('at', instant)
        .execute();
      const last = await db.selectFrom('audit_events').select(['seq', 'hash', 'at']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
      await db
        .insertInto('audit_head')
        .values({ id: 1, seq: last ? Number(last.seq) : 0, hash: last?.hash ?? '0'.repeat(64), at: last?.at ?? null })
        .execute();
      await db.schema.createIndex('audit_by_user').on('audit_events').columns(['actor_user_id', 'seq']).execute();
      await db.schema.createIndex('audit_by_device').on('audit_events').columns(['actor_device_id', 'seq']).execute();
    },
  };
}

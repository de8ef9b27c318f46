// A migration that adds a record kind adds its chart-policy rules too, seeded from the defaults
// (access/default-chart-policy.ts says who reads and writes what, and why). A rule already there
// stays as it is: a region may have changed it, and a database made after the kind existed may
// have been seeded with it already.
import type { Kysely } from 'kysely';
import { DEFAULT_CHART_POLICY } from '../../access/default-chart-policy';

export async function seedChartPolicy(db: Kysely<any>, recordKinds: (kind: string) => boolean, migration: string): Promise<void> {
  const seededAt = new Date().toISOString();
  const rules = DEFAULT_CHART_POLICY.filter((rule) => recordKinds(rule.recordKind));
  if (rules.length === 0) return;
  await db
    .insertInto('chart_policy')
    .values(
      rules.map((rule) => ({
        record_kind: rule.recordKind,
        role: rule.role,
        can_read: rule.canRead ? 1 : 0,
        can_write: rule.canWrite ? 1 : 0,
        updated_at: seededAt,
        updated_by: `migration:${migration}`,
      })),
    )
    .onConflict((oc) => oc.columns(['record_kind', 'role']).doNothing())
    .execute();
}

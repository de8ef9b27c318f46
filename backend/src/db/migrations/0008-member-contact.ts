// A care-team member's own number (PHS, work mobile), shown to their teams beside the office's
// phone: at night the office line reaches no one. '' for users registered before, or without one.
import type { Kysely, Migration } from 'kysely';

export function memberContactMigration(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('users')
        .addColumn('contact_phone', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
    },
  };
}

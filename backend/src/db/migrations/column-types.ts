// The column types every migration uses, per engine (see db/schema.ts for how values are stored):
// PostgreSQL has native uuid, timestamptz and date; SQLite keeps the same values as text.
import type { Engine } from '../database';

export function columnTypes(engine: Engine) {
  const pg = engine === 'postgres';
  return {
    id: pg ? 'uuid' : 'text',
    instant: pg ? 'timestamptz' : 'text',
    date: pg ? 'date' : 'text',
  } as const;
}

// pg_dump and pg_restore, run the safe way: execFile with argument arrays (no shell to interpret a
// database name), and the connection given through libpq's environment variables taken apart from
// the URL, so that the password is never on a command line another user could read with `ps`.
import { execFile } from 'node:child_process';
import { BackupError } from './backup-manifest';

/** libpq's environment for a postgres:// URL (query parameters such as `host=/var/run/postgresql` included). */
export function libpqEnvironment(url: string): NodeJS.ProcessEnv {
  const parsed = new URL(url);
  // PG* variables of the calling shell must not point the tools at another database.
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PG')));
  const set = (name: string, value: string | null | undefined) => {
    if (value) env[name] = value;
  };
  set('PGHOST', decodeURIComponent(parsed.hostname.replace(/^\[(.*)\]$/, '$1')));
  set('PGPORT', parsed.port);
  set('PGUSER', decodeURIComponent(parsed.username));
  set('PGPASSWORD', decodeURIComponent(parsed.password));
  set('PGDATABASE', decodeURIComponent(parsed.pathname.replace(/^\//, '')));
  const parameters: Record<string, string> = {
    host: 'PGHOST',
    port: 'PGPORT',
    user: 'PGUSER',
    password: 'PGPASSWORD',
    dbname: 'PGDATABASE',
    sslmode: 'PGSSLMODE',
    sslrootcert: 'PGSSLROOTCERT',
    sslcert: 'PGSSLCERT',
    sslkey: 'PGSSLKEY',
    application_name: 'PGAPPNAME',
  };
  for (const [parameter, variable] of Object.entries(parameters)) set(variable, parsed.searchParams.get(parameter));
  return env;
}

/** The URL with another database name (the same server, user and options). */
export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(name)}`;
  parsed.searchParams.delete('dbname');
  return parsed.toString();
}

function run(tool: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(tool, args, { env, maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return reject(
          new BackupError(
            `${tool} が見つかりません。PostgreSQL のクライアント（Debian では postgresql-client）を入れてください。`,
            `${tool} was not found: install the PostgreSQL client tools (postgresql-client on Debian).`,
          ),
        );
      }
      const detail = stderr.trim().split('\n').slice(-5).join('\n');
      reject(new BackupError(`${tool} が失敗しました:\n${detail}`, `${tool} failed:\n${detail}`));
    });
  });
}

/** Dumps the database as of `snapshot` (pg_export_snapshot of an open transaction) in custom format. */
export function dumpDatabase(url: string, snapshot: string, file: string): Promise<void> {
  return run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--snapshot=${snapshot}`, `--file=${file}`], libpqEnvironment(url));
}

/** Restores a dump into the (empty) database of `url`, all or nothing. */
export function restoreDatabase(url: string, file: string): Promise<void> {
  const env = libpqEnvironment(url);
  return run('pg_restore', ['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${env.PGDATABASE ?? ''}`, file], env);
}

// A PostgreSQL URL as the server in the cloud network namespace can use it. The namespace has its
// own loopback: "postgres://…@127.0.0.1/renkei" there reaches nothing, although it works for
// `renkei-admin init` on the host. The host's PostgreSQL is also reachable through its Unix socket,
// which is a file and so visible from every namespace: a loopback URL is rewritten to that socket,
// keeping the role, password, database and options. Any other host is left as given.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
/** Where Debian's and upstream's builds put the socket. */
const SOCKET_DIRECTORIES = ['/var/run/postgresql', '/run/postgresql', '/tmp'];

export function databaseUrlForNamespace(url: string, socketDirectories: readonly string[] = SOCKET_DIRECTORIES): string {
  const parsed = new URL(url);
  if (!LOOPBACK.has(parsed.hostname) || parsed.searchParams.has('host')) return url;
  const port = parsed.port || '5432';
  const directory = socketDirectories.find((dir) => existsSync(join(dir, `.s.PGSQL.${port}`)));
  if (!directory) {
    throw new Error(
      `${url.replace(/:[^:@/]*@/, ':***@')} names this machine's loopback, which the server's network namespace does not share, ` +
        `and no PostgreSQL socket for port ${port} was found in ${socketDirectories.join(', ')}: give a URL with ?host=<socket directory>`,
    );
  }
  parsed.searchParams.set('host', directory);
  parsed.searchParams.set('port', port);
  return parsed.toString();
}

// The Unix socket the unprivileged desktop app reaches the service through. File permissions are
// the access control: the socket is 0660 and its directory 0750, both in the service's group, so
// only root and members of that group can connect.
import { chmod, chown, lstat, mkdir, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { dirname, isAbsolute } from 'node:path';
import { ToolError, runTool } from '@renkei/wireguard';
import { TunnelPreconditionError } from './tunnel-errors';

export const SOCKET_MODE = 0o660;
export const SOCKET_DIRECTORY_MODE = 0o750;
/** Applied while binding, so the socket is never more open than 0660, not even for a moment. */
export const SOCKET_UMASK = 0o117;

/** The group's id, or null when no such group exists on this machine. */
export async function groupId(name: string): Promise<number | null> {
  let entry: string | undefined;
  try {
    // getent also knows groups from NSS sources (LDAP, sssd), not only /etc/group.
    entry = (await runTool('getent', ['group', name])).trim();
  } catch (error) {
    if (error instanceof ToolError && error.exitCode === 2) return null;
    const etcGroup = await readFile('/etc/group', 'utf8').catch(() => '');
    entry = etcGroup.split('\n').find((line) => line.split(':')[0] === name);
  }
  const gid = entry?.split(':')[2];
  return gid !== undefined && /^\d+$/.test(gid) ? Number(gid) : null;
}

/**
 * Creates the socket's directory (0750, in `gid` when given). A directory that already exists is
 * used as it is — it may be a system directory that is not ours to re-permission — but only if
 * this service owns it and nobody else can write into it, or another user could swap the socket.
 */
export async function prepareSocketDirectory(socketPath: string, gid: number | null): Promise<{ created: boolean }> {
  if (!isAbsolute(socketPath)) throw new Error(`socket path must be absolute: ${socketPath}`);
  const directory = dirname(socketPath);
  const created = (await mkdir(directory, { recursive: true, mode: SOCKET_DIRECTORY_MODE })) !== undefined;
  if (created) {
    await chmod(directory, SOCKET_DIRECTORY_MODE);
    if (gid !== null) await chown(directory, process.getuid!(), gid);
  }
  const info = await lstat(directory);
  if (!info.isDirectory()) throw new TunnelPreconditionError(`${directory} is not a directory`);
  if (info.uid !== process.getuid?.() || info.mode & 0o022) {
    throw new TunnelPreconditionError(`${directory} must be owned by this service and writable by nobody else`);
  }
  return { created };
}

/** Something still answers on the socket: another service instance is running. */
function socketAnswers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

/** Removes a socket a crashed run left behind; refuses to take over a live one or to delete other files. */
export async function removeStaleSocket(socketPath: string): Promise<boolean> {
  let info;
  try {
    info = await lstat(socketPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  if (!info.isSocket()) throw new TunnelPreconditionError(`${socketPath} exists and is not a socket; refusing to replace it`);
  if (await socketAnswers(socketPath)) throw new TunnelPreconditionError(`another tunnel service is already listening on ${socketPath}`);
  await rm(socketPath, { force: true });
  return true;
}

/** Runs `bind` with the restrictive umask, then sets mode and group explicitly. */
export async function bindRestricted<T>(socketPath: string, gid: number | null, bind: () => Promise<T>): Promise<T> {
  const previous = process.umask(SOCKET_UMASK);
  let result: T;
  try {
    result = await bind();
  } finally {
    process.umask(previous);
  }
  await chmod(socketPath, SOCKET_MODE);
  if (gid !== null) await chown(socketPath, process.getuid!(), gid);
  return result;
}

// The root-only directory where the tunnel service keeps the device key and the tunnel
// configuration. Whoever can write into it can swap the key or point the tunnel elsewhere, so it
// is checked before every use rather than trusted because we created it once.
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { TunnelPreconditionError } from './tunnel-errors';

const GROUP_OR_WORLD_WRITABLE = 0o022;
const ANY_GROUP_OR_WORLD_ACCESS = 0o077;

export class InsecureStateError extends TunnelPreconditionError {
  override name = 'InsecureStateError';
}

function octal(mode: number): string {
  return `0${(mode & 0o7777).toString(8)}`;
}

export class StateDirectory {
  private constructor(readonly path: string) {}

  /** Creates the directory (0700) if missing, then verifies it. */
  static async open(path: string): Promise<StateDirectory> {
    if (!isAbsolute(path)) throw new Error(`state directory must be an absolute path: ${path}`);
    await mkdir(path, { recursive: true, mode: 0o700 });
    const directory = new StateDirectory(path);
    await directory.verify();
    return directory;
  }

  async verify(): Promise<void> {
    const info = await lstat(this.path);
    if (!info.isDirectory()) throw new InsecureStateError(`state directory ${this.path} is not a directory (symbolic links are refused)`);
    if (info.uid !== process.getuid?.()) {
      throw new InsecureStateError(`state directory ${this.path} is owned by uid ${info.uid}, not by this service (uid ${process.getuid?.()})`);
    }
    if (info.mode & GROUP_OR_WORLD_WRITABLE) {
      throw new InsecureStateError(`state directory ${this.path} is writable by other users (mode ${octal(info.mode)}); make it 0700`);
    }
  }

  file(name: string): string {
    return join(this.path, name);
  }

  /** The file's content, or null when it does not exist. Refuses files others could have written or read. */
  async readPrivateFile(name: string): Promise<string | null> {
    await this.verify();
    const path = this.file(name);
    let info;
    try {
      info = await lstat(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    if (!info.isFile()) throw new InsecureStateError(`${path} is not a regular file`);
    if (info.uid !== process.getuid?.()) throw new InsecureStateError(`${path} is owned by uid ${info.uid}, not by this service`);
    if (info.mode & ANY_GROUP_OR_WORLD_ACCESS) {
      throw new InsecureStateError(`${path} is accessible to other users (mode ${octal(info.mode)}); remove it and set the device up again`);
    }
    return readFile(path, 'utf8');
  }

  /**
   * Replaces the file atomically with a 0600 one: a crash leaves the old or the new content, never
   * a truncated key, and the content is never readable by others, not even for a moment.
   */
  async writePrivateFile(name: string, content: string): Promise<void> {
    await this.verify();
    const target = this.file(name);
    const temporary = this.file(`.${name}.${randomBytes(6).toString('hex')}.tmp`);
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } catch (error) {
      await handle.close();
      await rm(temporary, { force: true });
      throw error;
    }
    await handle.close();
    await rename(temporary, target);
    const directory = await open(this.path, 'r');
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
  }

  async removeFile(name: string): Promise<void> {
    await rm(this.file(name), { force: true });
  }
}

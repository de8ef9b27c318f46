// What every renkei-admin command works with: the data directory, its configuration and the
// database, opened on first use and closed when the command ends.
import { existsSync, readFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { resolve } from 'node:path';
import { caPinOf } from '@renkei/proto';
import { databaseLocation, dataDirectory, loadServerConfig, type DataDirectory, type ServerConfig } from '../config/server-config';
import { openDatabase, type RenkeiDatabase } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { certificateDer } from '../pki/certificate-authority';

export const DEFAULT_DATA_DIR = '.renkei/backend';

export class AdminContext {
  readonly dir: DataDirectory;
  private opened?: { config: ServerConfig; database: RenkeiDatabase };

  constructor(dataDir: string | undefined) {
    this.dir = dataDirectory(resolve(dataDir ?? process.env.RENKEI_DATA_DIR ?? DEFAULT_DATA_DIR));
  }

  /** Recorded as the actor of administrative changes in the audit log. */
  get actor(): string {
    return `admin:${userInfo().username}@${hostname()}`;
  }

  async open(): Promise<{ config: ServerConfig; database: RenkeiDatabase }> {
    if (!this.opened) {
      const config = loadServerConfig(this.dir);
      const database = openDatabase(databaseLocation(config, this.dir));
      await migrateToLatest(database);
      this.opened = { config, database };
    }
    return this.opened;
  }

  caPin(): Buffer {
    return caPinOf(certificateDer(readFileSync(this.dir.caCertificate, 'utf8')));
  }

  /** Asks a running server to apply device changes to WireGuard now (it also polls). */
  signalServer(): boolean {
    if (!existsSync(this.dir.pidFile)) return false;
    const pid = Number(readFileSync(this.dir.pidFile, 'utf8').trim());
    try {
      process.kill(pid, 'SIGHUP');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.opened?.database.close();
    this.opened = undefined;
  }
}

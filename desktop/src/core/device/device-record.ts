// What this PC knows about its own registration, kept in `device.json` in the app's data
// directory. Nothing secret: the device secret is in the OS keychain, the WireGuard private key
// in the tunnel service.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const deviceRecordSchema = z.object({
  serverAddress: z.string(),
  deviceId: z.string(),
  deviceName: z.string(),
  facilityName: z.string(),
  /** The region's CA, pinned at enrollment: the only CA this PC trusts for Renkei. */
  caPem: z.string(),
  state: z.enum(['pending', 'approved', 'revoked']),
  enrolledAt: z.string().nullable(),
  /** Where the clinical API is, once approved. */
  clinicalApiAddress: z.string().nullable(),
  tunnelRequired: z.boolean(),
});

export type DeviceRecord = z.infer<typeof deviceRecordSchema>;

export class DeviceRecordStore {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'device.json');
  }

  read(): DeviceRecord | undefined {
    if (!existsSync(this.file)) return undefined;
    return deviceRecordSchema.parse(JSON.parse(readFileSync(this.file, 'utf8')));
  }

  write(record: DeviceRecord): void {
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.file);
  }

  remove(): void {
    rmSync(this.file, { force: true });
  }
}

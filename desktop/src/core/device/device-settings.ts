// This PC's settings that are not part of its registration, kept in `settings.json` in the app's
// data directory: they belong to the PC, not to a user, and survive re-enrollment.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const settingsSchema = z.object({
  /** Where the office's business system saves PDFs to be filed; null when not used. */
  watchedFolder: z.string().nullable().default(null),
});

type DeviceSettings = z.infer<typeof settingsSchema>;

export class DeviceSettingsStore {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'settings.json');
  }

  read(): DeviceSettings {
    if (!existsSync(this.file)) return settingsSchema.parse({});
    // Settings that no longer read are the defaults, rather than an app that does not start.
    try {
      const parsed = settingsSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      if (parsed.success) return parsed.data;
    } catch {
      // unreadable JSON: the defaults
    }
    return settingsSchema.parse({});
  }

  update(change: Partial<DeviceSettings>): DeviceSettings {
    const next = { ...this.read(), ...change };
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.file);
    return next;
  }
}

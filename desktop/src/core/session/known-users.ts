// Users who logged in on this PC before, by login ID, kept in `known-users.json` in the app's data
// directory: who may unlock their cache here when the server cannot be reached, and the minutes
// after which their screen locks (the facility's setting, remembered for offline). Staff names only;
// the password verifier is inside each user's encrypted cache, the cache key in the OS keychain.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UserView } from '../../shared/desktop-api';

interface KnownUser {
  userId: string;
  user: UserView;
  /** The facility's idle-lock minutes at the user's last online login here (for the lock of an offline session). */
  idleLockMinutes?: number;
}

export class KnownUsers {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'known-users.json');
  }

  all(): Record<string, KnownUser> {
    if (!existsSync(this.file)) return {};
    return JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, KnownUser>;
  }

  /** The user who logs in with `loginId` (as typed: login IDs are compared in lower case). */
  byLoginId(loginId: string): KnownUser | undefined {
    return this.all()[loginId.trim().toLowerCase()];
  }

  byUserId(userId: string): KnownUser | undefined {
    return Object.values(this.all()).find((known) => known.userId === userId);
  }

  remember(user: UserView, idleLockMinutes: number): void {
    const known: KnownUser = { userId: user.id, user, idleLockMinutes };
    writeFileSync(this.file, JSON.stringify({ ...this.all(), [user.loginId]: known }, null, 2), { mode: 0o600 });
  }

  forgetAll(): void {
    rmSync(this.file, { force: true });
  }
}

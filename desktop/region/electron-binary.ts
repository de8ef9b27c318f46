// Where this machine's Electron binary is, if it has one. The `electron` npm package downloads
// its binary lazily on first require, which cannot work on machines without internet access: this
// looks without requiring it. ELECTRON_OVERRIDE_DIST_PATH (honoured by the package) points at a
// local Electron build.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function electronBinary(): string | undefined {
  const packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : process.platform === 'win32' ? 'electron.exe' : 'electron';
  const candidate = process.env.ELECTRON_OVERRIDE_DIST_PATH ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative) : join(packageDir, 'dist', relative);
  return existsSync(candidate) ? candidate : undefined;
}

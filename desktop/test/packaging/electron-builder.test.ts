// Packaging cannot run on these machines (it downloads Electron), so the configuration is kept
// honest here: valid by electron-builder's own schema, and consistent with what the build
// produces and with the installer's files.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TUNNEL_SOCKET } from '../../src/core/tunnel/tunnel-client';

const repo = new URL('../../../', import.meta.url).pathname;
const desktop = join(repo, 'desktop');
const config = parse(readFileSync(join(repo, 'electron-builder.yml'), 'utf8'));
const unit = readFileSync(join(repo, 'installer/linux/renkei-tunnel.service'), 'utf8');
const desktopPackage = JSON.parse(readFileSync(join(desktop, 'package.json'), 'utf8'));

beforeAll(() => {
  execFileSync(process.execPath, [join(desktop, 'scripts/build-electron.mjs')], { stdio: 'inherit' });
}, 60_000);

describe('electron-builder.yml', () => {
  it("is valid by electron-builder's schema", async () => {
    const debug = { isEnabled: false, add() {} };
    await expect(validateConfiguration(config, debug as never)).resolves.toBeUndefined();
  });

  it('names the main bundle the build produces, and the same Electron version as desktop/package.json', () => {
    expect(config.extraMetadata.main).toBe(desktopPackage.main);
    expect(existsSync(join(desktop, config.extraMetadata.main))).toBe(true);
    expect(desktopPackage.devDependencies.electron).toContain(config.electronVersion);
  });

  it('packs every bundle the build produces, and never the development bridge', () => {
    for (const part of ['main/main.cjs', 'preload/preload.cjs', 'tunnel-service/main.cjs', 'proto/renkei/v1/patients.proto']) {
      expect(existsSync(join(desktop, 'dist', part)), part).toBe(true);
      expect(config.files).toContain(`dist/${part.split('/')[0]}/**`);
    }
    expect(config.files.some((f: string) => /dev-bridge|src\/|test/.test(f))).toBe(false);
    for (const bundle of ['main/main.cjs', 'preload/preload.cjs', 'tunnel-service/main.cjs']) {
      const code = readFileSync(join(desktop, 'dist', bundle), 'utf8');
      expect(code, bundle).not.toContain('DEV_BRIDGE');
      expect(code, bundle).not.toContain('startDevBridge');
    }
  });

  it('keeps the sandboxed preload to electron alone', () => {
    const preload = readFileSync(join(desktop, 'dist/preload/preload.cjs'), 'utf8');
    expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);
  });

  it('makes the deb depend on what the tunnel needs and run the installer scripts', () => {
    expect(config.deb.depends).toEqual(expect.arrayContaining(['wireguard-tools', 'iproute2', 'libsecret-1-0', 'libgtk-3-0', 'libnss3']));
    expect(config.deb.recommends).toContain('wireguard-go');
    for (const script of [config.deb.afterInstall, config.deb.afterRemove]) {
      expect(statSync(join(repo, script)).mode & 0o111, script).not.toBe(0);
    }
    for (const resource of config.extraResources) expect(existsSync(join(repo, resource.from)), resource.from).toBe(true);
  });

  it('installs Windows per machine', () => {
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: true });
    expect(config.win.target).toContain('nsis');
  });
});

describe('the tunnel service unit', () => {
  const execStart = /^ExecStart=(.+)$/m.exec(unit)![1]!.split(' ');

  it('runs the bundled service from the packaged app in Node mode', () => {
    expect(unit).toMatch(/^Environment=ELECTRON_RUN_AS_NODE=1$/m);
    expect(execStart[0]).toBe(`/opt/${config.productName}/${config.linux.executableName}`);
    expect(execStart[1]).toBe(`/opt/${config.productName}/resources/app.asar/dist/tunnel-service/main.cjs`);
  });

  it('uses the socket the app looks for, in the renkei group, and root-only state', () => {
    const arg = (name: string) => execStart[execStart.indexOf(name) + 1];
    expect(arg('--socket')).toBe(DEFAULT_TUNNEL_SOCKET);
    expect(arg('--group')).toBe('renkei');
    expect(unit).toMatch(/^Group=renkei$/m);
    expect(unit).toMatch(/^RuntimeDirectory=renkei$/m);
    expect(unit).toMatch(new RegExp(`^StateDirectory=${arg('--state-dir')!.replace('/var/lib/', '')}$`, 'm'));
    expect(unit).toMatch(/^StateDirectoryMode=0700$/m);
    expect(readFileSync(join(repo, 'installer/linux/after-install.sh'), 'utf8')).toContain('addgroup --system renkei');
  });
});

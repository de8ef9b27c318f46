// Builds what Electron loads into desktop/dist, next to the renderer that vite builds:
//   dist/main/main.cjs                the main process (CommonJS: the native modules are CJS)
//   dist/preload/preload.cjs          the preload (sandboxed preloads may require only electron)
//   dist/tunnel-service/main.cjs      the privileged tunnel service, run by the packaged app's
//                                     binary in Node mode (ELECTRON_RUN_AS_NODE=1, see installer/)
//   dist/proto/                       the .proto files the gRPC loader reads at run time
// Native modules (better-sqlite3, keytar) stay outside the bundles: electron-builder rebuilds them
// for Electron's ABI. The development bridge is never an entry point, so it is never shipped.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const desktop = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(desktop, 'dist');
const proto = join(desktop, '..', 'proto');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // Electron 44 runs Node 22/24.
  target: 'node22',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  external: ['electron', 'better-sqlite3', 'keytar'],
  // ESM sources ask import.meta.url where they are; in a CommonJS bundle that is the bundle file.
  // The gRPC loader finds the .proto files next to the bundles (dist/proto).
  define: { 'import.meta.url': '__bundleUrl' },
  banner: {
    js: [
      "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;",
      "process.env.RENKEI_PROTO_DIR ??= require('node:path').join(__dirname, '..', 'proto');",
    ].join('\n'),
  },
};

for (const part of ['main', 'preload', 'tunnel-service', 'proto']) rmSync(join(dist, part), { recursive: true, force: true });
await Promise.all([
  build({ ...common, entryPoints: [join(desktop, 'src/main/main.ts')], outfile: join(dist, 'main/main.cjs') }),
  build({ ...common, entryPoints: [join(desktop, 'src/preload/preload.ts')], outfile: join(dist, 'preload/preload.cjs') }),
  build({ ...common, entryPoints: [join(desktop, 'src/tunnel-service/main.ts')], outfile: join(dist, 'tunnel-service/main.cjs') }),
]);
for (const folder of ['renkei', 'google']) {
  mkdirSync(join(dist, 'proto'), { recursive: true });
  cpSync(join(proto, folder), join(dist, 'proto', folder), { recursive: true });
}

// Generates TypeScript types for every .proto file into proto/generated/ (not committed: the
// .proto files are the single source of truth). Runs on `npm install` and before typecheck.
// The flags must match LOADER_OPTIONS in src/load.ts, or the types would lie about the runtime.
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const protoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(protoRoot, 'generated');

function protoFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' || entry.name === 'node_modules' ? [] : protoFiles(path);
    return entry.name.endsWith('.proto') ? [relative(protoRoot, path)] : [];
  });
}

const require = createRequire(import.meta.url);
const generator = join(dirname(require.resolve('@grpc/proto-loader/package.json')), 'build', 'bin', 'proto-loader-gen-types.js');

rmSync(outDir, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [
    generator,
    '--longs=Number',
    '--enums=String',
    '--defaults',
    '--oneofs',
    '--includeComments',
    '--grpcLib=@grpc/grpc-js',
    `--outDir=${outDir}`,
    `--includeDirs=${protoRoot}`,
    '--',
    ...protoFiles(protoRoot).sort(),
  ],
  { cwd: protoRoot, stdio: 'inherit' },
);

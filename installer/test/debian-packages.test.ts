// The one list of Debian packages (installer/setup/debian-packages.json) must bring everything the
// code and the tests use from the operating system: CI never starts from a bare machine, so a
// program or library that this machine happens to have, and the list does not bring, would pass
// here and fail for the next newcomer. This test finds
//   - every program the code, the tests, the demo and the scripts run (the first argument of
//     execFile/spawn and of the project's own wrappers of them) and every system file they name
//     by absolute path (a font, chromium),
//   - the libraries the native modules built here (node-gyp) compile and link against,
// and asks dpkg which package provides each. That package must be in the list, in what the list's
// packages depend on, or in Debian's essential base (which every Debian machine has).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { debianPackages } from '../setup/setup-machine.mjs';

const repo = join(import.meta.dirname, '..', '..');
const listed: { name: string; for: string[]; why: string }[] = debianPackages();

/** Where the project's own code and tests are. */
const SOURCE_ROOTS = [
  'proto/src',
  'proto/test',
  'proto/scripts',
  'proto/wireguard',
  'backend/src',
  'backend/test',
  'backend/bin',
  'desktop/src',
  'desktop/test',
  'desktop/region',
  'desktop/bench',
  'desktop/scripts',
  'installer',
];
/** Calls whose first argument is the program to run (node:child_process and the project's wrappers of it). */
const RUNS_A_PROGRAM = new Set(['execFile', 'execFileSync', 'spawn', 'spawnSync', 'execSync', 'runTool', 'findTool', 'spawnIn', 'execIn']);
/** Names too common to mean a program everywhere: they count in files that import node:child_process (a test's own `run` wrapper). */
const RUNS_A_PROGRAM_NEAR_CHILD_PROCESS = new Set(['run', 'exec']);
/** Called as methods, these are other things (statement.run(), regex.exec()); only these names count there. */
const RUNS_A_PROGRAM_AS_METHOD = new Set(['execFile', 'execFileSync', 'spawn', 'spawnSync', 'spawnIn', 'execIn']);
/** What node-gyp runs to build better-sqlite3 and keytar. */
const BUILD_TOOLS = ['make', 'g++', 'python3'];
/** Where a program is looked for (as the project's findTool does). */
const PROGRAM_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ['node_modules', 'dist', 'generated', 'test-results'].includes(entry.name) ? [] : sourceFiles(path);
    return /\.(ts|tsx|mjs|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function stringsIn(node: ts.Node, file: ts.SourceFile, depth = 0): string[] {
  if (ts.isStringLiteralLike(node)) return [node.text];
  if (ts.isIdentifier(node) && depth < 3) {
    // A constant named in the same file: `const python = '/usr/bin/python3'`.
    const found: string[] = [];
    const visit = (n: ts.Node) => {
      if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === node.text && n.initializer)
        found.push(...stringsIn(n.initializer, file, depth + 1));
      ts.forEachChild(n, visit);
    };
    visit(file);
    return found;
  }
  if (ts.isPropertyAccessExpression(node)) return []; // process.execPath and the like: not a system program
  const found: string[] = [];
  ts.forEachChild(node, (child) => void found.push(...stringsIn(child, file, depth)));
  return found;
}

interface Use {
  what: string;
  where: string;
}

/** Programs run and system files named, with where. */
function systemUses(): { programs: Use[]; files: Use[] } {
  const programs: Use[] = [];
  const files: Use[] = [];
  for (const path of SOURCE_ROOTS.flatMap((root) => sourceFiles(join(repo, root)))) {
    const text = readFileSync(path, 'utf8');
    const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, path.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const spawnsHere = /from ['"]node:child_process['"]/.test(text);
    const where = (node: ts.Node) => `${relative(repo, path)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) && node.arguments[0]) {
        const callee = node.expression;
        const counts =
          (ts.isIdentifier(callee) && (RUNS_A_PROGRAM.has(callee.text) || (spawnsHere && RUNS_A_PROGRAM_NEAR_CHILD_PROCESS.has(callee.text)))) ||
          (ts.isPropertyAccessExpression(callee) && RUNS_A_PROGRAM_AS_METHOD.has(callee.name.text));
        if (counts) {
          for (const value of stringsIn(node.arguments[0], file)) {
            if (/^[A-Za-z0-9][\w.+-]*$/.test(value) || value.startsWith('/')) programs.push({ what: value, where: where(node) });
          }
        }
      }
      if (ts.isStringLiteralLike(node) && /^\/(usr|bin|sbin|lib)\/[^\s*]+$/.test(node.text)) files.push({ what: node.text, where: where(node) });
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return { programs, files };
}

function locate(program: string): string | undefined {
  if (program.startsWith('/')) return existsSync(program) ? program : undefined;
  return PROGRAM_DIRS.map((dir) => join(dir, program)).find((candidate) => existsSync(candidate));
}

/** The same file under the names dpkg may have registered it by (usr-merged /bin and /usr/bin, links). */
function registeredNames(path: string): string[] {
  const names = new Set([path, realpathSync(path)]);
  for (const name of [...names]) names.add(name.startsWith('/usr/') ? name.slice(4) : `/usr${name}`);
  return [...names];
}

/** The Debian packages that installed these files, asked of dpkg once (each query reads every file list). */
function packagesOwning(paths: string[]): Map<string, string> {
  const names = [...new Set(paths.flatMap(registeredNames))];
  const result = spawnSync('dpkg-query', ['-S', ...names], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const ownerOf = new Map<string, string>();
  // "iproute2: /bin/ip"; several owners or diversions: "a, b: path". Exits 1 when some are unknown.
  for (const line of result.stdout.split('\n')) {
    const at = line.lastIndexOf(': ');
    if (at > 0)
      ownerOf.set(
        line.slice(at + 2),
        line
          .slice(0, at)
          .split(',')[0]!
          .trim()
          .replace(/:amd64$/, ''),
      );
  }
  return new Map(
    paths.flatMap((path) => {
      const owner = registeredNames(path)
        .map((name) => ownerOf.get(name))
        .find(Boolean);
      return owner ? [[path, owner] as const] : [];
    }),
  );
}

/** Packages and all they depend on (Depends and Pre-Depends, every alternative). */
function withDependencies(names: string[]): Set<string> {
  const output = execFileSync(
    'apt-cache',
    ['depends', '--recurse', '--no-recommends', '--no-suggests', '--no-conflicts', '--no-breaks', '--no-replaces', '--no-enhances', ...names],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  return new Set(
    output
      .split('\n')
      .filter((line) => line && !line.startsWith(' '))
      .map((line) => line.replace(/^<(.*)>$/, '$1').replace(/:amd64$/, '')),
  );
}

/** What every Debian machine has: the essential packages (and apt, which installs the rest). */
function debianBase(): Set<string> {
  const essential = execFileSync('dpkg-query', ['-W', '-f=${Package} ${Essential}\n'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.endsWith(' yes'))
    .map((line) => line.split(' ')[0]!);
  return withDependencies([...essential, 'apt']);
}

describe('the Debian package list', () => {
  let provided: Set<string>;
  let base: Set<string>;
  beforeAll(() => {
    provided = withDependencies(listed.map((p) => p.name));
    base = debianBase();
  });
  /** Every use must come from a package the list brings (or the base); the problems, for the assertion. */
  const problemsWith = (uses: (Use & { kind: string })[]): string[] => {
    const located = uses.map((use) => ({ ...use, path: locate(use.what) }));
    const owners = packagesOwning(located.flatMap((use) => (use.path ? [use.path] : [])));
    return located.flatMap(({ what, where, kind, path }) => {
      if (!path) return [`${where} ${kind} ${what}, which no installed package provides: add its package to installer/setup/debian-packages.json`];
      const owner = owners.get(path);
      if (!owner) return [`${where} ${kind} ${path}, which no Debian package installed (installed by hand?)`];
      if (!provided.has(owner) && !base.has(owner))
        return [`${where} ${kind} ${path} from the package ${owner}, which installer/setup/debian-packages.json does not bring`];
      return [];
    });
  };

  it('brings every program the code and the tests run, and every system file they name', () => {
    const { programs, files } = systemUses();
    const names = new Set(programs.map((p) => p.what.replace(/^.*\//, '')));
    // The scan itself is checked: these are run today (the tunnel, the PDF check, the keychain,
    // the test fixtures, the browser); if it stops finding them, the scan is broken.
    for (const known of [
      'ip',
      'wg',
      'wireguard-go',
      'qpdf',
      'dbus-daemon',
      'gnome-keyring-daemon',
      'pdftoppm',
      'tiffcp',
      'soffice',
      'python3',
      'ping',
      'apt-get',
      'pg_ctlcluster',
    ]) {
      expect(names, `the scan no longer finds ${known}`).toContain(known);
    }
    expect(files.map((f) => f.what)).toContain('/usr/bin/chromium');
    const uses = [
      ...programs.map((use) => ({ ...use, kind: 'runs' })),
      // A file that is not here is a fallback the code looks for (another font); a folder is a search path.
      ...files.filter((use) => existsSync(use.what) && statSync(use.what).isFile()).map((use) => ({ ...use, kind: 'reads' })),
      ...BUILD_TOOLS.map((tool) => ({ what: tool, where: 'node-gyp (npm ci)', kind: 'runs' })),
    ];
    expect(problemsWith(uses)).toEqual([]);
  });

  it('brings what the native modules built here compile and link against', () => {
    const modules = readdirSync(join(repo, 'node_modules'))
      .flatMap((name) => (name.startsWith('@') ? readdirSync(join(repo, 'node_modules', name)).map((sub) => `${name}/${sub}`) : [name]))
      .filter((name) => existsSync(join(repo, 'node_modules', name, 'binding.gyp')));
    expect(modules).toEqual(expect.arrayContaining(['better-sqlite3', 'keytar']));
    const uses: (Use & { kind: string })[] = [];
    const unresolved: string[] = [];
    for (const name of modules) {
      const dir = join(repo, 'node_modules', name);
      // pkg-config names in binding.gyp: keytar's '<!(pkg-config --cflags libsecret-1)'.
      const gyp = readFileSync(join(dir, 'binding.gyp'), 'utf8');
      for (const [, args] of gyp.matchAll(/pkg-config\s+([^)'"]+)/g)) {
        for (const pc of args!.split(/\s+/).filter((a) => a && !a.startsWith('-'))) {
          const pcDir = spawnSync('pkg-config', ['--variable=pcfiledir', pc], { encoding: 'utf8' }).stdout.trim();
          uses.push({ what: pcDir ? join(pcDir, `${pc}.pc`) : `${pc}.pc`, where: `${name}/binding.gyp`, kind: 'builds against' });
        }
      }
      // The shared libraries the built module loads.
      const built = join(dir, 'build', 'Release');
      const binaries = existsSync(built) ? readdirSync(built).filter((f) => f.endsWith('.node') && statSync(join(built, f)).isFile()) : [];
      expect(binaries.length, `${name} was not built`).toBeGreaterThan(0);
      for (const binary of binaries) {
        const ldd = execFileSync('ldd', [join(built, binary)], { encoding: 'utf8' });
        for (const [, library, path] of ldd.matchAll(/^\s*(\S+) => (\S+)/gm)) {
          if (path === 'not') unresolved.push(`${name}/${binary} needs ${library}, which is not installed`);
          else uses.push({ what: path!, where: `${name}/${binary}`, kind: 'links' });
        }
      }
    }
    expect([...new Set([...unresolved, ...problemsWith(uses)])]).toEqual([]);
  });

  it('is the only list: README names each package, and .ci/run installs through the same set-up', () => {
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    for (const { name } of listed) expect(readme, `README does not name ${name}`).toContain(`\`${name}\``);
    const ci = readFileSync(join(repo, '.ci', 'run'), 'utf8');
    expect(ci).not.toMatch(/apt-get|dpkg/);
    expect(ci).toMatch(/npm test/);
    const scripts = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).scripts as Record<string, string>;
    for (const script of ['pretest', 'predemo', 'prebench']) expect(scripts[script]).toMatch(/installer\/setup\/setup-machine\.mjs (test|demo)$/);
  });
});

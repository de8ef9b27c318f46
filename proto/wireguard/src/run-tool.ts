// Runs a system tool (ip, wg) as a child process: always execFile with an argument array, never a
// shell string. Secrets never go in argv (world-readable in /proc): `wg` reads keys from files.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export class ToolError extends Error {
  override name = 'ToolError';
  constructor(
    readonly tool: string,
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`${tool} ${args.join(' ')} failed (exit ${exitCode}): ${stderr.trim() || 'no output'}`);
  }
}

const SYSTEM_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** Finds a tool on PATH or in the system directories (a non-login root PATH may lack /usr/sbin). */
export function findTool(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(':').filter(Boolean), ...SYSTEM_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export interface RunOptions {
  timeoutMs?: number;
}

export function runTool(tool: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  const file = findTool(tool) ?? tool;
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      [...args],
      { timeout: options.timeoutMs ?? 15_000, maxBuffer: 4 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C' } },
      (error, stdout, stderr) => {
        if (error) {
          const code = typeof error.code === 'number' ? error.code : null;
          reject(new ToolError(tool, args, code, stderr || error.message));
        } else {
          resolve(stdout);
        }
      },
    );
    child.stdin?.end();
  });
}

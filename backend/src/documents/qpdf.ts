// qpdf, the program the server reads uploaded PDFs with, run as a child process: a 20 MB PDF is
// parsed in qpdf's memory, never in the server's heap, and a PDF that crashes the parser crashes
// only qpdf. Two ways to run it: for a few lines of answer (buffered, with a bound), and for an
// answer too long to hold (written to a file).
import { execFile, spawn } from 'node:child_process';
import { accessSync, constants as fsConstants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

const QPDF_TIMEOUT_MS = 120_000;
/** qpdf prints a few lines for a sound file; megabytes of diagnostics mean a wrecked one. */
const QPDF_OUTPUT_LIMIT = 1024 * 1024;
// LC_ALL=C: the warnings are matched as text.
const qpdfEnv = () => ({ ...process.env, LC_ALL: 'C' });

let qpdfBinary: string | undefined;

/** The qpdf on PATH. Missing qpdf is the server's fault, not the user's: a plain Error. */
function qpdfPath(): string {
  if (qpdfBinary) return qpdfBinary;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir || !isAbsolute(dir)) continue;
    const candidate = join(dir, 'qpdf');
    try {
      accessSync(candidate, fsConstants.X_OK);
      qpdfBinary = candidate;
      return candidate;
    } catch {
      // not in this directory
    }
  }
  throw new Error('qpdf was not found on PATH: the Renkei server checks uploaded PDFs with it. Install the Debian package qpdf.');
}

export interface QpdfResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** qpdf printed more than QPDF_OUTPUT_LIMIT and was stopped. */
  overflowed: boolean;
}

/** Exit status 0: no problems, 2: errors, 3: warnings (qpdf recovered). Paths must be absolute: qpdf has no end-of-options marker. */
export function runQpdf(args: string[]): Promise<QpdfResult> {
  const qpdf = qpdfPath();
  return new Promise((resolvePromise, reject) => {
    const child = execFile(
      qpdf,
      args,
      { timeout: QPDF_TIMEOUT_MS, maxBuffer: QPDF_OUTPUT_LIMIT, env: qpdfEnv(), windowsHide: true },
      (error, stdout, stderr) => {
        if (!error) {
          resolvePromise({ exitCode: 0, stdout, stderr, overflowed: false });
        } else if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
          resolvePromise({ exitCode: -1, stdout, stderr, overflowed: true });
        } else if (typeof error.code === 'number') {
          resolvePromise({ exitCode: error.code, stdout, stderr, overflowed: false });
        } else if (error.killed) {
          reject(new Error(`qpdf ${args.join(' ')} did not finish within ${QPDF_TIMEOUT_MS / 1000} s`, { cause: error }));
        } else {
          reject(new Error(`qpdf ${args.join(' ')} could not be run: ${error.message}`, { cause: error }));
        }
      },
    );
    child.stdin?.end();
  });
}

/**
 * Runs qpdf with its standard output written to the file open as `output` (a descriptor), for
 * answers as long as the document (its JSON is megabytes for a 20 MB PDF): read back from disk in
 * a buffer of its own, they never pass through the server's heap as garbage. The output is bounded
 * by the timeout, not by size; stderr is kept up to QPDF_OUTPUT_LIMIT.
 */
export function runQpdfToFile(args: string[], output: number): Promise<Omit<QpdfResult, 'stdout'>> {
  const qpdf = qpdfPath();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(qpdf, args, { timeout: QPDF_TIMEOUT_MS, env: qpdfEnv(), windowsHide: true, stdio: ['ignore', output, 'pipe'] });
    let stderr = '';
    let overflowed = false;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      if (stderr.length + text.length > QPDF_OUTPUT_LIMIT) {
        overflowed = true;
        child.kill('SIGKILL');
      } else {
        stderr += text;
      }
    });
    child.on('error', (error) => reject(new Error(`qpdf ${args.join(' ')} could not be run: ${error.message}`, { cause: error })));
    child.on('close', (code, signal) => {
      if (overflowed) resolvePromise({ exitCode: -1, stderr, overflowed: true });
      else if (code !== null) resolvePromise({ exitCode: code, stderr, overflowed: false });
      else if (signal === 'SIGTERM') reject(new Error(`qpdf ${args.join(' ')} did not finish within ${QPDF_TIMEOUT_MS / 1000} s`));
      else reject(new Error(`qpdf ${args.join(' ')} ended by signal ${signal}`));
    });
  });
}

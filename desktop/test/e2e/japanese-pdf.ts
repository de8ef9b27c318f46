// Real Japanese PDFs as a business system exports them: plain text written to a file and converted
// by LibreOffice (`soffice --headless --convert-to pdf`), its Japanese font embedded, so pdf.js reads
// the text back as the product does. Each conversion has a private LibreOffice profile, so parallel
// runs do not wait on one another's lock.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One PDF per entry (base name without extension → lines of text), converted in one LibreOffice run. */
export async function japanesePdfs(documents: Record<string, readonly string[]>): Promise<Record<string, Buffer>> {
  const work = await mkdtemp(join(tmpdir(), 'renkei-ja-pdf-'));
  const profile = join(work, 'profile');
  try {
    const sources: string[] = [];
    for (const [name, lines] of Object.entries(documents)) {
      const source = join(work, `${name}.txt`);
      await writeFile(source, `${lines.join('\n')}\n`, 'utf8');
      sources.push(source);
    }
    await run(
      'soffice',
      [
        '--headless',
        '--norestore',
        `-env:UserInstallation=${pathToFileURL(profile).href}`,
        '--infilter=Text (encoded):UTF8,LF,,,',
        '--convert-to',
        'pdf',
        '--outdir',
        work,
        ...sources,
      ],
      { timeout: 180_000 },
    );
    const out: Record<string, Buffer> = {};
    for (const name of Object.keys(documents)) {
      const pdf = join(work, `${name}.pdf`);
      // soffice exits 0 even when a conversion failed; the output file is the only evidence.
      if (!existsSync(pdf)) throw new Error(`LibreOffice did not convert ${name}.txt to PDF`);
      out[name] = await readFile(pdf);
    }
    return out;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

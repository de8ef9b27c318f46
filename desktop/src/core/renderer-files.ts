// The built screens (vite build → dist/renderer) as files to serve, read-only: by Electron's app
// protocol in the app, by the development bridge in development. Only files inside the directory,
// only the kinds a page needs.
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

interface RendererFile {
  body: Buffer;
  contentType: string;
}

/** The file at `relativePath` (URL-decoded, below the token), or null when it is not servable. */
export async function readRendererFile(rendererDir: string, relativePath: string): Promise<RendererFile | null> {
  const wanted = relativePath === '' ? 'index.html' : relativePath;
  if (wanted.includes('\0') || wanted.split('/').some((part) => part === '..' || part === '.')) return null;
  const root = resolve(rendererDir);
  const path = resolve(join(root, wanted));
  if (!path.startsWith(root + sep)) return null;
  const contentType = CONTENT_TYPES[extname(path).toLowerCase()];
  if (contentType === undefined) return null;
  try {
    if (!(await stat(path)).isFile()) return null;
    return { body: await readFile(path), contentType };
  } catch {
    return null;
  }
}

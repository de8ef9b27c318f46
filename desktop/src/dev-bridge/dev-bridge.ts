// The development bridge: the built screens in a plain browser, talking to a real DesktopApi (the
// core, or a test double) running in this Node process. For development and Playwright only;
// the packaged app uses Electron's preload and never contains this.
//
//   GET  /<token>/              the renderer (index.html and its assets, relative URLs)
//   POST /<token>/api/<name>    {"args": [...]} → {"ok": true, "value": …, "binary"?: paths} | {"ok": false, "error": UserFacingError}
//   POST /<token>/staged-files  a dropped file's bytes (application/octet-stream, its name in
//                               X-File-Name, percent-encoded) → {"ok": true, "value": StagedFileView}
//   GET  /<token>/events        Server-Sent Events, one DesktopEvent per message
//
// The token is a per-run secret in the path, so the page's relative requests carry it without
// cookies or script; it is checked on every request, along with a loopback Host and Origin.
// JSON cannot hold bytes: a result's Uint8Arrays travel as base64 text, and `binary` lists where
// they were (shared/binary-values.ts), for the page to turn back into Uint8Arrays.
//
// In a browser there is no path to a dropped file and no native folder dialog: the page uploads
// the file's bytes (the API's stageBytes writes them to the core's private staging directory),
// and the folder for chooseWatchedFolder comes from the bridge's `chooseWatchedFolder` option.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { DesktopApi, UserFacingError } from '../shared/desktop-api';
import { extractBinary } from '../shared/binary-values';
import type { ChooseSavePath, DesktopHost } from '../core/desktop-host';
import { MAX_DOCUMENT_BYTES } from '../core/documents/staged-files';
import { asUserFacingError, bridgeError, checkArguments, invoke, isDesktopApiMethod } from '../core/renderer-boundary';
import { EventStream } from './event-stream';
import { readRendererFile } from '../core/renderer-files';
import { RENDERER_CSP } from '../shared/renderer-csp';
import { hostAllowed, newBridgeToken, originAllowed, tokenMatches } from './request-guard';

export interface DevBridgeOptions {
  /** The API; with stageBytes it accepts dropped files, with setWatchedFolder a chosen folder. */
  api: DesktopApi & Partial<Pick<DesktopHost, 'stageBytes' | 'setWatchedFolder' | 'saveAccessLogCsvTo' | 'saveFhirExportTo'>>;
  /** The built renderer, normally desktop/dist/renderer. */
  rendererDir: string;
  /** A fixed port; by default the system picks a free one. */
  port?: number;
  /**
   * Stands in for the native folder dialog of chooseWatchedFolder: the folder to use (null: the
   * user cancelled). Without it, chooseWatchedFolder goes to the API as it is.
   */
  chooseWatchedFolder?: () => Promise<string | null>;
  /**
   * Stands in for the native save dialog of saveAccessLogCsv: the path to save to (null: the user
   * cancelled). Without it, saveAccessLogCsv goes to the API as it is (which says it needs the app).
   */
  chooseSavePath?: ChooseSavePath;
}

export interface DevBridge {
  /** Where to point the browser, token included: http://127.0.0.1:<port>/<token>/ */
  url: string;
  close(): Promise<void>;
}

// A form's values (several long free texts in Japanese) are the largest JSON arguments.
const MAX_BODY_BYTES = 512 * 1024;
const MAX_FILE_NAME_LENGTH = 1_024;

const COMMON_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
} as const;

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly error: UserFacingError,
  ) {
    super(error.message.en);
  }
}

const refusals = {
  forbidden: () =>
    new Refusal(
      403,
      bridgeError(
        'DEV_BRIDGE_FORBIDDEN',
        '開発用ブリッジへのアクセスは拒否されました。ブリッジが表示したURL（トークン付き）を、このPCのブラウザで開いてください。',
        'Access to the development bridge was refused. Open the URL the bridge printed (with its token) in a browser on this PC.',
      ),
    ),
  notFound: () => new Refusal(404, bridgeError('DEV_BRIDGE_NOT_FOUND', '見つかりません。', 'Not found.')),
  unknownMethod: (name: string) => new Refusal(404, bridgeError('DEV_BRIDGE_UNKNOWN_METHOD', `不明な操作です: ${name}`, `Unknown DesktopApi method: ${name}`)),
  wrongHttpMethod: () => new Refusal(405, bridgeError('DEV_BRIDGE_METHOD_NOT_ALLOWED', '許可されていない要求です。', 'HTTP method not allowed.')),
  badRequest: (problem: string) =>
    new Refusal(400, bridgeError('INVALID_REQUEST', `要求の形式が正しくありません: ${problem}`, `The request is not valid: ${problem}`)),
  tooLarge: () => new Refusal(413, bridgeError('DEV_BRIDGE_TOO_LARGE', '要求が大きすぎます。', 'The request is too large.')),
  notJson: () => new Refusal(415, bridgeError('DEV_BRIDGE_NOT_JSON', '要求はJSONで送ってください。', 'Send the request as JSON.')),
  notOctetStream: () =>
    new Refusal(
      415,
      bridgeError('DEV_BRIDGE_NOT_OCTET_STREAM', 'ファイルは application/octet-stream で送ってください。', 'Send the file as application/octet-stream.'),
    ),
};

const UNEXPECTED: UserFacingError = bridgeError(
  'INTERNAL',
  '予期しないエラーが発生しました。もう一度お試しください。続く場合は開発者に連絡してください。',
  'Something unexpected went wrong. Try again; if it persists, tell the developers.',
);

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { ...COMMON_HEADERS, 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

/** A successful call's envelope: bytes as base64, with where they were. */
function sendValue(response: ServerResponse, value: unknown): void {
  const { value: json, binary } = extractBinary(value, (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'));
  sendJson(response, 200, binary.length > 0 ? { ok: true, value: json, binary } : { ok: true, value: json });
}

/** The request body, refused (413) as soon as it exceeds `limit`. */
async function* limitedBody(request: IncomingMessage, limit: number): AsyncGenerator<Uint8Array> {
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw refusals.tooLarge();
    yield chunk;
  }
}

function fileNameOf(request: IncomingMessage): string {
  const header = request.headers['x-file-name'];
  if (typeof header !== 'string' || header.length === 0 || header.length > MAX_FILE_NAME_LENGTH) throw refusals.badRequest('X-File-Name is required');
  try {
    return decodeURIComponent(header);
  } catch {
    throw refusals.badRequest('X-File-Name is not percent-encoded');
  }
}

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const contentType = request.headers['content-type'] ?? '';
  // A cross-site form can only send form encodings or text/plain; JSON needs our own page.
  if (!/^application\/json\s*(;|$)/i.test(contentType)) throw refusals.notJson();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw refusals.tooLarge();
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw refusals.badRequest('body is not JSON');
  }
}

export async function startDevBridge({ api, rendererDir, port: wantedPort = 0, chooseWatchedFolder, chooseSavePath }: DevBridgeOptions): Promise<DevBridge> {
  const token = newBridgeToken();
  const events = new EventStream();
  let port = wantedPort;

  async function call(name: Parameters<typeof invoke>[1], args: unknown[]): Promise<unknown> {
    // The browser has no native folder dialog: the option says which folder the user "chose".
    if (name === 'chooseWatchedFolder' && chooseWatchedFolder && api.setWatchedFolder) {
      const folder = await chooseWatchedFolder();
      return folder === null ? api.getWatchedFolder() : api.setWatchedFolder(folder);
    }
    // Nor a save dialog: the option says where the user "saved".
    if (name === 'saveAccessLogCsv' && chooseSavePath && api.saveAccessLogCsvTo) {
      return api.saveAccessLogCsvTo(args[0] as Parameters<DesktopHost['saveAccessLogCsvTo']>[0], chooseSavePath);
    }
    if (name === 'saveFhirExport' && chooseSavePath && api.saveFhirExportTo) {
      return api.saveFhirExportTo(args[0] as Parameters<DesktopHost['saveFhirExportTo']>[0], chooseSavePath);
    }
    return invoke(api, name, args);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!hostAllowed(request.headers.host, port)) throw refusals.forbidden();
    const [, presented = '', ...rest] = (request.url ?? '/').split('?')[0]!.split('/');
    if (!tokenMatches(token, presented)) throw refusals.forbidden();
    if (!originAllowed(request.headers.origin, port)) throw refusals.forbidden();
    if (rest.length === 0) {
      response.writeHead(308, { ...COMMON_HEADERS, location: `/${token}/` });
      response.end();
      return;
    }
    let route: string[];
    try {
      route = rest.map((segment) => decodeURIComponent(segment));
    } catch {
      throw refusals.badRequest('malformed path');
    }

    if (route[0] === 'api') {
      if (request.method !== 'POST') throw refusals.wrongHttpMethod();
      const name = route.slice(1).join('/');
      if (!isDesktopApiMethod(name)) throw refusals.unknownMethod(name);
      const checked = checkArguments(name, await readJsonBody(request));
      if (!checked.ok) throw refusals.badRequest(checked.problem);
      try {
        sendValue(response, await call(name, checked.args));
      } catch (thrown) {
        const userFacing = asUserFacingError(thrown);
        if (userFacing === null) console.error(`[dev-bridge] ${name} failed:`, thrown);
        sendJson(response, userFacing === null ? 500 : 200, { ok: false, error: userFacing ?? UNEXPECTED });
      }
      return;
    }

    if (route.length === 1 && route[0] === 'staged-files') {
      if (request.method !== 'POST') throw refusals.wrongHttpMethod();
      if (!api.stageBytes) throw refusals.notFound();
      // Not a type a cross-site form can send: a page elsewhere cannot post files here unseen.
      if (!/^application\/octet-stream\s*(;|$)/i.test(request.headers['content-type'] ?? '')) throw refusals.notOctetStream();
      const fileName = fileNameOf(request);
      if (Number(request.headers['content-length'] ?? 0) > MAX_DOCUMENT_BYTES) throw refusals.tooLarge();
      try {
        sendValue(response, await api.stageBytes(fileName, limitedBody(request, MAX_DOCUMENT_BYTES)));
      } catch (thrown) {
        if (thrown instanceof Refusal) throw thrown;
        const userFacing = asUserFacingError(thrown);
        if (userFacing === null) console.error('[dev-bridge] staging a file failed:', thrown);
        sendJson(response, userFacing === null ? 500 : 200, { ok: false, error: userFacing ?? UNEXPECTED });
        if (!request.complete) response.on('finish', () => request.destroy());
      }
      return;
    }

    if (route.length === 1 && route[0] === 'events') {
      if (request.method !== 'GET') throw refusals.wrongHttpMethod();
      // Events emitted before this stream connected are lost to it; the current status makes up for them.
      events.attach(
        response,
        api.getStatus().then((status) => ({ type: 'status', status })),
      );
      return;
    }

    if (request.method !== 'GET' && request.method !== 'HEAD') throw refusals.wrongHttpMethod();
    const file = await readRendererFile(rendererDir, route.join('/'));
    if (file === null) throw refusals.notFound();
    response.writeHead(200, {
      ...COMMON_HEADERS,
      'content-type': file.contentType,
      'content-security-policy': RENDERER_CSP,
      'content-length': file.body.length,
    });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((thrown: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      if (thrown instanceof Refusal) {
        sendJson(response, thrown.status, { ok: false, error: thrown.error });
        // An oversized body is not read to its end; close instead of waiting for it.
        if (thrown.status === 413) response.on('finish', () => request.destroy());
        return;
      }
      console.error('[dev-bridge] request failed:', thrown);
      sendJson(response, 500, { ok: false, error: UNEXPECTED });
    });
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    // Loopback only: the bridge is never reachable from another machine.
    server.listen(wantedPort, '127.0.0.1', () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;
  const unsubscribe = api.onEvent((event) => events.publish(event));

  return {
    url: `http://127.0.0.1:${port}/${token}/`,
    async close() {
      unsubscribe();
      events.close();
      await new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
    },
  };
}

/** Where `npm run build:renderer` puts the screens. */
export const RENDERER_BUILD_DIR = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));

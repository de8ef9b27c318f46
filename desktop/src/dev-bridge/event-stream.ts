// Core events to every open page, as Server-Sent Events: one-way, plain HTTP, and EventSource
// reconnects by itself when the bridge restarts.
import type { ServerResponse } from 'node:http';
import type { DesktopEvent } from '../shared/desktop-api';

const KEEPALIVE_MS = 15_000;

export class EventStream {
  private readonly clients = new Set<ServerResponse>();
  private published = 0;
  private readonly keepalive = setInterval(() => this.write(': keepalive\n\n'), KEEPALIVE_MS);

  constructor() {
    this.keepalive.unref();
  }

  /**
   * `greeting` makes up for what this client missed before it connected (the current status). It
   * is dropped if a newer event went out meanwhile: status events carry the whole state, so the
   * newer one already says everything and the greeting would only put older state back.
   */
  attach(response: ServerResponse, greeting?: Promise<DesktopEvent>): void {
    const publishedBefore = this.published;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    response.write('retry: 1000\n\n');
    this.clients.add(response);
    response.on('close', () => this.clients.delete(response));
    greeting?.then(
      (event) => {
        if (this.clients.has(response) && this.published === publishedBefore) response.write(`data: ${JSON.stringify(event)}\n\n`);
      },
      () => {},
    );
  }

  publish(event: DesktopEvent): void {
    this.published += 1;
    this.write(`data: ${JSON.stringify(event)}\n\n`);
  }

  close(): void {
    clearInterval(this.keepalive);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }

  private write(chunk: string): void {
    for (const client of this.clients) client.write(chunk);
  }
}

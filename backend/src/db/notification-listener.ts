// A dedicated PostgreSQL connection that LISTENs on a channel, for wake-ups from other backend
// processes (NOTIFY is delivered at commit to every listening session). The pool's connections
// cannot listen: a pooled client goes back to the pool between queries. A lost connection (a
// database restart, a failover) is reconnected with a growing delay and never stops the process;
// since NOTIFYs sent while it was down are lost, `onConnected` runs after every (re)connection,
// for the caller to look at the data itself.
import pg from 'pg';
import type { Logger } from '../logger';

export interface NotificationListenerOptions {
  url: string;
  /** A plain identifier (letters, digits, underscores). */
  channel: string;
  onNotify(payload: string | undefined): void;
  onConnected(): void;
  logger: Logger;
  /** The first delay before reconnecting, doubled after each failure up to `maxBackoffMs`. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

export class NotificationListener {
  private client?: pg.Client;
  private stopped = false;
  private backoffMs: number;
  private retryTimer?: NodeJS.Timeout;

  private constructor(private readonly options: NotificationListenerOptions) {
    if (!/^[a-z_][a-z0-9_]*$/i.test(options.channel)) throw new Error(`not a plain channel name: ${options.channel}`);
    this.backoffMs = options.minBackoffMs ?? 250;
  }

  /** Starts listening; resolves once the first attempt has connected or failed (it keeps trying). */
  static async start(options: NotificationListenerOptions): Promise<NotificationListener> {
    const listener = new NotificationListener(options);
    await listener.connect();
    return listener;
  }

  /** Whether the LISTEN connection is up now. */
  get connected(): boolean {
    return this.client !== undefined;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.options.url });
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = undefined;
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      this.options.logger.warn({ err: error, retryInMs: this.backoffMs }, 'the LISTEN connection for timeline wake-ups was lost; reconnecting');
      this.scheduleRetry();
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (message) => {
      if (message.channel === this.options.channel) this.options.onNotify(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.options.channel}`);
    } catch (error) {
      onLost(error as Error);
      return;
    }
    if (lost || this.stopped) return;
    this.client = client;
    this.backoffMs = this.options.minBackoffMs ?? 250;
    this.options.onConnected();
  }

  private scheduleRetry(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), this.backoffMs);
    this.retryTimer.unref();
    this.backoffMs = Math.min(this.backoffMs * 2, this.options.maxBackoffMs ?? 30_000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}

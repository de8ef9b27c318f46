// A WAN line for the benchmark, where the kernel has no netem: a UDP relay in the clinic's network
// namespace that WireGuard's datagrams to the cloud are diverted through (nftables DNAT, see
// wan-path.ts). Each datagram waits its one-way delay, and each direction is paced to the line's
// rate with a bounded queue that drops what overflows it, as a router's would. Replies go back
// from the socket the clinic's packets arrived at, so conntrack restores the cloud's address on
// them and WireGuard sees its peer unchanged.
//
//   node --import tsx udp-delay-relay.ts --listen <addr:port> --out <addr:port> --upstream <addr:port>
//        --delay-ms <one-way> --rate-mbit <n, 0: no cap> --queue-ms <how long a full queue takes to drain>
import { createSocket, type Socket } from 'node:dgram';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    listen: { type: 'string' },
    out: { type: 'string' },
    upstream: { type: 'string' },
    'delay-ms': { type: 'string', default: '0' },
    'rate-mbit': { type: 'string', default: '0' },
    'queue-ms': { type: 'string', default: '100' },
  },
});

function hostPort(text: string | undefined, name: string): { host: string; port: number } {
  const match = /^(.+):(\d+)$/.exec(text ?? '');
  if (!match) throw new Error(`--${name} <address:port> is required`);
  return { host: match[1]!, port: Number(match[2]) };
}

const listen = hostPort(values.listen, 'listen');
const out = hostPort(values.out, 'out');
const upstream = hostPort(values.upstream, 'upstream');
const delayMs = Number(values['delay-ms']);
const bitsPerMs = Number(values['rate-mbit']) * 1000;
const queueMs = Number(values['queue-ms']);

interface Datagram {
  bytes: Buffer;
  at: number;
}

/** One direction of the line: paced to its rate, delayed, delivered in order. */
class Direction {
  private readonly queue: Datagram[] = [];
  private lineFreeAt = 0;
  private timer: NodeJS.Timeout | undefined;
  dropped = 0;
  constructor(private readonly deliver: (bytes: Buffer) => void) {}

  push(bytes: Buffer): void {
    const now = performance.now();
    let leaves = now;
    if (bitsPerMs > 0) {
      const start = Math.max(now, this.lineFreeAt);
      // Tail drop: the queue ahead of this datagram would take longer than queueMs to send.
      if (start - now > queueMs) {
        this.dropped++;
        return;
      }
      leaves = start + (bytes.length * 8) / bitsPerMs;
      this.lineFreeAt = leaves;
    }
    this.queue.push({ bytes, at: leaves + delayMs });
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.queue.length === 0) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        const now = performance.now();
        while (this.queue.length > 0 && this.queue[0]!.at <= now + 0.5) this.deliver(this.queue.shift()!.bytes);
        this.schedule();
      },
      Math.max(0, this.queue[0]!.at - performance.now()),
    );
  }
}

const inbound: Socket = createSocket('udp4');
const outbound: Socket = createSocket('udp4');
let clinic: { address: string; port: number } | undefined;

const up = new Direction((bytes) => outbound.send(bytes, upstream.port, upstream.host));
const down = new Direction((bytes) => {
  if (clinic) inbound.send(bytes, clinic.port, clinic.address);
});

inbound.on('message', (bytes, from) => {
  clinic = { address: from.address, port: from.port };
  up.push(bytes);
});
outbound.on('message', (bytes, from) => {
  if (from.address === upstream.host && from.port === upstream.port) down.push(bytes);
});

await Promise.all([
  new Promise<void>((resolve) => inbound.bind(listen.port, listen.host, resolve)),
  new Promise<void>((resolve) => outbound.bind(out.port, out.host, resolve)),
]);
for (const socket of [inbound, outbound]) {
  socket.setRecvBufferSize(8 * 1024 * 1024);
  socket.setSendBufferSize(8 * 1024 * 1024);
}
process.stdout.write('relay ready\n');
process.on('SIGTERM', () => {
  process.stderr.write(`dropped: up ${up.dropped}, down ${down.dropped}\n`);
  process.exit(0);
});

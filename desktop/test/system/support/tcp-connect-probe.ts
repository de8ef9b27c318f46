// Run inside a namespace: opens one TCP connection to host:port and prints what became of it,
// {"outcome":"connected"|"timeout"|<errno code>}. A port whose packets are dropped gives "timeout";
// one with nothing listening, "ECONNREFUSED".
import { connect } from 'node:net';

const [host, port, timeoutMs] = process.argv.slice(2) as [string, string, string];
const outcome = await new Promise<string>((resolve) => {
  const socket = connect({ host, port: Number(port), timeout: Number(timeoutMs) });
  socket.once('connect', () => (socket.destroy(), resolve('connected')));
  socket.once('timeout', () => (socket.destroy(), resolve('timeout')));
  socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
});
process.stdout.write(JSON.stringify({ outcome }));

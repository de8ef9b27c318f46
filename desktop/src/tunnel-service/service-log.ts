// The tunnel service runs unattended as root, so its log is read by machines (journald, a support
// bundle) before people: one JSON object per line on stderr. Callers pass facts, never key
// material; the private key is only ever a file path in this process.
export type LogLevel = 'info' | 'warn' | 'error';

export interface ServiceLog {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

export function createServiceLog(write: (line: string) => void = (line) => process.stderr.write(line)): ServiceLog {
  const emit = (level: LogLevel, event: string, fields: Record<string, unknown> = {}) => {
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level, event };
    for (const [key, value] of Object.entries(fields)) entry[key] = value instanceof Error ? value.message : value;
    write(`${JSON.stringify(entry)}\n`);
  };
  return {
    info: (event, fields) => emit('info', event, fields),
    warn: (event, fields) => emit('warn', event, fields),
    error: (event, fields) => emit('error', event, fields),
  };
}

/** For tests and library use where nobody reads the log. */
export const silentLog: ServiceLog = { info: () => {}, warn: () => {}, error: () => {} };

// Time as the server sees it. Injected so tests can move past expiries without sleeping.
import type { Timestamp } from '@renkei/proto/generated/google/protobuf/Timestamp';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function toTimestamp(iso: string | null | undefined): Timestamp | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 };
}

export function addMinutes(date: Date, minutes: number): Date {
  return new Date(date.getTime() + minutes * 60_000);
}

// Who may talk to the development bridge: only pages on this machine that know this run's token.
// The bridge carries a logged-in clinician's session, so a web page open in the same browser must
// not reach it: a DNS-rebinding page arrives with a foreign Host header, and a cross-site request
// with a foreign Origin; neither knows the token.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newBridgeToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares without leaking, through timing, how much of a guess was right (or its length). */
export function tokenMatches(expected: string, presented: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(presented));
}

export function loopbackOrigins(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/** The Host header must name this server on the loopback interface, port included. */
export function hostAllowed(hostHeader: string | undefined, port: number): boolean {
  return hostHeader !== undefined && loopbackOrigins(port).includes(hostHeader.toLowerCase());
}

/** Browsers send Origin on POSTs and cross-origin requests; when present it must be this server. */
export function originAllowed(originHeader: string | undefined, port: number): boolean {
  if (originHeader === undefined) return true;
  return loopbackOrigins(port).some((host) => originHeader.toLowerCase() === `http://${host}`);
}

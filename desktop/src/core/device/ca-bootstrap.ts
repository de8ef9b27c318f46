// Trusting the region's server on first contact. The PC has no certificate installed; the
// enrollment code carries a pin (hash) of the region's CA. We open TLS without verification only
// to read the certificate chain, find the certificate matching the pin, check that it is a CA
// that signed the server's certificate, and from then on trust that CA alone (normal TLS
// verification, host name included). A server that cannot show the pinned CA is refused.
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import tls, { type PeerCertificate, type DetailedPeerCertificate } from 'node:tls';
import { caPinMatches } from '@renkei/proto';

export class CaPinMismatchError extends Error {
  override name = 'CaPinMismatchError';
}

export class ServerUnreachableError extends Error {
  override name = 'ServerUnreachableError';
}

export function splitHostPort(address: string, defaultPort: number): { host: string; port: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(address);
  if (bracketed) return { host: bracketed[1]!, port: Number(bracketed[2] ?? defaultPort) };
  const match = /^([^:]+)(?::(\d+))?$/.exec(address);
  if (!match) throw new Error(`not a server address: ${address}`);
  return { host: match[1]!, port: Number(match[2] ?? defaultPort) };
}

function chainOf(leaf: DetailedPeerCertificate): X509Certificate[] {
  const chain: X509Certificate[] = [];
  const seen = new Set<string>();
  let current: PeerCertificate | undefined = leaf;
  while (current?.raw && !seen.has(current.fingerprint256)) {
    seen.add(current.fingerprint256);
    chain.push(new X509Certificate(current.raw));
    current = (current as DetailedPeerCertificate).issuerCertificate;
  }
  return chain;
}

/** Connects to the server and returns the PEM of its CA, if and only if it matches the pin. */
export function fetchPinnedCa(host: string, port: number, caPin: Uint8Array, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host,
      port,
      // Verification happens below, against the pin; nothing is sent over this connection.
      rejectUnauthorized: false,
      ALPNProtocols: ['h2'],
      ...(isIP(host) === 0 && { servername: host }),
      timeout: timeoutMs,
    });
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.once('timeout', () => fail(new ServerUnreachableError(`no answer from ${host}:${port} within ${timeoutMs} ms`)));
    socket.once('error', (error) => fail(new ServerUnreachableError(`${host}:${port}: ${error.message}`)));
    socket.once('secureConnect', () => {
      const chain = chainOf(socket.getPeerCertificate(true));
      socket.end();
      const ca = chain.find((certificate) => caPinMatches(certificate.raw, caPin));
      if (!ca || !ca.ca) return reject(new CaPinMismatchError(`${host}:${port} did not present the CA named by the enrollment code`));
      // Every certificate between the server's and the pinned CA must be signed by the next.
      for (let i = 0; chain[i] !== ca; i++) {
        const issuer = chain[i + 1]!;
        if (!chain[i]!.checkIssued(issuer) || !chain[i]!.verify(issuer.publicKey)) {
          return reject(new CaPinMismatchError(`the certificate chain of ${host}:${port} is broken`));
        }
      }
      resolve(ca.toString());
    });
  });
}

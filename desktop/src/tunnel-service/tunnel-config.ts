// The tunnel configuration the cloud sends on approval, judged before it is stored or reaches `wg`
// and `ip`. The rules keep the tunnel what it is meant to be: a private link that carries Renkei
// traffic only, never the PC's default route or anybody else's networks.
import { isIPv6 } from 'node:net';
import { isWireGuardKey } from '@renkei/wireguard';
import type { TunnelConfig__Output } from '@renkei/proto/generated/renkei/v1/TunnelConfig';
import { z } from 'zod';
import { InvalidTunnelConfigError, type ConfigViolation } from './tunnel-errors';
import { PRIVATE_NETWORKS_TEXT, isPrivateNetwork, networkContains, parseIpv4, parseIpv4Cidr, type Ipv4Network } from './ipv4';

/** A configuration that passed `validateTunnelConfig`; the shape of renkei.v1.TunnelConfig. */
export type TunnelConfig = Readonly<Omit<TunnelConfig__Output, 'allowedIps'> & { allowedIps: readonly string[] }>;

export const MAX_KEEPALIVE_SECONDS = 3600;
const MAX_ALLOWED_IPS = 64;
const DNS_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

const PROTO_FIELD_NAMES: Record<keyof TunnelConfig__Output, string> = {
  deviceAddress: 'device_address',
  serverPublicKey: 'server_public_key',
  serverEndpoint: 'server_endpoint',
  allowedIps: 'allowed_ips',
  clinicalApiAddress: 'clinical_api_address',
  persistentKeepaliveSeconds: 'persistent_keepalive_seconds',
};

function parsePort(text: string): number | null {
  if (!/^[1-9]\d{0,4}$/.test(text)) return null;
  const port = Number(text);
  return port <= 65535 ? port : null;
}

function isDnsName(host: string): boolean {
  if (host.length > 253) return false;
  const labels = host.split('.');
  // An all-numeric last label is a mistyped IPv4 address (e.g. 300.1.1.1), not a name.
  if (/^\d+$/.test(labels.at(-1) ?? '')) return false;
  return labels.every((label) => DNS_LABEL.test(label));
}

type Problem = string | null;

/** Why the text is not "host:port" with an IPv4 address, a [IPv6] address or a DNS name. */
function endpointProblem(text: string): Problem {
  if (text === '') return 'is required';
  const bracketed = /^\[([^\]]+)\]:([^:]+)$/.exec(text);
  let host: string;
  let portText: string;
  if (bracketed) {
    [, host = '', portText = ''] = bracketed;
    if (!isIPv6(host)) return `"${host}" is not an IPv6 address`;
  } else {
    const colon = text.lastIndexOf(':');
    if (colon <= 0) return 'must be host:port';
    host = text.slice(0, colon);
    portText = text.slice(colon + 1);
    if (host.includes(':')) return 'an IPv6 address must be written in brackets, e.g. [2001:db8::1]:51820';
    if (parseIpv4(host) === null && !isDnsName(host)) return `"${host}" is neither an IPv4 address nor a DNS name`;
  }
  if (parsePort(portText) === null) return `port "${portText}" is not a number from 1 to 65535`;
  return null;
}

function deviceAddressProblem(text: string): Problem {
  if (text === '') return 'is required';
  const parsed = parseIpv4Cidr(text);
  if (parsed === 'syntax') return 'must be an IPv4 address with /32, e.g. 10.77.0.2/32';
  if (parsed === 'host-bits' || parsed.prefixLength !== 32) return 'must be a single address (/32)';
  if (!isPrivateNetwork(parsed)) return `must be inside ${PRIVATE_NETWORKS_TEXT}`;
  return null;
}

function allowedNetworkProblem(text: string): Problem {
  const parsed = parseIpv4Cidr(text);
  if (parsed === 'syntax') return `"${text}" is not an IPv4 network in CIDR form, e.g. 10.77.0.1/32`;
  if (parsed === 'host-bits') return `"${text}" has bits set beyond its prefix length`;
  if (parsed.prefixLength === 0) return `"${text}" is the default route; this tunnel carries Renkei traffic only`;
  // Also refuses wg-quick's split default route (0.0.0.0/1 + 128.0.0.0/1) and public networks.
  if (!isPrivateNetwork(parsed)) return `"${text}" is outside ${PRIVATE_NETWORKS_TEXT}; this tunnel carries Renkei traffic only`;
  return null;
}

function clinicalApiAddressProblem(text: string): Problem {
  if (text === '') return 'is required';
  const colon = text.lastIndexOf(':');
  const address = colon > 0 ? parseIpv4(text.slice(0, colon)) : null;
  if (address === null) return 'must be an IPv4 address and port, e.g. 10.77.0.1:7444';
  if (parsePort(text.slice(colon + 1)) === null) return `port "${text.slice(colon + 1)}" is not a number from 1 to 65535`;
  return null;
}

function check(problem: (value: string) => Problem) {
  return (value: string, ctx: z.RefinementCtx) => {
    const message = problem(value);
    if (message) ctx.addIssue({ code: 'custom', message });
  };
}

const schema = z
  .object({
    deviceAddress: z.string().superRefine(check(deviceAddressProblem)),
    serverPublicKey: z.string().refine(isWireGuardKey, 'must be a base64 WireGuard public key (32 bytes)'),
    serverEndpoint: z.string().superRefine(check(endpointProblem)),
    allowedIps: z
      .array(z.string().superRefine(check(allowedNetworkProblem)))
      .min(1, 'must list at least one network to route into the tunnel')
      .max(MAX_ALLOWED_IPS, `must list at most ${MAX_ALLOWED_IPS} networks`),
    clinicalApiAddress: z.string().superRefine(check(clinicalApiAddressProblem)),
    persistentKeepaliveSeconds: z
      .number()
      .int('must be a whole number of seconds')
      .min(0, 'must not be negative')
      .max(MAX_KEEPALIVE_SECONDS, `must be at most ${MAX_KEEPALIVE_SECONDS} seconds (0 turns keepalive off)`),
  })
  .superRefine((config, ctx) => {
    // zod runs this even when a field failed on its own; such fields were reported already.
    const parsed = config.allowedIps.map(parseIpv4Cidr);
    if (parsed.length === 0 || config.allowedIps.some((text) => allowedNetworkProblem(text) !== null)) return;
    const networks = parsed as Ipv4Network[];
    const hostOf = (hostAndPort: string) => parseIpv4(hostAndPort.slice(0, hostAndPort.lastIndexOf(':')));
    const api = clinicalApiAddressProblem(config.clinicalApiAddress) === null ? hostOf(config.clinicalApiAddress) : null;
    if (api !== null && !networks.some((network) => networkContains(network, api))) {
      ctx.addIssue({ code: 'custom', path: ['clinicalApiAddress'], message: 'must be inside allowed_ips, or it would not be reached through the tunnel' });
    }
    const endpointHost = endpointProblem(config.serverEndpoint) === null ? hostOf(config.serverEndpoint) : null;
    if (endpointHost !== null && networks.some((network) => networkContains(network, endpointHost))) {
      ctx.addIssue({ code: 'custom', path: ['serverEndpoint'], message: 'must not be inside allowed_ips: the tunnel would be routed into itself' });
    }
  });

function violationsOf(error: z.ZodError): ConfigViolation[] {
  return error.issues.map((issue) => {
    const [field, index] = issue.path;
    const name = PROTO_FIELD_NAMES[field as keyof TunnelConfig__Output] ?? String(field ?? 'config');
    return { field: typeof index === 'number' ? `${name}[${index}]` : name, description: issue.message };
  });
}

/** The configuration, checked field by field; throws InvalidTunnelConfigError naming every problem. */
export function validateTunnelConfig(input: unknown): TunnelConfig {
  if (input === null || input === undefined) throw new InvalidTunnelConfigError([{ field: 'config', description: 'is required' }]);
  const result = schema.safeParse(input);
  if (!result.success) throw new InvalidTunnelConfigError(violationsOf(result.error));
  return result.data;
}

export function sameTunnelConfig(a: TunnelConfig, b: TunnelConfig): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

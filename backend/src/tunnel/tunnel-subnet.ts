// Addresses inside the WireGuard subnet: the cloud takes the first host address, devices the
// following ones, each once (a revoked device's address is not handed out again, so the access
// log's addresses always name one device).
export interface TunnelSubnet {
  cidr: string;
  prefix: number;
  /** The cloud's own address in the tunnel; the clinical API listens here. */
  serverAddress: string;
  /** Host offsets 2..maxHost are for devices. */
  maxHost: number;
  address(host: number): string;
  contains(address: string): boolean;
}

function toInt(address: string): number {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`not an IPv4 address: ${address}`);
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

function toAddress(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

export function parseTunnelSubnet(cidr: string): TunnelSubnet {
  const [base = '', prefixText = ''] = cidr.split('/');
  const prefix = Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 8 || prefix > 30) throw new Error(`tunnel subnet prefix must be /8 to /30: ${cidr}`);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const network = (toInt(base) & mask) >>> 0;
  const size = 2 ** (32 - prefix);
  return {
    cidr: `${toAddress(network)}/${prefix}`,
    prefix,
    serverAddress: toAddress(network + 1),
    maxHost: size - 2,
    address: (host) => {
      if (host < 1 || host > size - 2) throw new Error(`host ${host} outside ${cidr}`);
      return toAddress(network + host);
    },
    contains: (address) => {
      try {
        return (toInt(address) & mask) >>> 0 === network;
      } catch {
        return false;
      }
    },
  };
}

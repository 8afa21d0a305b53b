import { BlockList, isIP, type LookupFunction } from 'node:net';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';

/**
 * Which addresses a webhook may reach. Every address a delivery connects to is classified here,
 * inside the HTTP client's DNS lookup (so a name that resolves to a public address when the
 * endpoint is saved and to 127.0.0.1 when it is called cannot slip through), and literal
 * addresses before any connection is opened.
 */
export interface AddressVerdict {
  allowed: boolean;
  /** The named range that refused the address (`loopback`, `private`, `metadata` …), or null. */
  range: string | null;
}

/** Ranges no webhook may reach unless the operator's allow-list names them. Order matters: the first match names the reason. */
const refusedRanges: readonly (readonly [range: string, network: string, prefix: number, family: 'ipv4' | 'ipv6'])[] = [
  ['metadata', '169.254.169.254', 32, 'ipv4'],
  ['metadata', 'fd00:ec2::254', 128, 'ipv6'],
  ['unspecified', '0.0.0.0', 8, 'ipv4'],
  ['private', '10.0.0.0', 8, 'ipv4'],
  ['carrier-grade NAT', '100.64.0.0', 10, 'ipv4'],
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  ['link-local', '169.254.0.0', 16, 'ipv4'],
  ['private', '172.16.0.0', 12, 'ipv4'],
  ['reserved', '192.0.0.0', 24, 'ipv4'],
  ['documentation', '192.0.2.0', 24, 'ipv4'],
  ['private', '192.168.0.0', 16, 'ipv4'],
  ['benchmarking', '198.18.0.0', 15, 'ipv4'],
  ['documentation', '198.51.100.0', 24, 'ipv4'],
  ['documentation', '203.0.113.0', 24, 'ipv4'],
  ['multicast', '224.0.0.0', 4, 'ipv4'],
  ['reserved', '240.0.0.0', 4, 'ipv4'],
  ['unspecified', '::', 128, 'ipv6'],
  ['loopback', '::1', 128, 'ipv6'],
  ['IPv4-mapped', '::ffff:0:0', 96, 'ipv6'],
  ['IPv4-compatible', '::', 96, 'ipv6'],
  ['NAT64', '64:ff9b::', 96, 'ipv6'],
  ['NAT64', '64:ff9b:1::', 48, 'ipv6'],
  ['discard', '100::', 64, 'ipv6'],
  ['Teredo', '2001::', 32, 'ipv6'],
  ['documentation', '2001:db8::', 32, 'ipv6'],
  ['6to4', '2002::', 16, 'ipv6'],
  ['unique-local', 'fc00::', 7, 'ipv6'],
  ['link-local', 'fe80::', 10, 'ipv6'],
  ['multicast', 'ff00::', 8, 'ipv6'],
];

const refused = refusedRanges.map(([range, network, prefix, family]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return { range, family, list };
});

const ipv4Mapped = new BlockList();
ipv4Mapped.addSubnet('::ffff:0:0', 96, 'ipv6');

/** Strips the brackets of an IPv6 URL host (`[::1]` → `::1`). */
export const unbracket = (host: string) => (host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host);

/**
 * Parses an allow-list (`127.0.0.1, ::1, 10.20.0.0/16`): addresses and CIDR blocks the operator
 * lets webhooks reach although they are in a refused range. Throws on an entry it cannot read.
 */
export function parseAllowedNetworks(setting: string | undefined): BlockList {
  const allowed = new BlockList();
  for (const entry of (setting ?? '').split(',').map((part) => part.trim()).filter(Boolean)) {
    const [address = '', prefixText] = entry.split('/');
    const family = isIP(address);
    if (family === 0) throw new Error(`"${entry}" is not an address or CIDR block`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefixText === undefined) {
      allowed.addAddress(address, type);
      continue;
    }
    const prefix = Number(prefixText);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) throw new Error(`"${entry}" has a bad prefix length`);
    allowed.addSubnet(address, prefix, type);
  }
  return allowed;
}

/** Classifies one IP address (no DNS, no connection). Anything not an IP address is refused. */
export function classifyAddress(address: string, allowed: BlockList = new BlockList()): AddressVerdict {
  const bare = unbracket(address).split('%')[0] ?? '';
  const family = isIP(bare);
  if (family === 0) return { allowed: false, range: 'not an IP address' };
  const type = family === 4 ? 'ipv4' : 'ipv6';
  // node's BlockList lets an IPv4 rule match the IPv4-mapped form too; a mapped address is
  // refused whatever the allow-list says (a receiver has no reason to be written that way).
  if (!(type === 'ipv6' && ipv4Mapped.check(bare, 'ipv6')) && allowed.check(bare, type)) return { allowed: true, range: null };
  for (const entry of refused) {
    if (entry.family === type && entry.list.check(bare, type)) return { allowed: false, range: entry.range };
  }
  return { allowed: true, range: null };
}

/**
 * Why a delivery did not connect, as the delivery log says it: a literal address is named, but
 * for a host name only the kind of range it resolved to is (the address would let a tenant map
 * the deployment's internal DNS).
 */
export class RefusedAddressError extends Error {
  readonly code = 'ERR_WEBHOOK_ADDRESS_REFUSED';
  constructor(host: string, address: string, range: string) {
    super(host === address ? `refused to connect to ${address}: a ${range} address` : `refused to connect to ${host}: it resolves to a ${range} address`);
    this.name = 'RefusedAddressError';
  }
}

/**
 * A `lookup` for node:http(s) and node:net that resolves as usual and then refuses the answer if
 * any address in it is in a refused range. It answers both forms net asks for (one address, or
 * `all` for happy eyeballs).
 */
export function guardedLookup(allowed: BlockList, resolve: typeof dnsLookup = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const found = addresses as LookupAddress[];
      for (const { address } of found) {
        const verdict = classifyAddress(address, allowed);
        if (!verdict.allowed) return callback(new RefusedAddressError(hostname, address, verdict.range ?? 'refused'), '', 0);
      }
      if (found.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      if (options.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, found);
      const [first] = found as [LookupAddress];
      callback(null, first.address, first.family);
    });
  };
}

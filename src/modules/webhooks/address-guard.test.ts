import type { lookup } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { classifyAddress, guardedLookup, parseAllowedNetworks, RefusedAddressError } from './address-guard.ts';

// Pure classification: no address here is ever connected to.
describe('classifyAddress', () => {
  it.each([
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'metadata'],
    ['169.254.1.1', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['::ffff:127.0.0.1', 'IPv4-mapped'],
    ['::ffff:8.8.8.8', 'IPv4-mapped'],
    ['64:ff9b::7f00:1', 'NAT64'],
    ['fd00::1', 'unique-local'],
    ['fd00:ec2::254', 'metadata'],
    ['fe80::1', 'link-local'],
    ['[::1]', 'loopback'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
  ])('refuses %s (%s)', (address, range) => {
    expect(classifyAddress(address)).toEqual({ allowed: false, range });
  });

  it.each(['93.184.215.14', '8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '2a00:1450:4001:80b::200e'])('lets the public address %s through', (address) => {
    expect(classifyAddress(address)).toEqual({ allowed: true, range: null });
  });

  it('refuses what is not an IP address', () => {
    expect(classifyAddress('localhost').allowed).toBe(false);
  });

  it('lets the allow-list open addresses and blocks, and nothing else', () => {
    const allowed = parseAllowedNetworks('127.0.0.1, ::1, 10.20.0.0/16');
    expect(classifyAddress('127.0.0.1', allowed).allowed).toBe(true);
    expect(classifyAddress('::1', allowed).allowed).toBe(true);
    expect(classifyAddress('10.20.3.4', allowed).allowed).toBe(true);
    expect(classifyAddress('10.21.0.1', allowed)).toEqual({ allowed: false, range: 'private' });
    expect(classifyAddress('127.0.0.2', allowed)).toEqual({ allowed: false, range: 'loopback' });
    expect(classifyAddress('169.254.169.254', allowed)).toEqual({ allowed: false, range: 'metadata' });
    expect(classifyAddress('::ffff:127.0.0.1', allowed)).toEqual({ allowed: false, range: 'IPv4-mapped' });
  });

  it('refuses an allow-list it cannot read', () => {
    expect(() => parseAllowedNetworks('10.0.0.0/40')).toThrow(/prefix/);
    expect(() => parseAllowedNetworks('intranet.example.com')).toThrow(/not an address/);
  });
});

describe('guardedLookup', () => {
  /** A resolver that answers from a table, as DNS might (a rebinding name answers a private address). */
  const fakeDns = (answers: Record<string, { address: string; family: number }[]>) =>
    ((hostname: string, _options: unknown, callback: (error: Error | null, addresses: { address: string; family: number }[]) => void) =>
      callback(null, answers[hostname] ?? [])) as unknown as typeof lookup;

  const resolve = (hostname: string, all: boolean, dns: ReturnType<typeof fakeDns>, allowList = '') =>
    new Promise<{ error: Error | null; result: unknown }>((done) =>
      guardedLookup(parseAllowedNetworks(allowList), dns)(hostname, { all }, (error, address, family) => done({ error, result: all ? address : { address, family } })),
    );

  const dns = fakeDns({
    'public.example': [{ address: '93.184.215.14', family: 4 }],
    'rebinding.example': [
      { address: '93.184.215.14', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ],
    'metadata.example': [{ address: 'fd00:ec2::254', family: 6 }],
  });

  it('answers a name whose every address is public, in both forms net asks for', async () => {
    expect(await resolve('public.example', false, dns)).toEqual({ error: null, result: { address: '93.184.215.14', family: 4 } });
    expect(await resolve('public.example', true, dns)).toEqual({ error: null, result: [{ address: '93.184.215.14', family: 4 }] });
  });

  it('refuses a name when any of its addresses is refused', async () => {
    const { error } = await resolve('rebinding.example', true, dns);
    expect(error).toBeInstanceOf(RefusedAddressError);
    // The kind of range is named, not the address the name resolved to.
    expect(error?.message).toBe('refused to connect to rebinding.example: it resolves to a loopback address');
    expect((await resolve('metadata.example', false, dns)).error?.message).toBe('refused to connect to metadata.example: it resolves to a metadata address');
  });

  it('follows the allow-list', async () => {
    expect((await resolve('rebinding.example', false, dns, '127.0.0.0/8')).error).toBeNull();
  });
});

/**
 * Which addresses a fetch may connect to, with and without ALLOW_PRIVATE_URLS, and the setting
 * itself as src/config.ts reads it.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { addressRefusal, sameAddress } from '../../src/serve/fetch/address-policy.js';

describe('addressRefusal', () => {
  it('lets public unicast addresses through', () => {
    for (const ip of [
      '93.184.215.14',
      '8.8.8.8',
      '2606:4700::6810:84e5',
      '64:ff9b::808:808',
      '2002:808:808::1',
    ]) {
      expect(addressRefusal(ip, false), ip).toBeNull();
    }
  });

  it('refuses internal addresses, naming their kind; private-use ones only without the setting', () => {
    // [address, refusal without the setting, refusal with it]
    const cases: [string, string, string | null][] = [
      ['127.0.0.1', 'loopback', null],
      ['127.255.0.9', 'loopback', null],
      ['::1', 'loopback', null],
      ['10.1.2.3', 'private-use', null],
      ['172.16.0.1', 'private-use', null],
      ['192.168.0.10', 'private-use', null],
      ['fd12:3456::1', 'unique-local', null],
      ['100.64.0.1', 'shared (carrier-grade NAT)', null],
      ['::ffff:10.0.0.1', 'private-use', null], // IPv4-mapped
      ['::ffff:7f00:1', 'loopback', null], // IPv4-mapped, hex
      ['64:ff9b::7f00:1', 'loopback', null], // NAT64 of 127.0.0.1
      ['169.254.169.254', 'link-local', 'link-local'], // cloud metadata
      ['fe80::1', 'link-local', 'link-local'],
      ['::ffff:169.254.169.254', 'link-local', 'link-local'],
      ['0.0.0.0', 'unspecified', 'unspecified'],
      ['0.1.2.3', 'unspecified', 'unspecified'],
      ['::', 'unspecified', 'unspecified'],
      ['224.0.0.251', 'multicast', 'multicast'],
      ['ff02::1', 'multicast', 'multicast'],
      ['255.255.255.255', 'broadcast', 'broadcast'],
      ['240.0.0.1', 'reserved', 'reserved'],
      ['192.0.2.1', 'reserved', 'reserved'], // documentation
      ['2001:db8::1', 'reserved', 'reserved'], // documentation
      ['::7f00:1', 'reserved', 'reserved'], // deprecated IPv4-compatible form
      ['64:ff9b:1::a00:1', 'reserved', 'reserved'], // local-use NAT64 prefix
      ['not an address', 'invalid', 'invalid'],
    ];
    for (const [ip, without, withSetting] of cases) {
      expect(addressRefusal(ip, false), ip).toBe(without);
      expect(addressRefusal(ip, true), ip).toBe(withSetting);
    }
  });
});

describe('sameAddress', () => {
  it('matches one address in its different spellings, and nothing else', () => {
    expect(sameAddress('::ffff:127.0.0.1', '127.0.0.1')).toBe(true);
    expect(sameAddress('2001:DB8:0:0::1', '2001:db8::1')).toBe(true);
    expect(sameAddress('127.0.0.1', '127.0.0.2')).toBe(false);
    expect(sameAddress('', '127.0.0.1')).toBe(false);
  });
});

describe('ALLOW_PRIVATE_URLS', () => {
  it('is off by default and reads true/false/1/0 in any case', () => {
    expect(loadConfig({}).allowPrivateUrls).toBe(false);
    expect(loadConfig({ ALLOW_PRIVATE_URLS: 'TRUE' }).allowPrivateUrls).toBe(true);
    expect(loadConfig({ ALLOW_PRIVATE_URLS: '1' }).allowPrivateUrls).toBe(true);
    expect(loadConfig({ ALLOW_PRIVATE_URLS: 'false' }).allowPrivateUrls).toBe(false);
    expect(loadConfig({ ALLOW_PRIVATE_URLS: ' 0 ' }).allowPrivateUrls).toBe(false);
  });

  it('names itself when set to anything else', () => {
    expect(() => loadConfig({ ALLOW_PRIVATE_URLS: 'yes' })).toThrow(
      "ALLOW_PRIVATE_URLS: must be 'true' or 'false' (or 1 or 0). Fix it in .env (see .env.example).",
    );
  });
});

import { describe, expect, it } from 'vitest';
import { classifyAddress } from '../../src/lib/public-address.js';

describe('classifying addresses for URL imports', () => {
  it('when an address is on a private, internal or special network, then it is not public', () => {
    const expected: Record<string, string> = {
      '127.0.0.1': 'loopback',
      '127.255.255.254': 'loopback',
      '::1': 'loopback',
      '0:0:0:0:0:0:0:1': 'loopback',
      '10.1.2.3': 'internal',
      '172.16.0.1': 'internal',
      '172.31.255.255': 'internal',
      '192.168.0.10': 'internal',
      '169.254.169.254': 'internal',
      '100.64.0.1': 'internal',
      '100.127.255.255': 'internal',
      '0.0.0.0': 'internal',
      '224.0.0.251': 'internal',
      '255.255.255.255': 'internal',
      '::': 'internal',
      '::ffff:127.0.0.1': 'internal',
      '::ffff:7f00:1': 'internal',
      '::ffff:169.254.169.254': 'internal',
      '::ffff:10.0.0.1': 'internal',
      '64:ff9b::a9fe:a9fe': 'internal',
      '2002:7f00:1::': 'internal',
      'fe80::1': 'internal',
      'fe80::1%eth0': 'internal',
      'fc00::1': 'internal',
      'fd12:3456::1': 'internal',
      'ff02::1': 'internal',
      '2001:db8::1': 'internal',
      'not an address': 'internal',
    };
    for (const [address, kind] of Object.entries(expected))
      expect(classifyAddress(address), address).toBe(kind);
  });

  it('when an address is on the public internet, then it is public', () => {
    for (const address of [
      '93.184.216.34',
      '8.8.8.8',
      '172.32.0.1',
      '100.128.0.1',
      '2606:4700:4700::1111',
      '::ffff:8.8.8.8',
      '2002:5db8:d822::',
    ]) {
      expect(classifyAddress(address), address).toBe('public');
    }
  });
});

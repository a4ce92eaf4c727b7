import { describe, expect, it } from 'vitest';
import { decideMetricsAccess, isLoopbackAddress } from './metrics';

const TOKEN = 'metrics-token-0123456789';

describe('who may read /metrics', () => {
  it('recognises loopback peers, IPv4, IPv6 and IPv4-mapped', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) {
      expect(isLoopbackAddress(address), address).toBe(true);
    }
    for (const address of ['10.0.0.1', '203.0.113.5', '::ffff:10.0.0.1', '2001:db8::1', '', undefined]) {
      expect(isLoopbackAddress(address), String(address)).toBe(false);
    }
  });

  it('without a token, answers loopback callers only', () => {
    const base = { token: undefined, authorization: undefined };
    expect(decideMetricsAccess({ ...base, socketAddress: '127.0.0.1' })).toBe('allowed');
    expect(decideMetricsAccess({ ...base, socketAddress: '203.0.113.5' })).toBe('not_loopback');
    // A bearer token does not open the door when none is configured.
    expect(
      decideMetricsAccess({ ...base, authorization: `Bearer ${TOKEN}`, socketAddress: '203.0.113.5' }),
    ).toBe('not_loopback');
  });

  it('with a token, requires it from every caller, loopback included', () => {
    const base = { token: TOKEN, socketAddress: '127.0.0.1' };
    expect(decideMetricsAccess({ ...base, authorization: `Bearer ${TOKEN}` })).toBe('allowed');
    expect(
      decideMetricsAccess({ ...base, authorization: `Bearer ${TOKEN}`, socketAddress: '203.0.113.5' }),
    ).toBe('allowed');
    expect(decideMetricsAccess({ ...base, authorization: undefined })).toBe('token_missing');
    expect(decideMetricsAccess({ ...base, authorization: TOKEN })).toBe('token_missing');
    expect(decideMetricsAccess({ ...base, authorization: `Bearer ${TOKEN}x` })).toBe('token_invalid');
    expect(decideMetricsAccess({ ...base, authorization: 'Bearer short' })).toBe('token_invalid');
  });
});

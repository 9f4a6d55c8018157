import { describe, expect, it } from 'vitest';
import { hmac } from '../auth/crypto.js';
import { createCsrf } from './csrf.js';

describe('CSRF cookie and token', () => {
  const secret = 'a secret of this instance';
  const csrfOf = createCsrf(secret);

  it('gives a new visitor a new random cookie and the token it accepts, another for each visitor', () => {
    const seen = new Set<string>();
    // More than one batch.
    for (let i = 0; i < 600; i++) {
      const v = csrfOf(undefined);
      expect(v.fresh).toBe(true);
      expect(v.cookie).toMatch(/^[\w-]{43}$/);
      expect(v.token).toBe(hmac(secret, 'csrf', v.cookie));
      seen.add(v.cookie);
    }
    expect(seen.size).toBe(600);
  });

  it('keeps a returning visitor’s cookie, the same token each time, and replaces a cookie that is not ours', () => {
    const cookie = 'x'.repeat(43);
    const first = csrfOf(cookie);
    expect(first).toEqual({ cookie, fresh: false, token: hmac(secret, 'csrf', cookie) });
    expect(csrfOf(cookie)).toEqual(first);
    expect(csrfOf('y'.repeat(101)).fresh).toBe(true);
    expect(csrfOf('').fresh).toBe(true);
  });

  it('derives tokens with its own secret', () => {
    const cookie = 'z'.repeat(43);
    expect(createCsrf('another secret')(cookie).token).not.toBe(csrfOf(cookie).token);
  });
});

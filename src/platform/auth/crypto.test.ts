import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmac } from './crypto.js';

describe('hmac', () => {
  it('is HMAC-SHA-256 of purpose NUL value, for secrets shorter and longer than a block', () => {
    for (const secret of [randomBytes(32).toString('hex'), 'short', 'é'.repeat(40), 'x'.repeat(200), randomBytes(64).toString('base64')]) {
      for (const value of ['', 'token', 'ünïcode ✓', 'v'.repeat(500)]) {
        expect(hmac(secret, 'csrf', value)).toBe(createHmac('sha256', secret).update(`csrf\u0000${value}`).digest('base64url'));
      }
    }
  });

  it('depends on the secret and the purpose', () => {
    expect(hmac('one secret', 'csrf', 'v')).not.toBe(hmac('another secret', 'csrf', 'v'));
    expect(hmac('one secret', 'csrf', 'v')).not.toBe(hmac('one secret', 'unsubscribe', 'v'));
  });
});

import { describe, expect, it } from 'vitest';
import { checkPassword, hashPassword, needsRehash, verifyPassword } from './password.js';

describe('password hashing', () => {
  it('uses scrypt N=2^17, r=8, p=1 in PHC form by default and verifies only the right password', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^\$scrypt\$ln=17,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe('current');
    expect(await verifyPassword('correct horse battery stapler', hash)).toBe(false);
    expect(await verifyPassword('anything', 'not a phc string')).toBe(false);
  });

  it('salts every hash and asks to rehash weaker parameters', async () => {
    const a = await hashPassword('same password here', 14);
    const b = await hashPassword('same password here', 14);
    expect(a).not.toBe(b);
    expect(needsRehash(a, 17)).toBe(true);
    expect(needsRehash(a, 14)).toBe(false);
  });

  it('treats canonically equivalent Unicode the same (NFKC)', async () => {
    const composed = 'caf\u00e9 con leche';
    const decomposed = 'cafe\u0301 con leche';
    expect(await verifyPassword(decomposed, await hashPassword(composed, 14))).toBe('current');
  });
});

describe('password pepper (ASVS 2.4.5)', () => {
  const KEY = 'a'.repeat(64);
  const NEXT = 'b'.repeat(64);
  it('keys the stored hash with SECRET_KEY, so that the hash alone cannot be checked, and asks to rehash across a rotation', async () => {
    const hash = await hashPassword('correct horse battery staple', 14, [KEY]);
    expect(hash).toMatch(/^\$scrypt\$ln=14,r=8,p=1,pep=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('correct horse battery staple', hash, [KEY])).toBe('current');
    expect(await verifyPassword('correct horse battery stapler', hash, [KEY])).toBe(false);
    // Without the key (a stolen database), or with another one, nothing matches, not even the right password.
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(false);
    expect(await verifyPassword('correct horse battery staple', hash, [NEXT])).toBe(false);
    // After a rotation (SECRET_KEY_PREVIOUS keeps the old key accepted) it still signs in, and is to be hashed again.
    expect(await verifyPassword('correct horse battery staple', hash, [NEXT, KEY])).toBe('stale');
    expect(await verifyPassword('correct horse battery stapler', hash, [NEXT, KEY])).toBe(false);
    // A hash made before the pepper still verifies, and is to be hashed again with it.
    const plain = await hashPassword('correct horse battery staple', 14);
    expect(await verifyPassword('correct horse battery staple', plain, [KEY])).toBe('stale');
    expect(await verifyPassword('wrong horse battery staple', plain, [KEY])).toBe(false);
  });
});

describe('password policy (NIST SP 800-63B)', () => {
  it('refuses short, breached and e-mail-like passwords, without composition rules', () => {
    expect(checkPassword('short')).toBe('too-short');
    // At least 12 characters (ASVS 2.1.1), counted as people see them.
    expect(checkPassword('eleven char')).toBe('too-short');
    expect(checkPassword('violet otter')).toBeNull();
    expect(checkPassword('πέντε λέξει')).toBe('too-short');
    expect(checkPassword('x'.repeat(129))).toBe('too-long');
    expect(checkPassword('password1234')).toBe('common');
    expect(checkPassword('qwertyuiop123')).toBe('common');
    expect(checkPassword('aaaaaaaaaaaa')).toBe('common');
    expect(checkPassword('maria.rossi2024', { email: 'maria.rossi@example.org' })).toBe('like-email');
    // Length over composition: lowercase words are fine, and so are 64 characters and spaces.
    expect(checkPassword('river lantern pepper')).toBeNull();
    expect(checkPassword('a'.repeat(30) + ' ' + 'b'.repeat(33))).toBeNull();
    expect(checkPassword('πέντε λέξεις εδώ')).toBeNull();
  });
});

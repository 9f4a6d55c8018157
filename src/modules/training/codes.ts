import { randomBytes } from 'node:crypto';

// Crockford's base32 without look-alikes: codes are read aloud, printed and typed.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 50 random bits as two groups of five characters, e.g. K7QF2-9MX3T (certificates, invitation codes). */
export function readableCode(): string {
  const chars = [...randomBytes(10)].map((b) => ALPHABET[b & 31]!).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** Codes as people type them: any case, O for 0, I and L for 1, spaces or no dash; null when not a code. */
export function normaliseCode(input: string): string | null {
  const s = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{10}$/.test(s)) return null;
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

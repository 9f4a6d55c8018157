/**
 * How strong a new password looks, for the meter under the field (ASVS 2.1.8): 0 too short (under the minimum the
 * server asks, which the field names), 1 weak, 2 fair, 3 strong. An estimate of the guesses it would take from its length
 * and the kinds of characters in it, lowered for repeats and for runs everyone tries (1234, abcd, qwerty,
 * password); the server still refuses common passwords whatever this says.
 */
const RUNS = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'password', 'passwort', 'contraseña', 'qwertz', 'azerty'];

export function passwordStrength(value: string, minLength: number): 0 | 1 | 2 | 3 {
  const chars = [...value];
  if (chars.length < minLength) return 0;
  let pool = 0;
  if (/[a-z]/.test(value)) pool += 26;
  if (/[A-Z]/.test(value)) pool += 26;
  if (/\d/.test(value)) pool += 10;
  if (/[ -/:-@[-`{-~]/.test(value)) pool += 33;
  if (/[^\x00-\x7f]/.test(value)) pool += 100;
  // Each distinct character counts at most twice: "aaaaaaaaaaaa" is one character, not twelve.
  const counted = Math.min(chars.length, new Set(chars).size * 2);
  let bits = counted * Math.log2(Math.max(pool, 2));
  const lower = value.toLowerCase();
  for (const run of RUNS) for (let i = 0; i + 4 <= run.length; i++) if (lower.includes(run.slice(i, i + 4))) bits -= 12;
  return bits < 50 ? 1 : bits < 72 ? 2 : 3;
}

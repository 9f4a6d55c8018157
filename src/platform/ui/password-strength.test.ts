import { describe, expect, it } from 'vitest';
import { passwordStrength as strength } from '../../../client/password-strength.js';
import { PASSWORD_MIN_LENGTH } from '../auth/password-rules.js';

const passwordStrength = (value: string) => strength(value, PASSWORD_MIN_LENGTH);

describe('the strength meter of new passwords', () => {
  it('calls short passwords too short, repeats and the runs everyone tries weak, and long varied ones strong', () => {
    expect(passwordStrength('')).toBe(0);
    expect(passwordStrength('Tr0ub4dor&3')).toBe(0); // 11 characters: under the server's minimum
    expect(passwordStrength('aaaaaaaaaaaaaaaa')).toBe(1);
    expect(passwordStrength('password1234')).toBe(1);
    expect(passwordStrength('qwertyuiop12')).toBe(1);
    expect(passwordStrength('lanternriver')).toBe(2);
    expect(passwordStrength('lantern river pepper')).toBe(3);
    expect(passwordStrength('Kx9#vL2!mQ7$')).toBe(3);
    // Characters outside ASCII count as characters, not bytes, and widen the pool.
    expect(passwordStrength('ποτάμι φανάρι πιπέρι')).toBe(3);
    expect(passwordStrength('نهر فانوس فلفل أحمر')).toBe(3);
  });
});

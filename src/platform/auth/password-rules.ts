/** The length rules for passwords, apart from the hashing (pages and the browser's strength meter read them). */

/** ASVS 4.0.3 V2.1.1 (NIST SP 800-63B allows 8; the stricter rule is kept). */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

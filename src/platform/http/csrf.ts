import { hmac, hmacMatches, randomToken } from '../auth/crypto.js';

const PURPOSE = 'csrf';

/** Cookie values longer than this are not ours: the visitor gets a new one. */
const MAX_COOKIE = 100;
/** Fresh cookie and token pairs made at a time, and the tokens of returning visitors remembered. */
const BATCH = 256;
const REMEMBERED = 10_000;

export interface VisitorCsrf {
  /** The visitor's CSRF cookie value: theirs, or a new one to set (`fresh`). */
  cookie: string;
  fresh: boolean;
  /** The form token that cookie accepts: HMAC(secret, "csrf" NUL cookie), decision 0004. */
  token: string;
}

/**
 * The CSRF cookie and token of each request (signed double submit, decision 0004). Every answer needs them, a
 * cached page too, and a keyed hash computed one request at a time costs several times what it costs in a
 * loop (cold caches between requests): new visitors' pairs are made in batches, and the tokens of returning
 * visitors' cookies are remembered (a bounded memo, started afresh when full).
 */
export function createCsrf(secret: string): (cookie: string | undefined) => VisitorCsrf {
  const tokenOf = (cookie: string) => hmac(secret, PURPOSE, cookie);
  const ready: VisitorCsrf[] = [];
  const known = new Map<string, string>();
  return (cookie) => {
    if (!cookie || cookie.length > MAX_COOKIE) {
      if (!ready.length) {
        for (let i = 0; i < BATCH; i++) {
          const fresh = randomToken();
          ready.push({ cookie: fresh, fresh: true, token: tokenOf(fresh) });
        }
      }
      return ready.pop()!;
    }
    let token = known.get(cookie);
    if (token === undefined) {
      token = tokenOf(cookie);
      if (known.size >= REMEMBERED) known.clear();
      known.set(cookie, token);
    }
    return { cookie, fresh: false, token };
  };
}

/** Whether `sent` is the form token of `cookie` under one of the keys (those kept after a rotation of SECRET_KEY). */
export const csrfTokenUnder = (keys: readonly string[], cookie: string | undefined, sent: string) => !!cookie && keys.length > 0 && hmacMatches(keys, PURPOSE, cookie, sent);

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, eventually, signedInAs, testApp } from '../../../test/helpers.js';
import { modules } from '../../modules/index.js';
import { buildApp } from '../http/app.js';
import { revokeRole } from './organisations.js';
import { sessions, users } from '../schema.js';

/**
 * Two web nodes on one database, as in a scaled-out deployment: each keeps the sessions it has seen for page
 * views, and what ends or changes a session on one node (or in the database) reaches the other.
 */
let ctx: Awaited<ReturnType<typeof testApp>>;
let other: Awaited<ReturnType<typeof buildApp>>;
const db = () => ctx.platform.database.db;
beforeAll(async () => {
  ctx = await testApp();
  other = await buildApp(ctx.platform, modules);
});
afterAll(async () => {
  await other.close();
  await ctx.close();
});

/** The same browser, its requests going to the other node. */
const onOtherNode = (c: Client) => {
  const o = new Client(other);
  o.cookies = new Map(c.cookies);
  return o;
};
const userId = async (email: string) => (await db().select({ id: users.id }).from(users).where(eq(users.email, email)))[0]!.id;
const signedOut = (status: number, location: unknown) => status === 303 && String(location).startsWith('/signin');

describe('sessions across web nodes', () => {
  it('a sign-out on one node ends the session on the other: writes at once, page views within a poll', async () => {
    const a = await signedInAs(ctx, 'nodes-signout@example.org', 'course-author');
    const b = onOtherNode(a);
    for (const node of [a, b, a, b]) expect((await node.get('/account')).statusCode).toBe(200);
    expect((await a.post('/signout')).statusCode).toBe(303);
    // The node that signed out knows at once.
    const here = await new Client(ctx.app, { cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ') }).get('/account');
    expect(signedOut(here.statusCode, here.headers.location)).toBe(true);
    // The other node refuses every write at once (a write never uses a kept session)…
    expect((await b.post('/account/sessions/end-others')).statusCode).toBe(401);
    // …and its page views follow within a poll.
    await eventually(async () => {
      const r = await onOtherNode(a).get('/account');
      expect(signedOut(r.statusCode, r.headers.location)).toBe(true);
    }, 2000);
  });

  it('a role taken away or an account disabled in the database reaches a node that keeps the session', async () => {
    const a = await signedInAs(ctx, 'nodes-trainer@example.org', 'trainer');
    const b = onOtherNode(a);
    expect((await b.get('/trainer')).statusCode).toBe(200);
    await revokeRole(db(), await userId('nodes-trainer@example.org'), 'trainer', null);
    await eventually(async () => expect((await b.get('/trainer')).statusCode).toBe(403), 2000);

    expect((await b.get('/account')).statusCode).toBe(200);
    await db().update(users).set({ status: 'disabled' }).where(eq(users.email, 'nodes-trainer@example.org'));
    await eventually(async () => {
      const r = await b.get('/account');
      expect(signedOut(r.statusCode, r.headers.location)).toBe(true);
    }, 2000);
    expect(await db().select().from(sessions).where(eq(sessions.userId, await userId('nodes-trainer@example.org')))).toEqual([]);
  });

  it('never keeps a privileged session: a care worker signed out anywhere is refused on the next request', async () => {
    const a = await signedInAs(ctx, 'nodes-care@example.org', 'care-operator');
    const b = onOtherNode(a);
    expect((await b.get('/care')).statusCode).toBe(200);
    expect((await b.get('/care')).statusCode).toBe(200);
    await db().delete(sessions).where(eq(sessions.userId, await userId('nodes-care@example.org')));
    const r = await b.get('/care');
    expect(signedOut(r.statusCode, r.headers.location)).toBe(true);
  });
});

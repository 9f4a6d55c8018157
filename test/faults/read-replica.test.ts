import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, signedInAs, testApp } from '../helpers.js';
import { privateCluster, sleep } from './processes.js';

/**
 * DATABASE_READ_URL on a real streaming replica: a primary of the test's own and a replica made from it with
 * pg_basebackup (Debian's PostgreSQL tools). Search, reports and the directory read on the replica; a visitor who
 * has just changed something reads from the primary until the replica has caught up with them.
 */
let primary: Awaited<ReturnType<typeof privateCluster>>;
let replica: Awaited<ReturnType<typeof privateCluster>>;
let ctx: Awaited<ReturnType<typeof testApp>>;
let editor: Client;
const newVisitor = () => new Client(ctx.app);

const sql = <T,>(cluster: typeof primary, text: string) => cluster.query<T>('ponte', text);
/** Waits until the replica has replayed everything the primary has written so far. */
async function caughtUp() {
  const [{ lsn }] = await sql<{ lsn: string }>(primary, 'SELECT pg_current_wal_lsn()::text AS lsn');
  for (let deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(50)) {
    const [{ ok }] = await sql<{ ok: boolean }>(replica, `SELECT pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn AS ok`);
    if (ok) return;
  }
  throw new Error('the replica did not catch up');
}

async function publishNews(slug: string, word: string) {
  await editor.get('/editor/news/new');
  const res = await editor.post('/editor/news/new', { sourceLocale: 'en', slug, projectId: '', tags: '', title: `${word} workshop`, summary: `A workshop on ${word}`, body: `About ${word}.` });
  expect(res.statusCode).toBe(303);
  const id = /\/editor\/news\/([0-9a-f-]{36})/.exec(res.headers.location as string)![1]!;
  expect((await editor.post(`/editor/news/${id}/state`, { action: 'publish' })).headers.location).toContain('notice=published');
}

beforeAll(async () => {
  primary = await privateCluster();
  await primary.query('postgres', 'CREATE DATABASE ponte');
  replica = await privateCluster({ replicaOf: primary });
  ctx = await testApp({ env: { DATABASE_URL: primary.url('ponte'), DATABASE_READ_URL: replica.url('ponte') } });
  editor = await signedInAs(ctx, 'editor@example.org', 'editor');
  await caughtUp();
}, 300_000);

afterAll(async () => {
  await ctx?.close();
  replica?.destroy();
  primary?.destroy();
});

describe('read replica', () => {
  it('searches on the replica, while whoever just wrote reads their own change from the primary', async () => {
    await sql(replica, 'SELECT pg_wal_replay_pause()');
    try {
      await publishNews('quokkamarsh-workshop', 'Quokkamarsh');
      expect(editor.cookies.get('ponte_wal')).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
      // The editor finds what they published at once (the replica has not replayed it: the primary answered).
      expect((await editor.get('/search?q=Quokkamarsh')).body).toContain('/news/quokkamarsh-workshop');
      // Anyone else reads on the replica, which has stopped replaying: not there yet.
      const visitor = newVisitor();
      const before = await visitor.get('/search?q=Quokkamarsh');
      expect(before.statusCode).toBe(200);
      expect(before.body).not.toContain('/news/quokkamarsh-workshop');
    } finally {
      await sql(replica, 'SELECT pg_wal_replay_resume()');
    }
    await caughtUp();
    // Once replayed, everyone finds it (the page cache follows the content version the replica has).
    let found = false;
    for (let deadline = Date.now() + 10_000; !found && Date.now() < deadline; await sleep(200)) found = (await newVisitor().get('/search?q=Quokkamarsh')).body.includes('/news/quokkamarsh-workshop');
    expect(found).toBe(true);
  });

  it('reads from the primary while the replica is away', async () => {
    replica.stop();
    try {
      await publishNews('wombatfen-workshop', 'Wombatfen');
      const res = await newVisitor().get('/search?q=Wombatfen');
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('/news/wombatfen-workshop');
    } finally {
      replica.start();
    }
  });
});

import { createHash, createSign, generateKeyPairSync, randomUUID, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInAs, testApp } from '../../../test/helpers.js';
import { issueCredentials, Lrs } from '../../../test/xapi.js';
import { storeStatements } from './statements.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
let lrs: Lrs;

const COMPLETED = 'http://adlnet.gov/expapi/verbs/completed';
const ANSWERED = 'http://adlnet.gov/expapi/verbs/answered';
const VOIDED = 'http://adlnet.gov/expapi/verbs/voided';
const learner = (n: string | number) => ({ objectType: 'Agent', name: `Learner ${n}`, mbox: `mailto:learner${n}@example.org` });
const activity = (n: string) => ({ objectType: 'Activity', id: `http://example.org/activities/${n}` });
const statement = (over: Record<string, unknown> = {}) => ({ actor: learner(1), verb: { id: COMPLETED, display: { 'en-US': 'completed' } }, object: activity('intro'), ...over });

beforeAll(async () => {
  ctx = await testApp();
  const admin = await signedInAs(ctx, 'admin@example.org', 'administrator');
  lrs = new Lrs(ctx.app, await issueCredentials(admin, { name: 'Partner LMS', authority: JSON.stringify({ objectType: 'Agent', name: 'Partner LMS', mbox: 'mailto:lms@partner.example' }) }));
});
afterAll(async () => ctx?.close());

describe('storing statements', () => {
  it('stores a statement with PUT (204), takes the same one again, and refuses a different one with that id (409)', async () => {
    const id = randomUUID();
    expect((await lrs.request('PUT', 'statements', { query: { statementId: id }, json: statement() })).statusCode).toBe(204);
    expect((await lrs.request('PUT', 'statements', { query: { statementId: id }, json: statement() })).statusCode).toBe(204);
    const other = await lrs.request('PUT', 'statements', { query: { statementId: id }, json: statement({ verb: { id: ANSWERED } }) });
    expect(other.statusCode).toBe(409);
    const got = await lrs.get('statements', { statementId: id });
    expect(got.statusCode).toBe(200);
    expect(got.json().verb.id).toBe(COMPLETED);
    expect(got.headers['x-experience-api-version']).toBe('1.0.3');
    expect(got.headers['last-modified']).toBeTruthy();
  });

  it('PUT needs statementId, and an id in the statement must agree with it', async () => {
    expect((await lrs.request('PUT', 'statements', { json: statement() })).statusCode).toBe(400);
    expect((await lrs.request('PUT', 'statements', { query: { statementId: randomUUID() }, json: statement({ id: randomUUID() }) })).statusCode).toBe(400);
  });

  it('POST stores one or many statements and answers their ids in order; the LRS sets id, stored, timestamp, version and authority', async () => {
    const given = randomUUID();
    const ids = await lrs.store([statement({ id: given }), statement({ authority: learner(99) })]);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(given);
    const second = (await lrs.get('statements', { statementId: ids[1]! })).json();
    expect(second.id).toBe(ids[1]);
    expect(second.version).toBe('1.0.0');
    expect(Date.parse(second.stored)).toBeGreaterThan(0);
    expect(second.timestamp).toBe(second.stored);
    // The authority is the client's, whatever the statement claimed.
    expect(second.authority).toEqual({ objectType: 'Agent', name: 'Partner LMS', mbox: 'mailto:lms@partner.example' });
  });

  it('stores a batch all or nothing: one bad statement refuses the whole request', async () => {
    const good = randomUUID();
    const res = await lrs.request('POST', 'statements', { json: [statement({ id: good }), statement({ verb: { id: 'not an iri' } })] });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toMatch(/statements\[1\]\.verb\.id/);
    expect((await lrs.get('statements', { statementId: good })).statusCode).toBe(404);
  });

  it('refuses the same id twice in one batch, and a batch repeating a stored id with other content (409)', async () => {
    const id = randomUUID();
    expect((await lrs.request('POST', 'statements', { json: [statement({ id }), statement({ id })] })).statusCode).toBe(400);
    await lrs.store(statement({ id }));
    const fresh = randomUUID();
    expect((await lrs.request('POST', 'statements', { json: [statement({ id: fresh }), statement({ id, object: activity('other') })] })).statusCode).toBe(409);
    expect((await lrs.get('statements', { statementId: fresh })).statusCode).toBe(404);
  });

  it('accepts every kind of object: activity with an interaction definition, agent, group, statement reference, sub-statement', async () => {
    const target = (await lrs.store(statement()))[0]!;
    const objects = [
      {
        objectType: 'Activity',
        id: 'http://example.org/questions/q1',
        definition: {
          name: { en: 'Question 1', it: 'Domanda 1' },
          description: { en: 'Which services can a resident be referred to?' },
          type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
          interactionType: 'choice',
          correctResponsesPattern: ['csm[,]serd'],
          choices: [
            { id: 'csm', description: { en: 'Community mental-health centre' } },
            { id: 'serd', description: { en: 'Addiction service' } },
          ],
          extensions: { 'http://example.org/ext/difficulty': 2 },
        },
      },
      { objectType: 'Agent', account: { homePage: 'https://ponte.example', name: 'trainer-7' } },
      { objectType: 'Group', name: 'Cohort A', member: [learner(2), learner(3)] },
      { objectType: 'StatementRef', id: target },
      { objectType: 'SubStatement', actor: learner(4), verb: { id: 'http://example.org/verbs/will-attend' }, object: activity('workshop'), context: { contextActivities: { parent: activity('course') } } },
    ];
    for (const object of objects) {
      const [id] = await lrs.store(statement({ object, result: { score: { scaled: 0.8, raw: 8, min: 0, max: 10 }, success: true, completion: true, duration: 'PT4M30.5S', response: 'csm[,]serd' } }));
      const got = (await lrs.get('statements', { statementId: id! })).json();
      expect(got.object.objectType).toBe(object.objectType);
    }
  });

  it('stores a statement with a Group actor and context (instructor, team, context activities, language)', async () => {
    const [id] = await lrs.store(
      statement({
        actor: { objectType: 'Group', name: 'Team', mbox: 'mailto:team@example.org', member: [learner(5)] },
        context: {
          registration: randomUUID(),
          instructor: learner('trainer'),
          team: { objectType: 'Group', openid: 'http://example.org/team' },
          contextActivities: { parent: activity('course'), grouping: [activity('programme')] },
          revision: '2',
          platform: 'Ponte',
          language: 'it-IT',
          statement: { objectType: 'StatementRef', id: randomUUID() },
          extensions: { 'http://example.org/ext/cohort': 'A' },
        },
      }),
    );
    const got = (await lrs.get('statements', { statementId: id! })).json();
    // A single context activity is returned as an array.
    expect(got.context.contextActivities.parent).toEqual([activity('course')]);
  });

  it('refuses a malformed JSON body, a body that is not a statement, and a wrong content type', async () => {
    expect((await lrs.request('POST', 'statements', { body: '{"actor":', headers: { 'content-type': 'application/json' } })).statusCode).toBe(400);
    expect((await lrs.request('POST', 'statements', { json: 'statement' })).statusCode).toBe(400);
    expect((await lrs.request('POST', 'statements', { json: [] })).statusCode).toBe(400);
    expect((await lrs.request('POST', 'statements', { body: JSON.stringify(statement()), headers: { 'content-type': 'text/plain' } })).statusCode).toBe(400);
  });

  // Each family of bad statement, answered 400 with a message naming the property.
  const BAD: [string, Record<string, unknown>, RegExp][] = [
    ['no actor', { actor: undefined }, /actor: is required/],
    ['no verb', { verb: undefined }, /verb: is required/],
    ['no object', { object: undefined }, /object: is required/],
    ['an unknown property', { feeling: 'good' }, /statement\.feeling/],
    ['an unknown property in a verb', { verb: { id: COMPLETED, colour: 'red' } }, /verb\.colour/],
    ['an id that is not a UUID', { id: 'abc' }, /statement\.id/],
    ['a verb id that is not an IRI', { verb: { id: 'completed' } }, /verb\.id/],
    ['a display that is not a language map', { verb: { id: COMPLETED, display: 'completed' } }, /verb\.display/],
    ['a language map with a bad tag', { verb: { id: COMPLETED, display: { 'not a tag': 'x' } } }, /language tag/],
    ['an agent with two identifiers', { actor: { mbox: 'mailto:a@example.org', openid: 'http://example.org/a' } }, /exactly one/],
    ['an agent with no identifier', { actor: { name: 'Nobody' } }, /exactly one/],
    ['an mbox without mailto:', { actor: { mbox: 'a@example.org' } }, /actor\.mbox/],
    ['an mbox_sha1sum that is not a SHA-1', { actor: { mbox_sha1sum: 'xyz' } }, /mbox_sha1sum/],
    ['an account without homePage', { actor: { account: { name: 'x' } } }, /account\.homePage/],
    ['an anonymous group without members', { actor: { objectType: 'Group', name: 'G' } }, /member/],
    ['a group with a group as member', { actor: { objectType: 'Group', member: [{ objectType: 'Group', mbox: 'mailto:g@example.org' }] } }, /member\[0\]\.objectType/],
    ['an actor of an unknown type', { actor: { objectType: 'Person', mbox: 'mailto:a@example.org' } }, /actor\.objectType/],
    ['an object of an unknown type', { object: { objectType: 'Thing', id: 'http://example.org/x' } }, /object\.objectType/],
    ['an activity id that is not an IRI', { object: { id: 'intro' } }, /object\.id/],
    ['an agent object without objectType', { object: { mbox: 'mailto:a@example.org' } }, /object\.mbox/],
    ['a StatementRef with a bad id', { object: { objectType: 'StatementRef', id: 'x' } }, /object\.id/],
    ['a sub-statement with an id', { object: { objectType: 'SubStatement', id: randomUUID(), actor: learner(1), verb: { id: COMPLETED }, object: activity('a') } }, /object\.id/],
    ['a sub-statement in a sub-statement', { object: { objectType: 'SubStatement', actor: learner(1), verb: { id: COMPLETED }, object: { objectType: 'SubStatement', actor: learner(1), verb: { id: COMPLETED }, object: activity('a') } } }, /SubStatement/],
    ['an unknown interaction type', { object: { id: 'http://example.org/q', definition: { interactionType: 'essay' } } }, /interactionType/],
    ['choices on a likert interaction', { object: { id: 'http://example.org/q', definition: { interactionType: 'likert', choices: [{ id: 'a' }] } } }, /choices/],
    ['interaction components without an interaction type', { object: { id: 'http://example.org/q', definition: { choices: [{ id: 'a' }] } } }, /choices/],
    ['duplicate interaction component ids', { object: { id: 'http://example.org/q', definition: { interactionType: 'choice', choices: [{ id: 'a' }, { id: 'a' }] } } }, /unique/],
    ['extension keys that are not IRIs', { object: { id: 'http://example.org/q', definition: { extensions: { difficulty: 1 } } } }, /extensions/],
    ['a scaled score above 1', { result: { score: { scaled: 1.5 } } }, /scaled/],
    ['a raw score above max', { result: { score: { raw: 11, min: 0, max: 10 } } }, /raw/],
    ['a min score above max', { result: { score: { min: 10, max: 1 } } }, /max/],
    ['a duration not in ISO 8601', { result: { duration: '4 minutes' } }, /duration/],
    ['success that is not a boolean', { result: { success: 'yes' } }, /success/],
    ['a timestamp not in ISO 8601', { timestamp: '28/11/2026 10:00' }, /timestamp/],
    ['a timestamp with the -00:00 offset', { timestamp: '2026-11-28T10:00:00-00:00' }, /timestamp/],
    ['a registration that is not a UUID', { context: { registration: 'r1' } }, /registration/],
    ['revision when the object is not an activity', { object: { objectType: 'Agent', mbox: 'mailto:a@example.org' }, context: { revision: '1' } }, /revision/],
    ['platform when the object is not an activity', { object: { objectType: 'Agent', mbox: 'mailto:a@example.org' }, context: { platform: 'x' } }, /platform/],
    ['a team that is not a group', { context: { team: learner(1) } }, /team/],
    ['an unknown context activities key', { context: { contextActivities: { sibling: activity('a') } } }, /sibling/],
    ['a context language that is not a tag', { context: { language: 'english!' } }, /language/],
    ['a version other than 1.0.x', { version: '2.0.0' }, /version/],
    ['a voiding statement whose object is not a StatementRef', { verb: { id: VOIDED } }, /StatementRef/],
    ['an attachment without sha2', { attachments: [{ usageType: 'http://example.org/u', display: { en: 'a' }, contentType: 'text/plain', length: 1, fileUrl: 'http://example.org/a.txt' }] }, /sha2/],
    ['a null property', { result: null }, /result/],
  ];
  for (const [name, change, message] of BAD) {
    it(`refuses a statement with ${name} (400)`, async () => {
      const s: Record<string, unknown> = { ...statement(), ...change };
      for (const k of Object.keys(s)) if (s[k] === undefined) delete s[k];
      const res = await lrs.request('POST', 'statements', { json: s });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.json().detail).toMatch(message);
    });
  }
});

describe('querying statements', () => {
  const registration = randomUUID();
  let ids: string[] = [];
  beforeAll(async () => {
    ids = await lrs.store([
      statement({ actor: learner('q1'), verb: { id: 'http://example.org/verbs/q-started' }, object: activity('q-course'), context: { registration } }),
      statement({ actor: learner('q1'), verb: { id: 'http://example.org/verbs/q-answered' }, object: activity('q-question'), context: { registration, contextActivities: { parent: [activity('q-course')] } } }),
      statement({ actor: learner('q2'), verb: { id: 'http://example.org/verbs/q-answered' }, object: activity('q-question'), context: { instructor: learner('q-trainer') } }),
      statement({ actor: learner('q-trainer'), verb: { id: 'http://example.org/verbs/q-mentored' }, object: learner('q2') }),
    ]);
  });
  const found = async (query: Record<string, string | Record<string, unknown>>) => {
    const res = await lrs.get('statements', query);
    expect(res.statusCode).toBe(200);
    return (res.json().statements as { id: string }[]).map((s) => s.id).filter((id) => ids.includes(id));
  };

  it('filters by agent as actor or object, and broadly with related_agents', async () => {
    expect(await found({ agent: learner('q1') })).toEqual([ids[1], ids[0]]);
    expect(await found({ agent: learner('q2') })).toEqual([ids[3], ids[2]]);
    expect(await found({ agent: learner('q-trainer') })).toEqual([ids[3]]);
    expect(await found({ agent: learner('q-trainer'), related_agents: 'true' })).toEqual([ids[3], ids[2]]);
  });

  it('counts a Group actor or object as a match for an agent among its members', async () => {
    const [byGroup] = await lrs.store(statement({ actor: { objectType: 'Group', name: 'Pair', member: [learner('m1'), learner('m2')] }, verb: { id: 'http://example.org/verbs/q-group' } }));
    expect((await lrs.get('statements', { agent: learner('m2') })).json().statements.map((s: { id: string }) => s.id)).toEqual([byGroup]);
    expect((await lrs.get('statements', { agent: learner('m1'), related_agents: 'true' })).json().statements.map((s: { id: string }) => s.id)).toEqual([byGroup]);
  });

  it('filters by verb, activity (object, or related with related_activities) and registration', async () => {
    expect(await found({ verb: 'http://example.org/verbs/q-answered' })).toEqual([ids[2], ids[1]]);
    expect(await found({ activity: activity('q-course').id })).toEqual([ids[0]]);
    expect(await found({ activity: activity('q-course').id, related_activities: 'true' })).toEqual([ids[1], ids[0]]);
    expect(await found({ registration })).toEqual([ids[1], ids[0]]);
    expect(await found({ registration, verb: 'http://example.org/verbs/q-started' })).toEqual([ids[0]]);
  });

  it('filters by stored time with since and until, and orders ascending on request', async () => {
    const first = (await lrs.get('statements', { statementId: ids[0]! })).json();
    const last = (await lrs.get('statements', { statementId: ids[3]! })).json();
    expect(await found({ since: first.stored })).toEqual([ids[3], ids[2], ids[1]]);
    expect(await found({ since: first.stored, until: last.stored, ascending: 'true' })).toEqual([ids[1], ids[2], ids[3]]);
  });

  it('returns statements that refer to a matching statement (StatementRef), as the specification requires', async () => {
    const [ref] = await lrs.store(statement({ actor: learner('q-reviewer'), verb: { id: 'http://example.org/verbs/q-reviewed' }, object: { objectType: 'StatementRef', id: ids[0] } }));
    const res = await lrs.get('statements', { verb: 'http://example.org/verbs/q-started' });
    expect((res.json().statements as { id: string }[]).map((s) => s.id)).toEqual([ref, ids[0]]);
  });

  it('answers with X-Experience-API-Consistent-Through', async () => {
    const res = await lrs.get('statements', { limit: '1' });
    expect(Date.parse(res.headers['x-experience-api-consistent-through'] as string)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('gives ids and canonical formats', async () => {
    const [id] = await lrs.store(statement({ verb: { id: COMPLETED, display: { 'en-US': 'completed', 'it-IT': 'completato' } }, object: { id: 'http://example.org/f', definition: { name: { en: 'Intro', it: 'Introduzione' } } } }));
    const ids = (await lrs.get('statements', { statementId: id!, format: 'ids' })).json();
    expect(ids.verb).toEqual({ id: COMPLETED });
    expect(ids.object).toEqual({ objectType: 'Activity', id: 'http://example.org/f' });
    expect(ids.actor).toEqual({ objectType: 'Agent', mbox: learner(1).mbox });
    const canonical = (await lrs.get('statements', { statementId: id!, format: 'canonical' }, { 'accept-language': 'it-IT, en;q=0.5' })).json();
    expect(canonical.verb.display).toEqual({ 'it-IT': 'completato' });
    expect(canonical.object.definition.name).toEqual({ it: 'Introduzione' });
  });

  it('refuses bad query parameters (400)', async () => {
    const queries: Record<string, string | Record<string, unknown>>[] = [
      { unknown: 'x' },
      { statementId: randomUUID(), verb: COMPLETED },
      { statementId: randomUUID(), voidedStatementId: randomUUID() },
      { statementId: 'not-a-uuid' },
      { agent: 'not json' },
      { agent: { name: 'no identifier' } },
      { verb: 'completed' },
      { registration: 'r' },
      { since: 'yesterday' },
      { limit: '-1' },
      { format: 'full' },
      { ascending: 'yes' },
      { more: 'garbage' },
    ];
    for (const query of queries) {
      const res = await lrs.get('statements', query);
      expect(res.statusCode, JSON.stringify(query)).toBe(400);
    }
    expect((await lrs.get('statements', { statementId: randomUUID() })).statusCode).toBe(404);
  });

  it('pages through `more` links to the end, and statements stored meanwhile do not shift the pages', async () => {
    const verb = { id: 'http://example.org/verbs/paged' };
    const stored = await lrs.store(Array.from({ length: 7 }, (_, i) => statement({ verb, object: activity(`page-${i}`) })));
    const seen: string[] = [];
    let res = await lrs.get('statements', { verb: verb.id, limit: '3' });
    // A statement stored after the first page is not part of this query's pages.
    const [late] = await lrs.store(statement({ verb }));
    for (;;) {
      expect(res.statusCode).toBe(200);
      const body = res.json();
      seen.push(...body.statements.map((s: { id: string }) => s.id));
      if (!body.more) break;
      expect(body.more).toMatch(/^\/xapi\/statements\?more=/);
      res = await ctx.app.inject({ method: 'GET', url: body.more, headers: { authorization: lrs.authorization!, 'x-experience-api-version': '1.0.3' } });
    }
    expect(seen).toEqual([...stored].reverse());
    expect(seen).not.toContain(late);
    expect(seen.length).toBe(7);
  });
});

describe('concurrent writers', () => {
  it('stores statements posted at once, each with its own strictly increasing stored time', async () => {
    const verb = { id: 'http://example.org/verbs/concurrent' };
    const batches = await Promise.all(Array.from({ length: 8 }, (_, i) => lrs.store([statement({ verb, object: activity(`c-${i}-a`) }), statement({ verb, object: activity(`c-${i}-b`) })])));
    const res = await lrs.get('statements', { verb: verb.id, ascending: 'true', limit: '0' });
    const got = res.json().statements as { id: string; stored: string }[];
    expect(got.map((s) => s.id).sort()).toEqual(batches.flat().sort());
    for (let i = 1; i < got.length; i++) expect(Date.parse(got[i]!.stored)).toBeGreaterThan(Date.parse(got[i - 1]!.stored));
  });
});

describe('voiding', () => {
  it('voids a statement: queries leave it out, voidedStatementId finds it, a voiding statement cannot be voided', async () => {
    const verb = { id: 'http://example.org/verbs/to-void' };
    const [target] = await lrs.store(statement({ verb }));
    const [voiding] = await lrs.store(statement({ actor: learner('admin'), verb: { id: VOIDED }, object: { objectType: 'StatementRef', id: target } }));
    expect((await lrs.get('statements', { verb: verb.id })).json().statements).toEqual([]);
    expect((await lrs.get('statements', { statementId: target! })).statusCode).toBe(404);
    const voided = await lrs.get('statements', { voidedStatementId: target! });
    expect(voided.statusCode).toBe(200);
    expect(voided.json().id).toBe(target);
    // The voiding statement itself is an ordinary statement.
    expect((await lrs.get('statements', { statementId: voiding! })).statusCode).toBe(200);
    expect((await lrs.get('statements', { voidedStatementId: voiding! })).statusCode).toBe(404);
    const again = await lrs.request('POST', 'statements', { json: statement({ verb: { id: VOIDED }, object: { objectType: 'StatementRef', id: voiding } }) });
    expect(again.statusCode).toBe(400);
  });
});

describe('version header and alternate request syntax', () => {
  it('requires X-Experience-API-Version 1.0.x on every request but about, and sends 1.0.3 on every answer', async () => {
    const missing = await lrs.get('statements', {}, { 'x-experience-api-version': undefined });
    expect(missing.statusCode).toBe(400);
    expect(missing.headers['x-experience-api-version']).toBe('1.0.3');
    expect((await lrs.get('statements', {}, { 'x-experience-api-version': '0.95' })).statusCode).toBe(400);
    expect((await lrs.get('statements', {}, { 'x-experience-api-version': '1.0.1' })).statusCode).toBe(200);
    const about = await ctx.app.inject({ method: 'GET', url: '/xapi/about' });
    expect(about.statusCode).toBe(200);
    expect(about.json().version).toContain('1.0.3');
    expect(about.headers['x-experience-api-version']).toBe('1.0.3');
  });

  it('takes a form POST with ?method= carrying headers, content and parameters', async () => {
    const id = randomUUID();
    const form = new URLSearchParams({
      Authorization: lrs.authorization!,
      'X-Experience-API-Version': '1.0.3',
      'Content-Type': 'application/json',
      content: JSON.stringify(statement()),
      statementId: id,
    });
    const put = await ctx.app.inject({ method: 'POST', url: '/xapi/statements?method=PUT', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
    expect(put.statusCode).toBe(204);
    const get = await ctx.app.inject({
      method: 'POST',
      url: '/xapi/statements?method=GET',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ Authorization: lrs.authorization!, 'X-Experience-API-Version': '1.0.3', statementId: id }).toString(),
    });
    expect(get.statusCode).toBe(200);
    expect(get.json().id).toBe(id);
    // Parameters belong in the form, not the address; credentials are still required.
    expect((await ctx.app.inject({ method: 'POST', url: `/xapi/statements?method=GET&statementId=${id}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() })).statusCode).toBe(400);
    const anonymous = await ctx.app.inject({ method: 'POST', url: '/xapi/statements?method=GET', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'statementId=' + id });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('attachments', () => {
  const multipart = (statements: unknown, parts: { type: string; body: Buffer; hash?: string; encoding?: string }[]) => {
    const boundary = 'xapi-test-boundary';
    const chunks: Buffer[] = [Buffer.from(`--${boundary}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(statements)}\r\n`)];
    for (const p of parts) {
      const hash = p.hash ?? createHash('sha256').update(p.body).digest('hex');
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Type: ${p.type}\r\nContent-Transfer-Encoding: ${p.encoding ?? 'binary'}\r\nX-Experience-API-Hash: ${hash}\r\n\r\n`), p.body, Buffer.from('\r\n'));
    }
    chunks.push(Buffer.from(`--${boundary}--\r\n`));
    return { body: Buffer.concat(chunks), headers: { 'content-type': `multipart/mixed; boundary=${boundary}` } };
  };
  const certificate = Buffer.from('%PDF-1.4 a certificate');
  const sha2 = createHash('sha256').update(certificate).digest('hex');
  const withAttachment = (extra: Record<string, unknown> = {}) =>
    statement({ attachments: [{ usageType: 'http://id.tincanapi.com/attachment/certificate-of-completion', display: { en: 'Certificate' }, contentType: 'application/pdf', length: certificate.length, sha2, ...extra }] });

  it('stores a statement with its attachment sent as multipart/mixed, and returns both with attachments=true', async () => {
    const res = await lrs.request('POST', 'statements', multipart([withAttachment()], [{ type: 'application/pdf', body: certificate }]));
    expect(res.statusCode).toBe(200);
    const [id] = res.json();
    const got = await lrs.get('statements', { statementId: id, attachments: 'true' });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toMatch(/^multipart\/mixed; boundary=/);
    expect(got.rawPayload.includes(certificate)).toBe(true);
    expect(got.body).toContain(`X-Experience-API-Hash: ${sha2}`);
  });

  it('refuses a part whose bytes do not match its hash, a part without binary encoding, and a missing part without fileUrl', async () => {
    expect((await lrs.request('POST', 'statements', multipart([withAttachment()], [{ type: 'application/pdf', body: certificate, hash: createHash('sha256').update('other').digest('hex') }]))).statusCode).toBe(400);
    expect((await lrs.request('POST', 'statements', multipart([withAttachment()], [{ type: 'application/pdf', body: certificate, encoding: 'base64' }]))).statusCode).toBe(400);
    expect((await lrs.request('POST', 'statements', { json: withAttachment() })).statusCode).toBe(400);
  });

  it('checks signed statements: a compact JWS of the statement (RS256) is stored, a signature of another statement is refused', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const sign = (payload: unknown) => {
      const head = Buffer.from(JSON.stringify({ alg: 'RS256' })).toString('base64url');
      const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
      return Buffer.from(`${head}.${body}.${createSign('RSA-SHA256').update(`${head}.${body}`).sign(privateKey).toString('base64url')}`);
    };
    const signedStatement = (jws: Buffer) =>
      statement({ attachments: [{ usageType: 'http://adlnet.gov/expapi/attachments/signature', display: { en: 'Signature' }, contentType: 'application/octet-stream', length: jws.length, sha2: createHash('sha256').update(jws).digest('hex') }] });
    const good = sign(statement());
    expect((await lrs.request('POST', 'statements', multipart([signedStatement(good)], [{ type: 'application/octet-stream', body: good }]))).statusCode).toBe(200);
    const other = sign(statement({ verb: { id: ANSWERED } }));
    const refused = await lrs.request('POST', 'statements', multipart([signedStatement(other)], [{ type: 'application/octet-stream', body: other }]));
    expect(refused.statusCode).toBe(400);
    expect(refused.json().detail).toMatch(/signature payload differs/);
    const garbage = Buffer.from('not a jws');
    expect((await lrs.request('POST', 'statements', multipart([signedStatement(garbage)], [{ type: 'application/octet-stream', body: garbage }]))).statusCode).toBe(400);
  });

  it('verifies a signature against the X.509 certificate in its JWS header (x5c): signed by its key is stored, tampered or signed by another key is refused', async () => {
    const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/${name}`, import.meta.url), 'utf8');
    const signerKey = fixture('xapi-signer.key.pem');
    const x5c = [new X509Certificate(fixture('xapi-signer.cert.pem')).raw.toString('base64')];
    const jws = (payload: unknown, key: Parameters<ReturnType<typeof createSign>['sign']>[0], alg = 'RS384') => {
      const head = Buffer.from(JSON.stringify({ alg, x5c })).toString('base64url');
      const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
      return `${head}.${body}.${createSign(`RSA-SHA${alg.slice(2)}`).update(`${head}.${body}`).sign(key).toString('base64url')}`;
    };
    const send = (signature: string, signed = statement()) => {
      const body = Buffer.from(signature);
      const withSignature = { ...signed, attachments: [{ usageType: 'http://adlnet.gov/expapi/attachments/signature', display: { en: 'Signature' }, contentType: 'application/octet-stream', length: body.length, sha2: createHash('sha256').update(body).digest('hex') }] };
      return lrs.request('POST', 'statements', multipart([withSignature], [{ type: 'application/octet-stream', body }]));
    };
    const id = randomUUID();
    const stored = await send(jws(statement({ id }), signerKey), statement({ id }));
    expect(stored.statusCode).toBe(200);
    expect(stored.json()).toEqual([id]);
    expect((await send(jws(statement(), signerKey, 'RS512'))).statusCode).toBe(200);

    const { privateKey: stranger } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = await send(jws(statement(), stranger));
    expect(forged.statusCode).toBe(400);
    expect(forged.json().detail).toMatch(/does not verify against the certificate/);

    // The payload changed after signing (and the statement with it): the hash still matches, the signature does not.
    const [head, , sig] = jws(statement(), signerKey).split('.');
    const tamperedStatement = statement({ verb: { id: ANSWERED } });
    const tampered = await send(`${head}.${Buffer.from(JSON.stringify(tamperedStatement)).toString('base64url')}.${sig}`, tamperedStatement);
    expect(tampered.statusCode).toBe(400);
    expect(tampered.json().detail).toMatch(/does not verify against the certificate/);

    const unreadable = `${Buffer.from(JSON.stringify({ alg: 'RS256', x5c: ['bm90IGEgY2VydGlmaWNhdGU='] })).toString('base64url')}.${jws(statement(), signerKey).split('.').slice(1).join('.')}`;
    expect((await send(unreadable)).json().detail).toMatch(/readable X\.509 certificate/);
  });

  it('answers HEAD like GET, without a body', async () => {
    const res = await lrs.request('HEAD', 'statements', { query: { limit: '1' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    expect(res.headers['x-experience-api-consistent-through']).toBeTruthy();
  });

  it('takes an attachment given only by fileUrl as plain JSON', async () => {
    expect((await lrs.request('POST', 'statements', { json: withAttachment({ fileUrl: 'https://files.example.org/certificate.pdf' }) })).statusCode).toBe(200);
  });
});

describe('storeStatements, for Ponte’s own statements', () => {
  it('stores statements with the authority given, as the HTTP resource does', async () => {
    const authority = { objectType: 'Agent', name: 'Ponte', account: { homePage: 'http://ponte.test', name: 'ponte' } };
    const [id] = await storeStatements(ctx.platform.database.db, [statement()], authority);
    const got = (await lrs.get('statements', { statementId: id! })).json();
    expect(got.authority).toEqual(authority);
  });
});

import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInAs, testApp } from '../../../test/helpers.js';
import { issueCredentials, Lrs } from '../../../test/xapi.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
let lrs: Lrs;

const agent = { objectType: 'Agent', name: 'Learner', mbox: 'mailto:doc-learner@example.org' };
const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

beforeAll(async () => {
  ctx = await testApp();
  const admin = await signedInAs(ctx, 'admin@example.org', 'administrator');
  lrs = new Lrs(ctx.app, await issueCredentials(admin, { name: 'SCORM player' }));
});
afterAll(async () => ctx?.close());

describe('state resource', () => {
  const activityId = 'http://example.org/courses/intro/lesson-1';
  const registration = randomUUID();

  it('stores a state document and returns it with its content type, SHA-1 ETag and Last-Modified', async () => {
    const body = JSON.stringify({ location: 'page-3' });
    const put = await lrs.request('PUT', 'activities/state', { query: { activityId, agent, stateId: 'bookmark', registration }, body, headers: { 'content-type': 'application/json' } });
    expect(put.statusCode).toBe(204);
    const get = await lrs.get('activities/state', { activityId, agent, stateId: 'bookmark', registration });
    expect(get.statusCode).toBe(200);
    expect(get.headers['content-type']).toMatch(/^application\/json/);
    expect(get.headers.etag).toBe(`"${sha1(body)}"`);
    expect(get.headers['last-modified']).toBeTruthy();
    expect(get.json()).toEqual({ location: 'page-3' });
    // Another registration is another document.
    expect((await lrs.get('activities/state', { activityId, agent, stateId: 'bookmark', registration: randomUUID() })).statusCode).toBe(404);
  });

  it('keeps any content type as bytes', async () => {
    const bytes = Buffer.from([0, 1, 2, 255]);
    expect((await lrs.request('PUT', 'activities/state', { query: { activityId, agent, stateId: 'blob' }, body: bytes, headers: { 'content-type': 'application/octet-stream' } })).statusCode).toBe(204);
    const get = await lrs.get('activities/state', { activityId, agent, stateId: 'blob' });
    expect(get.headers['content-type']).toBe('application/octet-stream');
    expect(get.rawPayload.equals(bytes)).toBe(true);
  });

  it('lists the ids of the documents (since a time), and deletes one or all of them', async () => {
    const act = 'http://example.org/courses/intro/lesson-2';
    for (const stateId of ['a', 'b']) await lrs.request('PUT', 'activities/state', { query: { activityId: act, agent, stateId }, json: { stateId } });
    const between = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    await lrs.request('PUT', 'activities/state', { query: { activityId: act, agent, stateId: 'c' }, json: { stateId: 'c' } });
    expect((await lrs.get('activities/state', { activityId: act, agent })).json()).toEqual(['a', 'b', 'c']);
    expect((await lrs.get('activities/state', { activityId: act, agent, since: between })).json()).toEqual(['c']);
    expect((await lrs.request('DELETE', 'activities/state', { query: { activityId: act, agent, stateId: 'a' } })).statusCode).toBe(204);
    expect((await lrs.get('activities/state', { activityId: act, agent })).json()).toEqual(['b', 'c']);
    expect((await lrs.request('DELETE', 'activities/state', { query: { activityId: act, agent } })).statusCode).toBe(204);
    expect((await lrs.get('activities/state', { activityId: act, agent })).json()).toEqual([]);
  });

  it('merges JSON objects on POST, and refuses to merge what is not a JSON object (400)', async () => {
    const q = { activityId, agent, stateId: 'progress' };
    await lrs.request('POST', 'activities/state', { query: q, json: { a: 1, b: 1 } });
    await lrs.request('POST', 'activities/state', { query: q, json: { b: 2, c: 3 } });
    expect((await lrs.get('activities/state', q)).json()).toEqual({ a: 1, b: 2, c: 3 });
    expect((await lrs.request('POST', 'activities/state', { query: q, json: [1, 2] })).statusCode).toBe(400);
    expect((await lrs.request('POST', 'activities/state', { query: q, body: 'plain', headers: { 'content-type': 'text/plain' } })).statusCode).toBe(400);
    // Where no document exists yet, a POST of any type stores it, as a PUT would.
    expect((await lrs.request('POST', 'activities/state', { query: { ...q, stateId: 'new-text' }, body: 'plain', headers: { 'content-type': 'text/plain' } })).statusCode).toBe(204);
    expect((await lrs.get('activities/state', { ...q, stateId: 'new-text' })).body).toBe('plain');
    await lrs.request('PUT', 'activities/state', { query: { ...q, stateId: 'text' }, body: 'plain', headers: { 'content-type': 'text/plain' } });
    expect((await lrs.request('POST', 'activities/state', { query: { ...q, stateId: 'text' }, json: { a: 1 } })).statusCode).toBe(400);
    expect((await lrs.get('activities/state', q)).json()).toEqual({ a: 1, b: 2, c: 3 });
  });

  it('refuses missing or malformed parameters (400)', async () => {
    for (const query of [
      { agent, stateId: 's' },
      { activityId, stateId: 's' },
      { activityId: 'not an iri', agent, stateId: 's' },
      { activityId, agent: { name: 'nobody' }, stateId: 's' },
      { activityId, agent, stateId: 's', registration: 'r' },
      { activityId, agent, stateId: 's', profileId: 'p' },
      { activityId, agent, since: 'yesterday' },
    ]) {
      expect((await lrs.get('activities/state', query)).statusCode, JSON.stringify(query)).toBe(400);
    }
    expect((await lrs.request('PUT', 'activities/state', { query: { activityId, agent }, json: {} })).statusCode).toBe(400);
  });
});

describe('activity and agent profiles: concurrency', () => {
  const activityId = 'http://example.org/courses/intro';

  it('refuses a PUT over an existing profile without If-Match or If-None-Match (409), and honours both (412)', async () => {
    const q = { activityId, profileId: 'settings' };
    expect((await lrs.request('PUT', 'activities/profile', { query: q, json: { v: 1 }, headers: { 'if-none-match': '*' } })).statusCode).toBe(204);
    const etag = (await lrs.get('activities/profile', q)).headers.etag as string;
    const conflict = await lrs.request('PUT', 'activities/profile', { query: q, json: { v: 2 } });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().detail).toMatch(/If-Match/);
    expect((await lrs.request('PUT', 'activities/profile', { query: q, json: { v: 2 }, headers: { 'if-none-match': '*' } })).statusCode).toBe(412);
    expect((await lrs.request('PUT', 'activities/profile', { query: q, json: { v: 2 }, headers: { 'if-match': `"${sha1('other')}"` } })).statusCode).toBe(412);
    expect((await lrs.get('activities/profile', q)).json()).toEqual({ v: 1 });
    expect((await lrs.request('PUT', 'activities/profile', { query: q, json: { v: 2 }, headers: { 'if-match': etag } })).statusCode).toBe(204);
    expect((await lrs.get('activities/profile', q)).json()).toEqual({ v: 2 });
    // A DELETE with a stale ETag changes nothing.
    expect((await lrs.request('DELETE', 'activities/profile', { query: q, headers: { 'if-match': etag } })).statusCode).toBe(412);
    expect((await lrs.get('activities/profile', q)).statusCode).toBe(200);
    // If-Match on a document that does not exist fails too.
    expect((await lrs.request('PUT', 'activities/profile', { query: { activityId, profileId: 'none' }, json: {}, headers: { 'if-match': etag } })).statusCode).toBe(412);
  });

  it('of two concurrent updates sent with the same If-Match, exactly one wins and the other gets 412', async () => {
    for (let round = 0; round < 5; round++) {
      const q = { agent, profileId: `race-${round}` };
      await lrs.request('PUT', 'agents/profile', { query: q, json: { writer: 'none' } });
      const etag = (await lrs.get('agents/profile', q)).headers.etag as string;
      const answers = await Promise.all(['a', 'b', 'c'].map((writer) => lrs.request('PUT', 'agents/profile', { query: q, json: { writer }, headers: { 'if-match': etag } })));
      const codes = answers.map((a) => a.statusCode).sort();
      expect(codes).toEqual([204, 412, 412]);
      const winner = ['a', 'b', 'c'][answers.findIndex((a) => a.statusCode === 204)];
      expect((await lrs.get('agents/profile', q)).json()).toEqual({ writer: winner });
    }
  });

  it('of concurrent merges (POST) none is lost', async () => {
    const q = { activityId, profileId: 'merged' };
    await Promise.all(Array.from({ length: 6 }, (_, i) => lrs.request('POST', 'activities/profile', { query: q, json: { [`k${i}`]: i } })));
    expect(Object.keys((await lrs.get('activities/profile', q)).json()).sort()).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'k5']);
  });

  it('lists profile ids, and needs profileId to delete', async () => {
    const ids = (await lrs.get('activities/profile', { activityId })).json();
    expect(ids).toEqual(expect.arrayContaining(['settings', 'merged']));
    expect((await lrs.request('DELETE', 'activities/profile', { query: { activityId } })).statusCode).toBe(400);
    expect((await lrs.get('agents/profile', { agent })).json()).toEqual(expect.arrayContaining(['race-0']));
  });
});

describe('activities and agents resources', () => {
  it('answers the activity with the definition statements gave it, and a bare activity for an unknown id', async () => {
    const id = 'http://example.org/courses/trauma-informed-care';
    await lrs.store([
      { actor: agent, verb: { id: 'http://adlnet.gov/expapi/verbs/launched' }, object: { id, definition: { name: { en: 'Trauma-informed care' }, type: 'http://adlnet.gov/expapi/activities/course' } } },
      { actor: agent, verb: { id: 'http://adlnet.gov/expapi/verbs/completed' }, object: { id, definition: { name: { it: 'Cura informata sul trauma' } } } },
    ]);
    const res = await lrs.get('activities', { activityId: id });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ objectType: 'Activity', id, definition: { name: { en: 'Trauma-informed care', it: 'Cura informata sul trauma' }, type: 'http://adlnet.gov/expapi/activities/course' } });
    expect((await lrs.get('activities', { activityId: 'http://example.org/never' })).json()).toEqual({ objectType: 'Activity', id: 'http://example.org/never' });
    expect((await lrs.get('activities', {})).statusCode).toBe(400);
  });

  it('answers a Person object for an agent', async () => {
    const res = await lrs.get('agents', { agent: { mbox: agent.mbox } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ objectType: 'Person', name: ['Learner'], mbox: [agent.mbox] });
    expect((await lrs.get('agents', { agent: { name: 'no identifier' } })).statusCode).toBe(400);
  });
});

import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, signedInAs, testApp } from '../../../test/helpers.js';
import { auditEvents, organisations, organisationTypes, regions } from '../../platform/schema.js';
import { readCsv } from '../../platform/spreadsheet.js';
import { HEAT_SCALE, contrast, heatStep, textOn } from './adoption.js';
import { DEMO_GUIDELINE, seedGuidelinesDemo } from './demo.js';
import { seedAdoptionDemo } from './demo-adoption.js';
import { guidelineAdoptions, guidelineComments, guidelineEndorsements, guidelineVersions } from './schema.js';
import { findVersion, setVersionStatus } from './service.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
const db = () => ctx.platform.database.db;
const slug = DEMO_GUIDELINE.slug;
const base = `/guidelines/${slug}`;
const ids: Record<string, string> = {};
let member: Client;
let neighbour: Client;
let outsider: Client;
let editor: Client;
const today = () => new Date().toISOString().slice(0, 10);

/** The text of the heat-map cell for a region (or 'all') and a recommendation. */
const cell = (html: string, region: string, identifier: string) => {
  const m = new RegExp(`<td class="heat[^"]*" data-recommendation="${identifier}" data-region="${region}">(.*?)</td>`).exec(html);
  if (!m) throw new Error(`no cell ${region}/${identifier}`);
  return m[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
};

beforeAll(async () => {
  ctx = await testApp();
  await db()
    .insert(organisationTypes)
    .values(['other', 'reception-centre', 'first-reception', 'community-mental-health-centre', 'ngo', 'local-health-authority', 'integration-project', 'mediator-agency', 'family-clinic', 'addiction-service'].map((code, sort) => ({ code, names: { en: `Type ${code}`, it: `Tipo ${code}` }, sort })))
    .onConflictDoNothing();
  await db()
    .insert(regions)
    .values([
      { country: 'IT', code: 'IT-62', name: 'Lazio' },
      { country: 'IT', code: 'IT-25', name: 'Lombardia' },
      { country: 'IT', code: 'IT-72', name: 'Campania' },
      { country: 'IT', code: 'IT-82', name: 'Sicilia' },
    ])
    .onConflictDoNothing();
  await seedGuidelinesDemo(db());
  const region = async (code: string) => (await db().select().from(regions).where(eq(regions.code, code)))[0]!.id;
  const org = async (name: string, code: string) => (await db().insert(organisations).values({ name, typeCode: 'reception-centre', country: 'IT', regionId: await region(code) }).returning())[0]!.id;
  ids.lazio = await org('Centro Prova Roma', 'IT-62');
  ids.lazio2 = await org('Servizio Prova Latina', 'IT-62');
  ids.milano = await org('Centro Prova Milano', 'IT-25');
  member = await signedInAs(ctx, 'member@example.org', 'care-operator', { organisationId: ids.lazio });
  neighbour = await signedInAs(ctx, 'neighbour@example.org', 'care-operator', { organisationId: ids.lazio2 });
  outsider = await signedInAs(ctx, 'outsider@example.org', 'care-operator', { organisationId: ids.milano });
  editor = await signedInAs(ctx, 'editor@example.org', 'editor');
});
afterAll(() => ctx.close());

const commentsOn = async () => {
  const v = (await findVersion(db(), slug, '2.1'))!.version;
  return db().select().from(guidelineComments).where(eq(guidelineComments.versionId, v.id));
};

describe('public consultation', () => {
  const payload = '=HYPERLINK("http://evil.example","click")';

  it('lets anyone read the version under consultation, and only signed-in members comment', async () => {
    const anon = new Client(ctx.app);
    const page = await anon.get(`${base}/consultation`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="rec-R6"');
    expect(page.body).not.toContain('name="body"');
    const before = (await commentsOn()).length;
    const res = await anon.post(`${base}/consultation`, { version: '2.1', recommendation: 'R6', body: 'Anonymous comment' });
    expect(res.statusCode).toBe(401);
    expect((await commentsOn()).length).toBe(before);
  });

  it('records a member’s comment on behalf of their organisation, shown publicly without their address', async () => {
    const form = await member.get(`${base}/consultation?recommendation=R6`);
    expect(form.body).toContain('name="body"');
    expect(form.body).toContain(`value="${ids.lazio}"`);
    const res = await member.post(`${base}/consultation`, { version: '2.1', recommendation: 'R6', body: payload, organisation: ids.lazio });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toContain('notice=commented');
    const rows = await commentsOn();
    const c = rows.find((r) => r.body === payload)!;
    expect(c).toMatchObject({ organisationId: ids.lazio, status: 'open' });
    const page = await new Client(ctx.app).get(`${base}/consultation`);
    expect(page.body).toContain('=HYPERLINK(&quot;http://evil.example&quot;,&quot;click&quot;)');
    expect(page.body).toContain('Centro Prova Roma');
    expect(page.body).not.toContain('member@example.org');
    const [event] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'guidelines.comment.create'), eq(auditEvents.targetId, c.id)));
    expect(event?.outcome).toBe('success');
  });

  it('refuses an empty or overlong comment, or one on behalf of another organisation, keeping what was typed', async () => {
    const before = (await commentsOn()).length;
    const empty = await member.post(`${base}/consultation`, { version: '2.1', recommendation: 'R6', body: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('field-body-error');
    const long = await member.post(`${base}/consultation`, { version: '2.1', recommendation: 'R6', body: 'x'.repeat(5001) });
    expect(long.statusCode).toBe(400);
    const other = await member.post(`${base}/consultation`, { version: '2.1', recommendation: 'R2', body: 'Speaking for Milan', organisation: ids.milano });
    expect(other.statusCode).toBe(400);
    expect(other.body).toContain('field-organisation-error');
    expect(other.body).toContain('Speaking for Milan');
    const unknown = await member.post(`${base}/consultation`, { version: '2.1', recommendation: 'R999', body: 'No such recommendation' });
    expect(unknown.statusCode).toBe(400);
    expect((await commentsOn()).length).toBe(before);
  });

  it('lets editors list, filter, answer and close comments; members may not', async () => {
    const v = (await findVersion(db(), slug, '2.1'))!.version;
    const c = (await commentsOn()).find((r) => r.body === payload)!;
    expect((await member.get(`/guidelines/manage/comments?version=${v.id}`)).statusCode).toBe(403);
    expect((await member.post(`/guidelines/manage/comments/${c.id}/answer`, { answer: 'Not an editor' })).statusCode).toBe(403);
    const list = await editor.get(`/guidelines/manage/comments?version=${v.id}&status=open&recommendation=R6`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`/guidelines/manage/comments/${c.id}/answer`);
    const none = await editor.get(`/guidelines/manage/comments?version=${v.id}&recommendation=R1`);
    expect(none.body).not.toContain(`/guidelines/manage/comments/${c.id}/answer`);
    const blank = await editor.post(`/guidelines/manage/comments/${c.id}/answer`, { answer: '' });
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain(`field-answer-${c.id}-error`);
    const answered = await editor.post(`/guidelines/manage/comments/${c.id}/answer`, { answer: 'Thank you: the interval is now six months.' });
    expect(answered.statusCode).toBe(303);
    let [row] = await db().select().from(guidelineComments).where(eq(guidelineComments.id, c.id));
    expect(row).toMatchObject({ status: 'answered', answer: 'Thank you: the interval is now six months.' });
    expect(row!.answeredAt).toBeInstanceOf(Date);
    const closed = await editor.post(`/guidelines/manage/comments/${c.id}/close`);
    expect(closed.statusCode).toBe(303);
    [row] = await db().select().from(guidelineComments).where(eq(guidelineComments.id, c.id));
    expect(row!.status).toBe('closed');
    expect(row!.closedAt).toBeInstanceOf(Date);
    const page = await new Client(ctx.app).get(`${base}/consultation`);
    expect(page.body).toContain('Thank you: the interval is now six months.');
    expect((await editor.post('/guidelines/manage/comments/00000000-0000-4000-8000-000000000000/close')).statusCode).toBe(404);
    // "Download my data": the author finds their comment with its answer; the editor, the answer they wrote.
    const mine = JSON.parse((await member.get('/account/export')).body).guidelines;
    expect(mine.comments).toContainEqual(expect.objectContaining({ guideline: slug, version: '2.1', recommendation: 'R6', body: payload, status: 'closed', answer: 'Thank you: the interval is now six months.' }));
    expect(mine.answers).toEqual([]);
    const theirs = JSON.parse((await editor.get('/account/export')).body).guidelines;
    expect(theirs.answers).toContainEqual(expect.objectContaining({ recommendation: 'R6', answer: 'Thank you: the interval is now six months.' }));
  });

  it('exports the consultation record as CSV (formula-safe) and XLSX', async () => {
    const v = (await findVersion(db(), slug, '2.1'))!.version;
    expect((await member.get(`/guidelines/manage/versions/${v.id}/comments.csv`)).statusCode).toBe(403);
    const csv = await editor.get(`/guidelines/manage/versions/${v.id}/comments.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = await readCsv(csv.rawPayload);
    const row = rows.find((r) => Object.values(r).some((x) => x.includes('HYPERLINK')))!;
    const values = Object.values(row);
    expect(values).toContain('R6');
    expect(values).toContain('Centro Prova Roma');
    expect(values).toContain('Thank you: the interval is now six months.');
    expect(values.find((x) => x.includes('HYPERLINK'))).toBe(`'${payload}`);
    expect(values.some((x) => x.startsWith('Repeat the screening'))).toBe(true);
    // A version label with a quote and letters beyond Latin-1 still names the download (RFC 6266 / 8187).
    await ctx.platform.database.query(`update guideline_versions set label = $1 where id = $2`, ['2.1 "Ελληνικά"', v.id]);
    const named = await editor.get(`/guidelines/manage/versions/${v.id}/comments.xlsx`);
    await ctx.platform.database.query(`update guideline_versions set label = '2.1' where id = $1`, [v.id]);
    expect(named.statusCode).toBe(200);
    expect(named.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(`${slug}-2.1 "Ελληνικά"-consultation.xlsx`)}`);
    expect(csv.body).not.toContain('member@example.org');
    const xlsx = await editor.get(`/guidelines/manage/versions/${v.id}/comments.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});

describe('adoption self-assessment and heat map', () => {
  it('uses a colour-blind-safe scale whose text passes contrast on every step', () => {
    for (const bg of HEAT_SCALE) expect(contrast(bg, textOn(bg))).toBeGreaterThanOrEqual(4.5);
    expect([0, 0.19, 0.2, 0.5, 0.79, 0.8, 1].map(heatStep)).toEqual([0, 0, 1, 2, 3, 4, 4]);
    // The stylesheet paints each step with the scale's colour and the text colour that keeps the contrast.
    const css = readFileSync(new URL('../../../client/styles.css', import.meta.url), 'utf8');
    HEAT_SCALE.forEach((bg, i) => expect(css).toContain(`.heat--${i} { background: ${bg}; color: ${textOn(bg)}; }`));
  });

  it('shows no assessments before any organisation assessed', async () => {
    const page = await new Client(ctx.app).get(`${base}/adoption`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<caption');
    expect(cell(page.body, 'IT-62', 'R1')).toBe('No assessments');
  });

  it('records a member’s assessment in one form, and the region’s cell changes (partly counts as half)', async () => {
    const form = await member.get(`${base}/adoption/assess?organisation=${ids.lazio}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="status-R1"');
    expect(form.body).toContain(`value="${today()}"`);
    const saved = await member.post(`${base}/adoption/assess?organisation=${ids.lazio}`, { 'status-R1': 'implemented', 'evidence-R1': 'Screening protocol adopted in 2024.', 'assessedOn-R1': '', 'status-R2': 'planned', 'assessedOn-R2': today() });
    expect(saved.statusCode).toBe(303);
    let page = await new Client(ctx.app).get(`${base}/adoption`);
    expect(cell(page.body, 'IT-62', 'R1')).toMatch(/^100%/);
    expect(cell(page.body, 'IT-62', 'R2')).toMatch(/^0%/);
    expect(cell(page.body, 'IT-25', 'R1')).toBe('No assessments');
    const neighbourSaved = await neighbour.post(`${base}/adoption/assess?organisation=${ids.lazio2}`, { 'status-R1': 'partly', 'assessedOn-R1': today() });
    expect(neighbourSaved.statusCode).toBe(303);
    page = await new Client(ctx.app).get(`${base}/adoption`);
    expect(cell(page.body, 'IT-62', 'R1')).toMatch(/^75%/);
    expect(cell(page.body, 'all', 'R1')).toMatch(/^75%/);
    const rows = await db().select().from(guidelineAdoptions).where(eq(guidelineAdoptions.organisationId, ids.lazio));
    expect(rows.map((r) => [r.identifier, r.status, r.assessedOn]).sort()).toEqual([
      ['R1', 'implemented', today()],
      ['R2', 'planned', today()],
    ]);
    const [event] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'guidelines.adoption.save'), eq(auditEvents.targetId, ids.lazio)));
    expect(event?.outcome).toBe('success');
    // Filtering by a pathway step keeps only its recommendations.
    const filtered = await new Client(ctx.app).get(`${base}/adoption?step=coordination`);
    expect(filtered.body).not.toContain('data-recommendation="R1"');
  });

  it('forbids assessing for an organisation one does not belong to', async () => {
    expect((await outsider.get(`${base}/adoption/assess?organisation=${ids.lazio}`)).statusCode).toBe(403);
    const res = await outsider.post(`${base}/adoption/assess?organisation=${ids.lazio}`, { 'status-R1': 'not-applicable', 'assessedOn-R1': today() });
    expect(res.statusCode).toBe(403);
    const [row] = await db().select().from(guidelineAdoptions).where(and(eq(guidelineAdoptions.organisationId, ids.lazio), eq(guidelineAdoptions.identifier, 'R1')));
    expect(row!.status).toBe('implemented');
    expect((await new Client(ctx.app).post(`${base}/adoption/assess?organisation=${ids.lazio}`, { 'status-R1': 'planned' })).statusCode).toBe(401);
  });

  it('refuses a date in the future next to its field and writes nothing', async () => {
    const future = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const res = await member.post(`${base}/adoption/assess?organisation=${ids.lazio}`, { 'status-R1': 'partly', 'assessedOn-R1': today(), 'status-R3': 'implemented', 'assessedOn-R3': future });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('field-assessedOn-R3-error');
    expect(res.body).toContain('The date of the assessment cannot be in the future.');
    expect(res.body).toContain(`value="${future}"`);
    const rows = await db().select().from(guidelineAdoptions).where(eq(guidelineAdoptions.organisationId, ids.lazio));
    expect(rows.find((r) => r.identifier === 'R1')!.status).toBe('implemented');
    expect(rows.find((r) => r.identifier === 'R3')).toBeUndefined();
  });

  it('shows the regional view with each organisation’s statuses, and exports the national table', async () => {
    const page = await new Client(ctx.app).get(`${base}/adoption/regions/IT-62`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Centro Prova Roma');
    expect(page.body).toContain('Implemented');
    expect(cell(page.body, 'IT-62', 'R1')).toMatch(/^75%/);
    expect((await new Client(ctx.app).get(`${base}/adoption/regions/XX-99`)).statusCode).toBe(404);
    const csv = await new Client(ctx.app).get(`${base}/adoption/export.csv`);
    expect(csv.statusCode).toBe(200);
    const rows = await readCsv(csv.rawPayload);
    const r1 = rows.find((r) => Object.values(r)[0] === 'R1')!;
    expect(Object.values(r1)).toContain('75');
  });
});

describe('endorsements', () => {
  it('lets a member endorse the published version for their organisation and withdraw it', async () => {
    expect((await outsider.post(`${base}/endorsements`, { organisation: ids.lazio, statement: 'Not ours' })).statusCode).toBe(403);
    const res = await member.post(`${base}/endorsements`, { organisation: ids.lazio, statement: 'We follow this guideline in all our centres.' });
    expect(res.statusCode).toBe(303);
    const list = await new Client(ctx.app).get(`${base}/endorsements`);
    expect(list.statusCode).toBe(200);
    const row = new RegExp(`<tr data-organisation="${ids.lazio}">(.*?)</tr>`).exec(list.body)?.[1] ?? '';
    expect(row).toContain('Centro Prova Roma');
    expect(row).toContain('Lazio');
    expect(row).toContain('<td>2.0</td>');
    expect(row).toContain('We follow this guideline in all our centres.');
    expect((await outsider.post(`${base}/endorsements/${ids.lazio}/withdraw`)).statusCode).toBe(403);
    const long = await member.post(`${base}/endorsements`, { organisation: ids.lazio, statement: 'x'.repeat(1001) });
    expect(long.statusCode).toBe(400);
    const withdrawn = await member.post(`${base}/endorsements/${ids.lazio}/withdraw`);
    expect(withdrawn.statusCode).toBe(303);
    expect(await db().select().from(guidelineEndorsements).where(eq(guidelineEndorsements.organisationId, ids.lazio))).toEqual([]);
    expect((await new Client(ctx.app).get(`${base}/endorsements`)).body).not.toContain(`data-organisation="${ids.lazio}"`);
    expect((await member.post(`${base}/endorsements/${ids.lazio}/withdraw`)).statusCode).toBe(404);
    const actions = (await db().select().from(auditEvents).where(eq(auditEvents.targetId, ids.lazio))).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['guidelines.endorsement.create', 'guidelines.endorsement.withdraw']));
  });
});

describe('after the consultation', () => {
  it('seeds a demo of assessments, endorsements and comments', async () => {
    await seedAdoptionDemo(db(), new Date());
    const seeded = (await commentsOn()).filter((c) => c.body.includes('(demo comment)'));
    expect(seeded.length).toBe(5);
    expect(seeded.filter((c) => c.status === 'answered' && c.answer).length).toBe(1);
    expect(seeded.filter((c) => c.status === 'closed').length).toBe(2);
    const page = await new Client(ctx.app).get(`${base}/adoption`);
    expect(page.statusCode).toBe(200);
    expect(cell(page.body, 'all', 'R1')).toMatch(/%/);
    const sicily = await new Client(ctx.app).get(`${base}/adoption/regions/IT-82`);
    expect(sicily.body).toContain('CSM Palermo Esempio (demo)');
    // Seeding again changes nothing.
    const before = await db().select().from(guidelineAdoptions);
    await seedAdoptionDemo(db(), new Date());
    expect((await db().select().from(guidelineAdoptions)).length).toBe(before.length);
    const endorsements = await new Client(ctx.app).get(`${base}/endorsements`);
    expect(endorsements.body).toContain('(demo)');
  });

  it('refuses comments with 409 once the version is published, and the consultation page keeps its record without a form', async () => {
    const v = (await findVersion(db(), slug, '2.1'))!.version;
    const r1 = cell((await new Client(ctx.app).get(`${base}/adoption`)).body, 'IT-62', 'R1');
    expect((await setVersionStatus(db(), v.id, 'published')).ok).toBe(true);
    const before = (await commentsOn()).length;
    const res = await member.post(`${base}/consultation`, { version: '2.1', recommendation: 'R6', body: 'Too late' });
    expect(res.statusCode).toBe(409);
    expect((await commentsOn()).length).toBe(before);
    // The closed consultation's record stays public: its comments and answers, no form, even for members.
    const record = await member.get(`${base}/consultation`);
    expect(record.statusCode).toBe(200);
    expect(record.body).toContain('The public consultation on version 2.1 has closed.');
    expect(record.body).toContain('Thank you: the interval is now six months.');
    expect(record.body).not.toContain('name="body"');
    // The record stays available to editors; assessments carry over to the new version by identifier.
    expect((await editor.get(`/guidelines/manage/versions/${v.id}/comments.csv`)).statusCode).toBe(200);
    const page = await new Client(ctx.app).get(`${base}/adoption`);
    expect(cell(page.body, 'IT-62', 'R1')).toBe(r1);
    const [published] = await db().select().from(guidelineVersions).where(and(eq(guidelineVersions.id, v.id)));
    expect(published!.status).toBe('published');
  });

});

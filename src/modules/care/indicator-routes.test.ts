import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, signedInAs, testApp } from '../../../test/helpers.js';
import { translator } from '../../platform/i18n/index.js';
import { organisations, organisationTypes, regions } from '../../platform/schema.js';
import { readCsv } from '../../platform/spreadsheet.js';
import { indicatorRoutes } from './indicator-routes.js';
import { instruments, mediatorRequests, referrals, residents, screenings, type Urgency } from './schema.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
let coordinator: Client;
let dataProtection: Client;
let admin: Client;
let operator: Client;
const db = () => ctx.platform.database.db;
const ids: Record<string, string> = {};
const DAY = 86_400_000;
const PERIOD = 'from=2024-01&to=2024-03';

let caseNo = 0;
async function resident(organisationId: string) {
  const [r] = await db().insert(residents).values({ organisationId, caseCode: `IND-${++caseNo}` }).returning({ id: residents.id });
  return r!.id;
}

async function referral(from: string, urgency: Urgency, requestedAt: Date, opts: { firstAfterDays?: number; targetDays: number; status?: 'requested' | 'accepted' | 'in-progress' }) {
  await db()
    .insert(referrals)
    .values({
      residentId: await resident(from),
      fromOrganisationId: from,
      regionId: ids.lazio!,
      serviceName: 'CSM Prova',
      toOrganisationId: ids.asl!,
      urgency,
      targetHours: opts.targetDays * 24,
      reasonSealed: 'c1.dev.x',
      status: opts.status ?? 'in-progress',
      requestedAt,
      dueAt: new Date(requestedAt.getTime() + opts.targetDays * DAY),
      acceptedAt: opts.status === 'requested' ? null : new Date(requestedAt.getTime() + DAY / 2),
      firstAppointmentAt: opts.firstAfterDays === undefined ? null : new Date(requestedAt.getTime() + opts.firstAfterDays * DAY),
    });
}

async function screening(organisationId: string, completedAt: Date, aboveCutoff: boolean) {
  await db()
    .insert(screenings)
    .values({ residentId: await resident(organisationId), organisationId, instrumentId: ids.instrument!, language: 'ar', mode: 'operator-with-mediator', status: 'completed', aboveCutoff, startedAt: completedAt, completedAt });
}

/**
 * The synthetic data set, in Lazio (Sicily has none):
 * - January 2024, CAS Alfa: 10 routine referrals with first appointments after 1…10 days (target 7 days), and 2
 *   emergency referrals still waiting past their target; 12 residents screened (6 above the cut-off); 6 Arabic
 *   mediator requests booked and 1 Tigrinya unfilled.
 * - February 2024, CAS Beta: 8 routine and 6 urgent referrals with first appointments; 3 residents screened.
 * So the quarter has 26 referrals: 18 routine, 6 urgent, 2 emergency; January's 2 emergencies are under 5.
 */
beforeAll(async () => {
  ctx = await testApp({
    // The care module registers these routes; until it does, the test mounts them itself.
    extraModules: [
      {
        name: 'care-indicators-under-test',
        routes: (app, p) => {
          if (!app.hasRoute({ method: 'GET', url: '/care/indicators' })) indicatorRoutes(app, p);
        },
      },
    ],
  });
  await db()
    .insert(organisationTypes)
    .values(['reception-centre', 'local-health-authority', 'ngo'].map((code) => ({ code, names: { en: code } })))
    .onConflictDoNothing();
  const [lazio, sicilia] = await db()
    .insert(regions)
    .values([
      { country: 'IT', code: 'IT-62', name: 'Lazio' },
      { country: 'IT', code: 'IT-82', name: 'Sicilia' },
    ])
    .returning();
  const org = async (name: string, typeCode: string) => (await db().insert(organisations).values({ name, typeCode, country: 'IT', regionId: lazio!.id }).returning())[0]!.id;
  Object.assign(ids, {
    lazio: lazio!.id,
    sicilia: sicilia!.id,
    alfa: await org('CAS Alfa', 'reception-centre'),
    beta: await org('CAS Beta', 'reception-centre'),
    asl: await org('ASL Roma Prova', 'local-health-authority'),
    agency: await org('Agenzia Dialoghi Prova', 'ngo'),
  });
  const [instrument] = await db().insert(instruments).values({ code: 'demo', version: '1', definition: {} as never, questionnaire: {} }).returning();
  ids.instrument = instrument!.id;

  const january = new Date('2024-01-10T10:00:00Z');
  for (let d = 1; d <= 10; d++) await referral(ids.alfa!, 'routine', january, { firstAfterDays: d, targetDays: 7 });
  for (let i = 0; i < 2; i++) await referral(ids.alfa!, 'emergency', new Date('2024-01-12T10:00:00Z'), { targetDays: 1, status: 'requested' });
  const february = new Date('2024-02-14T10:00:00Z');
  for (let i = 0; i < 8; i++) await referral(ids.beta!, 'routine', february, { firstAfterDays: 3, targetDays: 7 });
  for (let i = 0; i < 6; i++) await referral(ids.beta!, 'urgent', february, { firstAfterDays: 2, targetDays: 3 });

  for (let i = 0; i < 12; i++) await screening(ids.alfa!, new Date('2024-01-15T10:00:00Z'), i < 6);
  for (let i = 0; i < 3; i++) await screening(ids.beta!, new Date('2024-02-15T10:00:00Z'), i < 1);

  const request = (language: string, status: 'booked' | 'unfilled') => ({
    requestingOrganisationId: ids.alfa!,
    regionId: ids.lazio!,
    language,
    startsAt: new Date('2024-01-20T09:00:00Z'),
    place: 'Sede',
    status,
    createdAt: new Date('2024-01-16T10:00:00Z'),
    ...(status === 'booked' ? { bookedOrganisationId: ids.agency!, mediatorName: 'M-1', bookedAt: new Date('2024-01-17T10:00:00Z') } : {}),
  });
  await db()
    .insert(mediatorRequests)
    .values([...Array.from({ length: 6 }, () => request('ar', 'booked')), request('ti', 'unfilled')]);

  coordinator = await signedInAs(ctx, 'coord@example.org', 'network-coordinator', { organisationId: ids.asl });
  dataProtection = await signedInAs(ctx, 'dpo@example.org', 'data-protection', { organisationId: ids.alfa });
  admin = await signedInAs(ctx, 'admin@example.org', 'administrator');
  operator = await signedInAs(ctx, 'op@example.org', 'care-operator', { organisationId: ids.alfa });
}, 60_000);

afterAll(async () => ctx.close());

/** English messages through the catalogue, so that the assertions follow its wording. */
const t = translator('en');
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const QUARTER = t('care.indicators.summary.caption', { period: t('care.indicators.period', { from: 'January 2024', to: 'March 2024' }) });
const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/&quot;/g, '"');
const text = (html: string) => decode(html.replace(/<[^>]+>/g, '')).trim();

/** The cells (as text) of each body row of the table with this caption (the first after `from`), keyed by the row's first cell. */
function tableRows(html: string, caption: string, from = ''): Map<string, string[]> {
  const start = html.indexOf(`<caption>${caption}</caption>`, html.indexOf(from));
  if (start < 0) throw new Error(`no table "${caption}"`);
  const table = html.slice(start, html.indexOf('</table>', start));
  const body = table.slice(table.indexOf('<tbody>'));
  const rows = new Map<string, string[]>();
  for (const tr of body.split('<tr>').slice(1)) {
    const cells = [...tr.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]!);
    rows.set(text(cells[0]!), cells.slice(1));
  }
  return rows;
}

describe('the indicators dashboard', () => {
  it('shows a coordinator the figures of the region, with accessible charts, their tables and "<5" for small counts', async () => {
    const res = await coordinator.get(`/care/indicators?region=${ids.lazio}&${PERIOD}`);
    expect(res.statusCode).toBe(200);
    const html = res.body;
    // A chart per measure: an image with a title and a description.
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="chart-referrals-by-urgency-title chart-referrals-by-urgency-desc"/);
    expect(html).toContain('<title id="chart-referrals-by-urgency-title">Referrals by urgency</title>');
    for (const id of ['chart-screened', 'chart-above-cutoff', 'chart-acceptance', 'chart-open-past-target', 'chart-time-to-care', 'chart-within-target', 'chart-missed', 'chart-mediator-requests', 'chart-mediator-met']) {
      expect(html).toContain(`<title id="${id}-title">`);
    }
    // The note on suppression.
    expect(html).toContain(escapeHtml(t('care.indicators.suppressionNote', { min: 5 })));

    // Referrals by urgency, month by month. January: 10 routine, 0 urgent, 2 emergency: the 2 is shown as "<5"
    // (and so are the figures that would give it away); February's 8 routine stand.
    const byUrgency = tableRows(html, 'Referrals by urgency: the figures');
    expect([...byUrgency.keys()]).toEqual(['Jan 24', 'Feb 24', 'Mar 24', 'Total']);
    const january = byUrgency.get('Jan 24')!;
    expect(january[2]).toContain('data-suppressed="true"');
    expect(text(january[2]!)).toBe('<5');
    expect(january.map(text)).toEqual(['<5', '<5', '<5']);
    expect(byUrgency.get('Feb 24')!.map(text)).toEqual(['8', '<5', '<5']);
    // In all, 18 / 6 / 2: the 6 goes too, or 26 − 18 − 6 would give the 2 away.
    expect(byUrgency.get('Total')!.map(text)).toEqual(['18', '<5', '<5']);

    // The summary: totals of the quarter.
    const summary = tableRows(html, QUARTER);
    expect(text(summary.get('Referrals')![0]!)).toBe('26');
    expect(text(summary.get('Residents screened')![0]!)).toBe('15');
    expect(text(summary.get('Referrals: emergency')![0]!)).toBe('<5');
    expect(text(summary.get('Mediator requests')![0]!)).toBe('7');

    // Days to first appointment: January's 10 waits of 1…10 days, median 5.5.
    const waits = tableRows(html, 'Days from referral to first appointment: the figures');
    expect(text(waits.get('Jan 24')![0]!)).toBe('5.5');
    expect(text(waits.get('Mar 24')![0]!)).toBe('<5');

    // Links to the CSV of the same selection and to the yearly report.
    expect(html).toContain(`href="/care/indicators/export.csv?region=${ids.lazio}&amp;from=2024-01&amp;to=2024-03&amp;groupBy=month"`);
    expect(html).toContain(`href="/care/indicators/report?region=${ids.lazio}"`);
  });

  it('offers as organisations those that appear in care data, and groups by them', async () => {
    const res = await coordinator.get(`/care/indicators?${PERIOD}&groupBy=organisation`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`<option value="${ids.alfa}">CAS Alfa (Lazio)</option>`);
    expect(res.body).toContain(`<option value="${ids.beta}">CAS Beta (Lazio)</option>`);
    // The health service only receives referrals: it is not a referring organisation.
    expect(res.body).not.toContain(`<option value="${ids.asl}"`);
    const rows = tableRows(res.body, 'Referrals by urgency: the figures');
    expect([...rows.keys()]).toEqual(['CAS Alfa', 'CAS Beta', 'Total']);
    expect(res.body).toContain('<th scope="col">Referring organisation</th>');

    const one = await coordinator.get(`/care/indicators?organisation=${ids.beta}&${PERIOD}`);
    expect(one.statusCode).toBe(200);
    expect(one.body).toContain(`<option value="${ids.beta}" selected>`);
    expect(text(tableRows(one.body, QUARTER).get('Referrals')![0]!)).toBe('14');
  });

  it('defaults to the last 12 months by month', async () => {
    const res = await coordinator.get('/care/indicators');
    expect(res.statusCode).toBe(200);
    const now = new Date();
    const thisMonth = now.toISOString().slice(0, 7);
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1)).toISOString().slice(0, 7);
    expect(res.body).toContain(`name="from" type="month" value="${start}"`);
    expect(res.body).toContain(`name="to" type="month" value="${thisMonth}"`);
    expect(tableRows(res.body, 'Referrals by urgency: the figures').size).toBe(13);
  });

  it('answers malformed filters with 400 and the message next to the field, keeping what was typed', async () => {
    const month = await coordinator.get(`/care/indicators?from=2024-13&to=2024-03`);
    expect(month.statusCode).toBe(400);
    expect(month.body).toMatch(/<p class="field__error" id="field-from-error">[\s\S]*?Enter a month as YYYY-MM\.<\/p>/);
    expect(month.body).toContain('name="from" type="text" value="2024-13"');
    expect(month.body).not.toContain('role="img"');

    const range = await coordinator.get(`/care/indicators?from=2024-05&to=2024-01`);
    expect(range.statusCode).toBe(400);
    expect(range.body).toMatch(/id="field-to-error">[\s\S]*?The first month must come before the last/);

    for (const bad of [`region=00000000-0000-4000-8000-000000000000`, `region='%20OR%201=1`, `organisation=${ids.asl}`, 'country=XX', 'groupBy=week', 'from=2024-033']) {
      const res = await coordinator.get(`/care/indicators?${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.body).toContain('class="field__error"');
    }
  });

  it('is shown in Arabic right to left', async () => {
    const res = await coordinator.get(`/care/indicators?region=${ids.lazio}&${PERIOD}&lang=ar`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="ar" dir="rtl">');
    expect(res.body).toContain('role="img"');
  });
});

describe('the CSV export', () => {
  it('has the header row, a line per month and the total, with "<5" for small counts', async () => {
    const res = await coordinator.get(`/care/indicators/export.csv?region=${ids.lazio}&${PERIOD}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="care-indicators-2024-01_2024-03-by-month.csv"/);
    const header = res.rawPayload.toString('utf8').replace(/^\ufeff/, '').split(/\r?\n/)[0]!;
    expect(header).toMatch(/^Month,Residents screened,Share above the cut-off \(%\),Referrals,Referrals: routine,Referrals: urgent,Referrals: emergency,/);
    const rows = await readCsv(res.rawPayload);
    expect(rows.map((r) => r.month)).toEqual(['2024-01', '2024-02', '2024-03', 'Total']);
    expect(rows[0]!['referrals: emergency']).toBe('<5');
    expect(rows[1]!['referrals: routine']).toBe('8');
    expect(rows[3]!.referrals).toBe('26');
  });

  it('refuses malformed filters with 400', async () => {
    expect((await coordinator.get('/care/indicators/export.csv?from=2024-1')).statusCode).toBe(400);
  });
});

describe('the yearly regional report', () => {
  it('has the sections of the 2017 guidelines’ implementation report for the region and year', async () => {
    const res = await coordinator.get(`/care/indicators/report?region=${ids.lazio}&year=2024`);
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('<h1>Yearly implementation report: Lazio, 2024</h1>');
    for (const h of ['1. Organisations involved', '2. Identification', '3. Referral and taking charge', '4. Medico-legal certification', '5. Language and cultural mediation', '6. Open issues', 'Month by month']) {
      expect(html).toMatch(new RegExp(`<h2 id="[^"]+">${h.replace(/\./g, '\\.')}</h2>`));
    }
    expect(html).toContain('<li>CAS Alfa</li>');
    expect(html).toContain('<li>ASL Roma Prova</li>');
    expect(html).toContain('<li>Agenzia Dialoghi Prova</li>');
    const caption = (section: string) => t('care.indicators.report.caption', { section: t(`care.indicators.report.${section}`), region: 'Lazio', year: '2024' });
    const identification = tableRows(html, caption('identification'), 'id="report-identification"');
    expect(text(identification.get('Residents screened')![0]!)).toBe('15');
    const takingCharge = tableRows(html, caption('takingCharge'), 'id="report-taking-charge"');
    expect(text(takingCharge.get('Routine')![1]!)).toBe('18');
    expect(text(takingCharge.get('Emergency')![1]!)).toBe('<5');
    expect(text(takingCharge.get('Total')![1]!)).toBe('26');
    expect(html).toMatch(/<svg[^>]*role="img"/);
  });

  it('defaults to the first region and the previous calendar year', async () => {
    const res = await dataProtection.get('/care/indicators/report');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`Yearly implementation report: Lazio, ${new Date().getUTCFullYear() - 1}`);
    expect(res.body).toContain(`<option value="${ids.sicilia}">Sicilia</option>`);
  });

  it('answers a bad year with 400 and an unknown region with 404', async () => {
    for (const year of ['20x4', '1999', String(new Date().getUTCFullYear() + 1), '02024']) {
      const res = await coordinator.get(`/care/indicators/report?region=${ids.lazio}&year=${year}`);
      expect(res.statusCode, year).toBe(400);
      expect(res.body).toMatch(/id="field-year-error">/);
      expect(res.body).toContain(escapeHtml(t('care.indicators.report.errors.year')));
    }
    expect((await coordinator.get('/care/indicators/report?region=00000000-0000-4000-8000-000000000000&year=2024')).statusCode).toBe(404);
    expect((await coordinator.get('/care/indicators/report?region=lazio&year=2024')).statusCode).toBe(404);
  });
});

describe('who may see the indicators', () => {
  const routes = [`/care/indicators?${PERIOD}`, `/care/indicators/export.csv?${PERIOD}`, '/care/indicators/report?year=2024'];

  it('lets coordinators, data-protection contacts and administrators in', async () => {
    for (const c of [coordinator, dataProtection, admin]) for (const url of routes) expect((await c.get(url)).statusCode, url).toBe(200);
  });

  it('refuses a care operator with 403 and sends an anonymous visitor to sign in', async () => {
    const anonymous = new Client(ctx.app);
    for (const url of routes) {
      expect((await operator.get(url)).statusCode, url).toBe(403);
      const res = await anonymous.get(url);
      expect(res.statusCode, url).toBe(303);
      expect(res.headers.location).toBe(`/signin?next=${encodeURIComponent(url)}`);
    }
  });
});

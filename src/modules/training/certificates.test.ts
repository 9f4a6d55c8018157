import { eq } from 'drizzle-orm';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, sessionsChanged, signedInAs, testApp } from '../../../test/helpers.js';
import { completeCourse, testedCourse } from '../../../test/training.js';
import { auditEvents, users } from '../../platform/schema.js';
import { normaliseCode, readableCode } from './codes.js';
import { certificatePdf, findCertificate, visualRuns } from './certificates.js';
import { certificates } from './schema.js';
import { publishCourse } from './versions.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
const db = () => ctx.platform.database.db;
beforeAll(async () => {
  ctx = await testApp();
});
afterAll(async () => ctx?.close());

const pdfText = async (pdf: Buffer) => (await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true })).text;

const complete = (email: string, slug: string) => completeCourse(db(), email, slug);

describe('verification codes', () => {
  it('are ten characters that survive being read aloud and retyped', () => {
    for (let i = 0; i < 50; i++) {
      const code = readableCode();
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
      expect(normaliseCode(code.toLowerCase().replace('-', ' '))).toBe(code);
    }
    expect(normaliseCode('k7qf2-9mx3t')).toBe('K7QF2-9MX3T');
    expect(normaliseCode('K7QFZ-OMXIL')).toBe('K7QFZ-0MX11');
    expect(normaliseCode('K7QF2-9MX3')).toBeNull();
    expect(normaliseCode('../../etc/passwd')).toBeNull();
  });
});

describe('certificates', () => {
  it('are issued once, when the course is completed (ECM: and the satisfaction questionnaire answered), in the learner’s language with their profession’s credits', async () => {
    const c = await testedCourse(db(), 'certified-course', { ecm: true, n: 9, perAttempt: 9, ecmCredits: 3, italianTitle: 'Corso certificato' });
    expect(await publishCourse(db(), c.id, null)).toMatchObject({ ok: true });
    const learner = await signedInAs(ctx, 'nadia@example.org', 'learner', { name: 'Nadia Rossi' });
    await db().update(users).set({ locale: 'it', profession: 'nurse' }).where(eq(users.email, 'nadia@example.org'));
    await sessionsChanged(ctx.app);
    const enrolment = await complete('nadia@example.org', 'certified-course');
    // An ECM course: the certificate comes with the answers to the satisfaction questionnaire.
    expect(await db().select().from(certificates).where(eq(certificates.enrolmentId, enrolment.id))).toEqual([]);
    await learner.post('/learn/certified-course/questionnaires/satisfaction', { relevance: '4', quality: '4', usefulness: '4', time: '4', unbiased: 'yes' });
    const issued = await db().select().from(certificates).where(eq(certificates.enrolmentId, enrolment.id));
    expect(issued).toHaveLength(1);
    const cert = issued[0]!;
    expect(cert).toMatchObject({ locale: 'it', learnerName: 'Nadia Rossi', courseTitle: 'Corso certificato', durationMinutes: 90, profession: 'nurse', revokedAt: null });
    expect(cert.credits).toEqual([
      { scheme: 'cpd', amount: 1.5 },
      { scheme: 'ecm', amount: 3 },
    ]);

    // The learner downloads it from their dashboard: a PDF in Italian with the code and where to check it.
    const dashboard = await learner.get('/learn');
    expect(dashboard.body).toContain(`/learn/certificates/${cert.code}/pdf`);
    const pdf = await learner.get(`/learn/certificates/${cert.code}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(pdf.rawPayload);
    for (const s of ['Nadia Rossi', 'Corso certificato', cert.code, `http://ponte.test/certificates/${cert.code}`, 'Attestato']) expect(text).toContain(s);
    expect(text).toMatch(/ECM[^\n]*3/);

    // Nobody else can download it; anyone with the code can check it.
    const other = await signedInAs(ctx, 'other@example.org', 'learner');
    expect((await other.get(`/learn/certificates/${cert.code}/pdf`)).statusCode).toBe(404);
    expect((await new Client(ctx.app).get(`/learn/certificates/${cert.code}/pdf`)).statusCode).toBe(303);
    const visitor = new Client(ctx.app);
    const typed = await visitor.get(`/certificates?code=${cert.code.toLowerCase().replace('-', '')}`);
    expect(typed.headers.location).toBe(`/certificates/${cert.code}`);
    const page = await visitor.get(`/certificates/${cert.code}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Nadia Rossi');
    expect(page.body).toContain('alert--success');
    expect(page.body).not.toContain(`action="/certificates/${cert.code}/revoke"`);
    const unknown = await visitor.get('/certificates?code=AAAAA-AAAAA');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('value="AAAAA-AAAAA"');
    expect((await visitor.get('/certificates/not-a-code')).statusCode).toBe(404);
  });

  it('can be revoked by administrators, with a reason the verification page shows, and the revocation is audited', async () => {
    const course = await testedCourse(db(), 'revoked-course', { n: 6, perAttempt: 6 });
    expect(await publishCourse(db(), course.id, null)).toMatchObject({ ok: true });
    await signedInAs(ctx, 'rev@example.org', 'learner', { name: 'Rev Learner' });
    const enrolment = await complete('rev@example.org', 'revoked-course');
    const [cert] = await db().select().from(certificates).where(eq(certificates.enrolmentId, enrolment.id));
    const learner = await signedInAs(ctx, 'rev2@example.org', 'learner');
    expect((await learner.post(`/certificates/${cert!.code}/revoke`, { reason: 'x' })).statusCode).toBe(403);
    const admin = await signedInAs(ctx, 'admin@example.org', 'administrator');
    expect((await admin.get(`/certificates/${cert!.code}`)).body).toContain(`action="/certificates/${cert!.code}/revoke"`);
    expect((await admin.post(`/certificates/${cert!.code}/revoke`, { reason: '' })).statusCode).toBe(400);
    expect((await admin.post(`/certificates/${cert!.code}/revoke`, { reason: 'Issued by mistake: the <b>attempt</b> was void.' })).statusCode).toBe(303);
    const page = await new Client(ctx.app).get(`/certificates/${cert!.code}`);
    expect(page.body).toContain('alert--error');
    expect(page.body).toContain('Issued by mistake: the &lt;b>attempt&lt;/b> was void.');
    const [row] = await db().select().from(auditEvents).where(eq(auditEvents.action, 'training.certificate.revoke'));
    expect(row).toMatchObject({ outcome: 'success', targetType: 'certificate', targetId: cert!.id });
    expect((await findCertificate(db(), cert!.code))!.revokedReason).toContain('Issued by mistake');
  });

  it('lays out a line that mixes Arabic with numbers and Latin words from the right, brackets mirrored', () => {
    expect(visualRuns('Duration: 1.7 hours')).toEqual([{ text: 'Duration: 1.7 hours', rtl: false }]);
    expect(visualRuns('المدة: 1.7 ساعة')).toEqual([
      { text: ' ساعة', rtl: true },
      { text: '1.7', rtl: false },
      { text: 'المدة: ', rtl: true },
    ]);
    expect(visualRuns('نقاط ECM (إيطاليا): 3').map((r) => r.text)).toEqual(['3', ' )إيطاليا(: ', 'ECM', 'نقاط ']);
  });

  it('lays out Greek and Arabic certificates in their scripts', async () => {
    const base = { id: 'x', code: 'K7QF2-9MX3T', enrolmentId: 'x', courseId: 'x', durationMinutes: 100, minutesSpent: 95, profession: null, credits: [], issuedAt: new Date('2026-11-26T10:00:00Z'), revokedAt: null, revokedReason: null, revokedBy: null };
    const greek = await pdfText(await certificatePdf({ ...base, locale: 'el', learnerName: 'Ελένη Παπαδοπούλου', courseTitle: 'Μετανάστευση και ψυχική υγεία' }, 'http://ponte.test/certificates/K7QF2-9MX3T'));
    expect(greek).toContain('Ελένη Παπαδοπούλου');
    expect(greek).toContain('Μετανάστευση και ψυχική υγεία');
    const arabic = await certificatePdf({ ...base, locale: 'ar', learnerName: 'Amal Haddad', courseTitle: 'Migration, culture and mental health' }, 'http://ponte.test/certificates/K7QF2-9MX3T');
    const text = await pdfText(arabic);
    expect(text).toContain('Amal Haddad');
    expect(text).toContain('K7QF2-9MX3T');
  });
});

import { and, eq, sql } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, smtpSink, testApp, signedInAs } from '../../../test/helpers.js';
import { seedDemo } from '../../demo.js';
import { campaignTransport, dispatch, dispatchJob, startDue } from './campaigns.js';
import { campaigns, deliveries, subscribers } from './schema.js';

let sink: Awaited<ReturnType<typeof smtpSink>>;
let ctx: Awaited<ReturnType<typeof testApp>>;
let editor: Client;
const db = () => ctx.platform.database.db;
const header = (raw: string, name: string) => new RegExp(`^${name}: ?(.*(?:\\r?\\n[ \\t].*)*)`, 'mi').exec(raw)?.[1]?.replace(/\r?\n[ \t]+/g, ' ').trim();
const to = (email: string) => sink.messages.filter((m) => m.to.includes(email));

async function addSubscriber(email: string, values: Partial<typeof subscribers.$inferInsert> = {}) {
  const [s] = await db()
    .insert(subscribers)
    .values({ email, locale: 'en', status: 'active', source: 'site', confirmedAt: new Date(), ...values })
    .returning();
  return s!;
}

async function newCampaign(slug: string) {
  await editor.get('/editor/newsletter/campaigns/new');
  const res = await editor.post('/editor/newsletter/campaigns/new', { slug, sourceLocale: 'en', subject: `Issue ${slug}`, intro: 'What happened this season.' });
  expect(res.statusCode).toBe(303);
  const id = /campaigns\/([0-9a-f-]{36})/.exec(res.headers.location as string)![1]!;
  await editor.post(`/editor/newsletter/campaigns/${id}/items`, { item: 'news:eu-micare-closing-event-milan' });
  await editor.post(`/editor/newsletter/campaigns/${id}/items`, { item: 'document:eu-micare-mapping-report' });
  return id;
}

/** Runs what the job queue would: start due campaigns, then dispatch until done. */
async function send(id: string) {
  await startDue(ctx.platform);
  const transport = campaignTransport(ctx.platform, 3);
  try {
    return await dispatch(ctx.platform, id, { concurrency: 3, ratePerSecond: 0 }, transport);
  } finally {
    transport.close();
  }
}

beforeAll(async () => {
  sink = await smtpSink();
  ctx = await testApp({ smtpUrl: sink.url });
  await seedDemo(ctx.platform);
  editor = await signedInAs(ctx, 'campaign-editor@example.org', 'editor');
});
afterAll(async () => {
  await ctx?.close();
  await sink?.close();
});

describe('campaigns', () => {
  it('composes an issue per language from portal items, previews it and validates what editors type', async () => {
    const id = await newCampaign('autumn-issue');
    const bad = await editor.post(`/editor/newsletter/campaigns/${id}/items`, { item: 'news:no-such-item' });
    expect(bad.statusCode).toBe(400);
    expect((await editor.post(`/editor/newsletter/campaigns/${id}/text`, { locale: 'it', subject: '', intro: 'x' })).statusCode).toBe(400);
    await editor.post(`/editor/newsletter/campaigns/${id}/text`, { locale: 'it', subject: 'Numero d’autunno', intro: 'Che cosa è successo in questa stagione.' });
    const en = await editor.get(`/editor/newsletter/campaigns/${id}/preview?lang=en`);
    expect(en.headers['content-security-policy']).toContain('sandbox');
    expect(en.body).toContain('EU-MiCare’s Italian journey ends in Milan');
    expect(en.body).toContain('D1.1');
    const it_ = await editor.get(`/editor/newsletter/campaigns/${id}/preview?lang=it`);
    expect(it_.body).toContain('<html lang="it"');
    expect(it_.body).toContain('Chiuso a Milano il percorso italiano di EU-MiCare');
    const de = await editor.get(`/editor/newsletter/campaigns/${id}/preview?lang=de`);
    expect(de.body).toContain('not available in Deutsch');
    const text = await editor.get(`/editor/newsletter/campaigns/${id}/preview?lang=it&format=text`);
    expect(text.headers['content-type']).toContain('text/plain');
    expect(text.body).toContain('Numero d’autunno');
    expect(text.body).not.toContain('<');
    expect((await new Client(ctx.app).get(`/editor/newsletter/campaigns/${id}/preview`)).statusCode).toBe(303);
  });

  it('sends each subscriber of the segment one copy in their language, with one-click unsubscribe headers', async () => {
    const id = await newCampaign('segment-issue');
    await editor.post(`/editor/newsletter/campaigns/${id}/text`, { locale: 'it', subject: 'Numero segmentato', intro: 'Ciao.' });
    const it1 = await addSubscriber('it1@example.org', { locale: 'it', profession: 'nurse' });
    await addSubscriber('de1@example.org', { locale: 'de', profession: 'nurse' });
    await addSubscriber('other-profession@example.org', { locale: 'it', profession: 'volunteer' });
    await addSubscriber('pending@example.org', { status: 'pending', profession: 'nurse' });
    await addSubscriber('gone@example.org', { status: 'unsubscribed', profession: 'nurse' });
    await editor.post(`/editor/newsletter/campaigns/${id}/segment`, { professions: 'nurse' });
    const page = await editor.get(`/editor/newsletter/campaigns/${id}`);
    expect(page.body).toContain('Send now to 2 subscribers');
    expect((await editor.post(`/editor/newsletter/campaigns/${id}/schedule`, { action: 'now' })).statusCode).toBe(303);
    expect(await send(id)).toBeNull();

    const [mine] = to('it1@example.org');
    expect(to('it1@example.org')).toHaveLength(1);
    expect(header(mine!.raw, 'Subject')).toContain('Numero segmentato');
    expect(header(mine!.raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const listUnsubscribe = header(mine!.raw, 'List-Unsubscribe')!;
    expect(listUnsubscribe).toMatch(/^<https?:\/\/[^>]+\/newsletter\/unsubscribe\/[^>]+>, <mailto:unsubscribe@/);
    const parsed = await simpleParser(mine!.raw);
    expect(parsed.text).toContain('Chiuso a Milano il percorso italiano di EU-MiCare');
    expect(parsed.html).toContain('lang="it"');
    expect(parsed.messageId).toMatch(new RegExp(`^<${id}\\.`));
    const german = await simpleParser(to('de1@example.org')[0]!.raw);
    expect(german.text).toContain('not available in Deutsch');
    for (const nobody of ['other-profession@example.org', 'pending@example.org', 'gone@example.org']) expect(to(nobody)).toHaveLength(0);
    expect((await db().select().from(campaigns).where(eq(campaigns.id, id)))[0]!.status).toBe('sent');

    // The link in the header unsubscribes with a POST, as a mail program sends it.
    const url = new URL(/<(https?:[^>]+)>/.exec(listUnsubscribe)![1]!);
    const res = await ctx.app.inject({ method: 'POST', url: url.pathname, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(res.statusCode).toBe(200);
    expect((await db().select().from(subscribers).where(eq(subscribers.id, it1.id)))[0]!.status).toBe('unsubscribed');

    // Sending again changes nothing: every recipient already has their copy.
    await db().update(campaigns).set({ status: 'sending' }).where(eq(campaigns.id, id));
    await send(id);
    expect(to('de1@example.org')).toHaveLength(1);

    // The public archive shows the issue in the reader's language.
    const archive = await new Client(ctx.app, { 'accept-language': 'it' }).get('/newsletter/archive/segment-issue');
    expect(archive.statusCode).toBe(200);
    expect(archive.body).toContain('Numero segmentato');
    expect((await new Client(ctx.app).get('/newsletter/archive')).body).toContain('/newsletter/archive/segment-issue');
    expect((await new Client(ctx.app).get('/newsletter/archive/autumn-issue')).statusCode).toBe(404);
  });

  it('never sends a second copy after a crash: only a message past its end-of-data mark is left uncertain', async () => {
    const id = await newCampaign('crash-issue');
    await editor.post(`/editor/newsletter/campaigns/${id}/segment`, { professions: 'psychiatrist' });
    for (let i = 0; i < 6; i++) await addSubscriber(`crash${i}@example.org`, { profession: 'psychiatrist' });
    await editor.post(`/editor/newsletter/campaigns/${id}/schedule`, { action: 'now' });
    await startDue(ctx.platform);
    // A sender died holding two rows: one claimed (its data may have been on the wire, but never its end-of-data
    // mark), one past the end-of-data mark.
    const [a, b] = await db().select().from(deliveries).where(eq(deliveries.campaignId, id)).limit(2);
    const dead = (status: 'ending' | 'claimed', subscriberId: string) =>
      db()
        .update(deliveries)
        .set({ status, claimedAt: sql`now() - interval '2 minutes'`, attempts: 1 })
        .where(and(eq(deliveries.campaignId, id), eq(deliveries.subscriberId, subscriberId)));
    await dead('ending', a!.subscriberId);
    await dead('claimed', b!.subscriberId);
    await send(id);
    let rows = await db().select().from(deliveries).where(eq(deliveries.campaignId, id));
    expect(rows.filter((r) => r.status === 'uncertain').map((r) => r.subscriberId)).toEqual([a!.subscriberId]);
    expect(rows.filter((r) => r.status === 'sent').map((r) => r.subscriberId)).toHaveLength(5);
    expect(rows.find((r) => r.subscriberId === b!.subscriberId)!.status).toBe('sent');
    expect(rows.every((r) => r.status !== 'sent' || r.sentAt)).toBe(true);
    const copies = () => [0, 1, 2, 3, 4, 5].map((i) => to(`crash${i}@example.org`).length);
    expect(copies().reduce((x, y) => x + y, 0)).toBe(5);
    expect(copies().every((n) => n <= 1)).toBe(true);
    const page = (await editor.get(`/editor/newsletter/campaigns/${id}`)).body;
    expect(page).toContain('5 sent, 0 failed, 1 uncertain');
    expect(page).toContain('Send again to the uncertain recipient');

    // The editor, having read in the mail server's log that it never arrived, sends the uncertain one again.
    const resend = await editor.post(`/editor/newsletter/campaigns/${id}/resend-uncertain`, {});
    expect(resend.statusCode).toBe(303);
    expect((await db().select().from(campaigns).where(eq(campaigns.id, id)))[0]!.status).toBe('sending');
    expect((await new Client(ctx.app).get('/newsletter/archive/crash-issue')).statusCode).toBe(200);
    expect(await send(id)).toBeNull();
    rows = await db().select().from(deliveries).where(eq(deliveries.campaignId, id));
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    expect(copies()).toEqual([1, 1, 1, 1, 1, 1]);
    expect((await editor.get(`/editor/newsletter/campaigns/${id}`)).body).not.toContain('Send again to the');
    // Nothing uncertain is left: asking again is refused and changes nothing.
    expect((await editor.post(`/editor/newsletter/campaigns/${id}/resend-uncertain`, {})).statusCode).toBe(409);

    // A connection that breaks after the mark, before the server's answer: the message may be there, so it is
    // recorded as uncertain and not sent again (here it did arrive: one copy).
    const late = await newCampaign('broken-answer-issue');
    await editor.post(`/editor/newsletter/campaigns/${late}/segment`, { professions: 'psychiatrist' });
    await editor.post(`/editor/newsletter/campaigns/${late}/schedule`, { action: 'now' });
    sink.dropAnswerTo((address) => address === 'crash0@example.org');
    try {
      expect(await send(late)).toBeNull();
    } finally {
      sink.dropAnswerTo(null);
    }
    rows = await db().select().from(deliveries).where(eq(deliveries.campaignId, late));
    const crash0 = (await db().select().from(subscribers).where(eq(subscribers.email, 'crash0@example.org')))[0]!;
    expect(rows.find((r) => r.subscriberId === crash0.id)!.status).toBe('uncertain');
    expect(rows.filter((r) => r.status === 'sent')).toHaveLength(5);
    expect(sink.messages.filter((m) => m.to.includes('crash0@example.org') && m.raw.includes(`<${late}.`))).toHaveLength(1);
  });

  it('a sender whose claim was taken over hands nothing over and leaves the row to the new holder', async () => {
    const id = await newCampaign('takeover-issue');
    await editor.post(`/editor/newsletter/campaigns/${id}/segment`, { professions: 'psychologist' });
    const slow = await addSubscriber('slow@example.org', { profession: 'psychologist' });
    await addSubscriber('quick@example.org', { profession: 'psychologist' });
    await editor.post(`/editor/newsletter/campaigns/${id}/schedule`, { action: 'now' });
    await startDue(ctx.platform);
    const row = () => db().select().from(deliveries).where(and(eq(deliveries.campaignId, id), eq(deliveries.subscriberId, slow.id)));
    // While this sender writes slow@'s message, its lease runs out and another sender claims the row.
    const smtp = campaignTransport(ctx.platform, 1);
    const transport = {
      send: async (...[issue, campaign, recipient, beforeEnd]: Parameters<typeof smtp.send>) =>
        smtp.send(issue, campaign, recipient, async () => {
          if (recipient.email === 'slow@example.org') await db().update(deliveries).set({ claimedAt: sql`now() + interval '1 second'` }).where(and(eq(deliveries.campaignId, id), eq(deliveries.subscriberId, slow.id)));
          await beforeEnd();
        }),
      close: () => smtp.close(),
    };
    try {
      expect(await dispatch(ctx.platform, id, { concurrency: 1, ratePerSecond: 0 }, transport)).toBeGreaterThan(0);
    } finally {
      transport.close();
    }
    expect(to('slow@example.org').filter((m) => m.raw.includes(`<${id}.`))).toHaveLength(0);
    expect(to('quick@example.org').filter((m) => m.raw.includes(`<${id}.`))).toHaveLength(1);
    expect((await row())[0]!.status).toBe('claimed');
    // The new holder died too; once its lease is over, the message goes out once.
    await db().update(deliveries).set({ claimedAt: sql`now() - interval '2 minutes'` }).where(and(eq(deliveries.campaignId, id), eq(deliveries.subscriberId, slow.id)));
    expect(await send(id)).toBeNull();
    expect(to('slow@example.org').filter((m) => m.raw.includes(`<${id}.`))).toHaveLength(1);
    expect((await row())[0]!.status).toBe('sent');
  });

  it('keeps to its connections and rate when a resuming job arrives while the issue is being sent', async () => {
    const id = await newCampaign('overlap-issue');
    await editor.post(`/editor/newsletter/campaigns/${id}/segment`, { professions: 'social-worker' });
    // More than one batch, so that a second sender would find rows of its own.
    await db()
      .insert(subscribers)
      .values(Array.from({ length: 260 }, (_, i) => ({ email: `many${i}@example.org`, locale: 'en', status: 'active' as const, source: 'site', confirmedAt: new Date(), profession: 'social-worker' })));
    await editor.post(`/editor/newsletter/campaigns/${id}/schedule`, { action: 'now' });
    await startDue(ctx.platform);
    const { concurrency, ratePerSecond } = ctx.platform.config.newsletter;
    sink.peakConnections();
    const job = dispatchJob(ctx.platform);
    const started = Date.now();
    await Promise.all([job({ id }), job({ id })]);
    expect(sink.peakConnections()).toBeLessThanOrEqual(concurrency);
    expect(Date.now() - started).toBeGreaterThanOrEqual(((260 - 1) / ratePerSecond) * 1000 - 50);
    expect((await db().select().from(campaigns).where(eq(campaigns.id, id)))[0]!.status).toBe('sent');
    const mine = sink.messages.filter((m) => m.raw.includes(`<${id}.`));
    expect(mine).toHaveLength(260);
    expect(new Set(mine.map((m) => m.to[0])).size).toBe(260);
  });

  it('counts clicks on item links only when the editor turns it on, per link and anonymously', async () => {
    const id = await newCampaign('clicks-issue');
    await editor.post(`/editor/newsletter/campaigns/${id}/text`, { locale: 'it', subject: 'Numero con clic', intro: 'Ciao.' });
    await editor.post(`/editor/newsletter/campaigns/${id}/segment`, { professions: 'counsellor' });
    const reader = await addSubscriber('clicker@example.org', { locale: 'it', profession: 'counsellor' });
    expect((await editor.get(`/editor/newsletter/campaigns/${id}`)).body).not.toMatch(/name="countClicks"[^>]*checked/);
    expect((await editor.post(`/editor/newsletter/campaigns/${id}/clicks`, { countClicks: 'on' })).statusCode).toBe(303);
    expect((await editor.get(`/editor/newsletter/campaigns/${id}`)).body).toMatch(/name="countClicks"[^>]*checked/);
    // Not out yet: a click link counts nothing.
    const news = `/newsletter/go/${id}/news/eu-micare-closing-event-milan`;
    expect((await new Client(ctx.app).get(news)).statusCode).toBe(404);
    await editor.post(`/editor/newsletter/campaigns/${id}/schedule`, { action: 'now' });
    expect(await send(id)).toBeNull();
    // Once out, the setting is fixed.
    expect((await editor.post(`/editor/newsletter/campaigns/${id}/clicks`, {})).statusCode).toBe(409);

    const mail = await simpleParser(to('clicker@example.org')[0]!.raw);
    const links = [...String(mail.html).matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
    // The item links are the counter's, the same for every recipient: nothing in them names the subscriber.
    expect(links).toContain(`http://ponte.test${news}?lang=it`);
    expect(links).toContain(`http://ponte.test/newsletter/go/${id}/document/eu-micare-mapping-report?lang=it`);
    for (const l of links.filter((x) => x.includes('/newsletter/go/'))) expect(l).not.toContain(reader.id);
    expect(mail.text).toContain(`http://ponte.test${news}?lang=it`);
    // A click counts and leads to the item in the e-mail's language.
    for (let i = 0; i < 2; i++) {
      const res = await new Client(ctx.app).get(`${news}?lang=it`);
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe('/news/eu-micare-closing-event-milan?lang=it');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
    // Links that are not the issue's count nothing.
    for (const bad of [`/newsletter/go/${id}/news/no-such-item`, `/newsletter/go/${id}/page/eu-micare-closing-event-milan`, '/newsletter/go/not-a-uuid/news/x', `/newsletter/go/${id}/news/..%2F..%2Fadmin`])
      expect((await new Client(ctx.app).get(bad)).statusCode).toBe(404);
    const page = await editor.get(`/editor/newsletter/campaigns/${id}`);
    expect(page.body).toContain('<th scope="col">Clicks</th>');
    expect(page.body).toMatch(/EU-MiCare’s Italian journey ends in Milan<\/td><td[^>]*>2<\/td>/);
    expect(page.body).toMatch(/Mapping report[^<]*<\/td><td[^>]*>0<\/td>/);
    // The web version of the issue links to the items directly.
    expect((await new Client(ctx.app).get('/newsletter/archive/clicks-issue')).body).not.toContain('/newsletter/go/');

    // An issue that does not count clicks links directly, and its counter links lead nowhere.
    const quiet = await newCampaign('quiet-issue');
    await editor.post(`/editor/newsletter/campaigns/${quiet}/segment`, { professions: 'counsellor' });
    await editor.post(`/editor/newsletter/campaigns/${quiet}/schedule`, { action: 'now' });
    expect(await send(quiet)).toBeNull();
    const plain = await simpleParser(to('clicker@example.org')[1]!.raw);
    expect(String(plain.html)).not.toContain('/newsletter/go/');
    expect((await new Client(ctx.app).get(`/newsletter/go/${quiet}/news/eu-micare-closing-event-milan`)).statusCode).toBe(404);
    expect((await editor.get(`/editor/newsletter/campaigns/${quiet}`)).body).toContain('Clicks are not counted for this issue.');
  });

  it('retries temporary refusals with back-off and records permanent ones', async () => {
    const id = await newCampaign('retry-issue');
    await editor.post(`/editor/newsletter/campaigns/${id}/segment`, { professions: 'interpreter' });
    await addSubscriber('busy@example.org', { profession: 'interpreter' });
    await addSubscriber('nobody@example.org', { profession: 'interpreter' });
    await editor.post(`/editor/newsletter/campaigns/${id}/schedule`, { action: 'now' });
    sink.rejectWith((addr) => (addr === 'busy@example.org' ? 451 : addr === 'nobody@example.org' ? 550 : null));
    const again = await send(id);
    expect(again).toBeGreaterThan(0);
    const rows = await db().select().from(deliveries).where(eq(deliveries.campaignId, id));
    const busy = rows.find((r) => r.lastError?.includes('451'))!;
    expect(busy.status).toBe('failed');
    expect(busy.retryAt).not.toBeNull();
    const dead = rows.find((r) => r.lastError?.includes('550'))!;
    expect(dead.retryAt).toBeNull();
    // The retry comes due and now succeeds.
    sink.rejectWith(null);
    await db().update(deliveries).set({ retryAt: sql`now() - interval '1 second'` }).where(and(eq(deliveries.campaignId, id), sql`${deliveries.retryAt} IS NOT NULL`));
    expect(await send(id)).toBeNull();
    expect(to('busy@example.org')).toHaveLength(1);
    expect(to('nobody@example.org')).toHaveLength(0);
  });
});

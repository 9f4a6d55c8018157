import { and, asc, count, desc, eq, inArray, isNotNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import { CLAIM_LEASE_S, ClaimLost, claimStillHeld, SMTP_TIMEOUT_MS } from '../../platform/mail/index.js';
import { mayHaveArrived, smtpSender, type SmtpError } from '../../platform/mail/smtp.js';
import { mailTemplate, type MailTemplate } from '../../platform/mail/template.js';
import { directionOf, isLocale, LOCALE_NAMES, translator, type Locale } from '../../platform/i18n/index.js';
import type { Platform } from '../../platform/platform.js';
import { pickTranslation, revisionFor } from '../../platform/translations.js';
import { renderMarkdown } from '../../platform/ui/markdown.js';
import { getDocument, listDocuments } from '../portal/documents.js';
import { formatEventPlace, formatEventTime, getEvent, listEvents } from '../portal/events.js';
import { getNews, listPublishedNews } from '../portal/news.js';
import { campaignItems, campaigns, campaignTexts, deliveries, ITEM_KINDS, linkClicks, subscribers, type Segment } from './schema.js';
import { manageToken } from './service.js';

export type Campaign = typeof campaigns.$inferSelect;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const DISPATCH_QUEUE = 'newsletter.dispatch';
export const START_QUEUE = 'newsletter.start';
const MAX_ATTEMPTS = 5;
const BATCH = 200;

// Composing.

export async function createCampaign(db: DbOrTx, input: { slug: string; sourceLocale: Locale; subject: string; intro: string; userId: string }): Promise<{ id: string } | { error: 'slug-taken' }> {
  return db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.slug, input.slug));
    if (taken) return { error: 'slug-taken' as const };
    const [c] = await tx.insert(campaigns).values({ slug: input.slug, sourceLocale: input.sourceLocale, createdBy: input.userId }).returning();
    await tx.insert(campaignTexts).values({ campaignId: c!.id, locale: input.sourceLocale, subject: input.subject, intro: input.intro });
    return { id: c!.id };
  });
}

export async function saveCampaignText(db: DbOrTx, id: string, locale: Locale, text: { subject: string; intro: string }) {
  await db.transaction(async (tx) => {
    const [c] = await tx.select().from(campaigns).where(eq(campaigns.id, id));
    if (!c) return;
    const rows = await tx.select().from(campaignTexts).where(eq(campaignTexts.campaignId, id));
    const joined = (x: { subject: string; intro: string }) => `${x.subject}\u0000${x.intro}`;
    const rev = revisionFor(rows, c.sourceLocale, locale, joined, joined(text));
    await tx
      .insert(campaignTexts)
      .values({ campaignId: id, locale, ...text, ...rev, updatedAt: new Date() })
      .onConflictDoUpdate({ target: [campaignTexts.campaignId, campaignTexts.locale], set: { ...text, ...rev, updatedAt: new Date() } });
    await tx.update(campaigns).set({ updatedAt: new Date() }).where(eq(campaigns.id, id));
  });
}

export async function setSegment(db: DbOrTx, id: string, segment: Segment) {
  await db.update(campaigns).set({ segment, updatedAt: new Date() }).where(eq(campaigns.id, id));
}

export async function setCountClicks(db: DbOrTx, id: string, on: boolean) {
  await db.update(campaigns).set({ countClicks: on, updatedAt: new Date() }).where(eq(campaigns.id, id));
}

/** Where an item of an issue lives on the site. */
const itemPath = (kind: ItemKind, slug: string) => `/${kind === 'news' ? 'news' : kind === 'document' ? 'documents' : 'events'}/${slug}`;

/**
 * A click on an item link of an issue that counts clicks: adds one to that link's count and returns the item's
 * path, or null when the issue has gone out without that item or does not count clicks (nothing is counted then).
 */
export async function recordClick(db: DbOrTx, id: string, kind: ItemKind, slug: string): Promise<string | null> {
  const [counted] = await db
    .insert(linkClicks)
    .select(
      db
        .select({ campaignId: campaignItems.campaignId, kind: campaignItems.kind, slug: campaignItems.slug, clicks: sql<number>`1`.as('clicks') })
        .from(campaignItems)
        .innerJoin(campaigns, eq(campaigns.id, campaignItems.campaignId))
        .where(and(eq(campaignItems.campaignId, id), eq(campaignItems.kind, kind), eq(campaignItems.slug, slug), eq(campaigns.countClicks, true), inArray(campaigns.status, ['sending', 'sent']))),
    )
    .onConflictDoUpdate({ target: [linkClicks.campaignId, linkClicks.kind, linkClicks.slug], set: { clicks: sql`${linkClicks.clicks} + 1` } })
    .returning({ kind: linkClicks.kind });
  return counted ? itemPath(kind, slug) : null;
}

/** Clicks per item link of an issue (`kind:slug` → count). */
export async function clickCounts(db: DbOrTx, id: string): Promise<Map<string, number>> {
  const rows = await db.select().from(linkClicks).where(eq(linkClicks.campaignId, id));
  return new Map(rows.map((r) => [`${r.kind}:${r.slug}`, r.clicks]));
}

export async function addItem(db: DbOrTx, id: string, kind: ItemKind, slug: string) {
  const [{ n }] = (await db.select({ n: count() }).from(campaignItems).where(eq(campaignItems.campaignId, id))) as [{ n: number }];
  await db
    .insert(campaignItems)
    .values({ campaignId: id, kind, slug, sort: Number(n) })
    .onConflictDoNothing();
}

export async function removeItem(db: DbOrTx, id: string, kind: ItemKind, slug: string) {
  await db.delete(campaignItems).where(and(eq(campaignItems.campaignId, id), eq(campaignItems.kind, kind), eq(campaignItems.slug, slug)));
}

export async function getCampaign(db: DbOrTx, id: string) {
  const [c] = await db.select().from(campaigns).where(eq(campaigns.id, id));
  if (!c) return null;
  const texts = await db.select().from(campaignTexts).where(eq(campaignTexts.campaignId, id));
  const items = await db.select().from(campaignItems).where(eq(campaignItems.campaignId, id)).orderBy(asc(campaignItems.sort));
  return { campaign: c, texts, items };
}
export type CampaignDetail = NonNullable<Awaited<ReturnType<typeof getCampaign>>>;

const textsOf = (db: DbOrTx, rows: { id: string }[]) =>
  db
    .select()
    .from(campaignTexts)
    .where(
      inArray(
        campaignTexts.campaignId,
        rows.map((r) => r.id),
      ),
    );

export async function listCampaigns(db: DbOrTx, locale: Locale) {
  const rows = await db.select().from(campaigns).orderBy(desc(campaigns.createdAt));
  if (!rows.length) return [];
  const texts = await textsOf(db, rows);
  const stats = await deliveryCounts(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((c) => ({
    campaign: c,
    subject:
      pickTranslation(
        texts.filter((x) => x.campaignId === c.id),
        locale,
        c.sourceLocale,
      )?.value.subject ?? c.slug,
    languages: texts
      .filter((x) => x.campaignId === c.id)
      .map((x) => x.locale)
      .sort(),
    counts: stats(c.id),
  }));
}

export async function deliveryCounts(db: DbOrTx, ids: string[]) {
  const rows = ids.length ? await db.select({ id: deliveries.campaignId, status: deliveries.status, n: count() }).from(deliveries).where(inArray(deliveries.campaignId, ids)).groupBy(deliveries.campaignId, deliveries.status) : [];
  return (id: string) => Object.fromEntries(rows.filter((r) => r.id === id).map((r) => [r.status, Number(r.n)])) as Partial<Record<(typeof deliveries.$inferSelect)['status'], number>>;
}

/** Recent portal content an editor can pick from. */
export async function candidates(db: DbOrTx, locale: Locale) {
  const newsItems = (await listPublishedNews(db, locale, {}, 1, 20)).items.map((n) => ({ kind: 'news' as const, slug: n.slug, label: n.text.value.title }));
  const docs = (await listDocuments(db, { locale, group: 'results', filters: {}, members: [], page: 1, pageSize: 20 })).items.map((d) => ({ kind: 'document' as const, slug: d.slug, label: d.code ? `${d.code} · ${d.text.value.title}` : d.text.value.title }));
  const events = (await listEvents(db, { locale, filters: { when: 'upcoming' }, page: 1, pageSize: 20 })).items.map((e) => ({ kind: 'event' as const, slug: e.event.slug, label: e.text.value.title }));
  return [...newsItems, ...docs, ...events];
}

// Segments.

/** Active subscribers matching every non-empty list of the segment (a subscriber with no projects or topics wants them all). */
export function segmentCondition(s: Segment): SQL {
  const arr = (v: string[]) => sql`ARRAY[${sql.join(
    v.map((x) => sql`${x}`),
    sql`, `,
  )}]::text[]`;
  const parts: SQL[] = [eq(subscribers.status, 'active')];
  if (s.languages?.length) parts.push(inArray(subscribers.locale, s.languages));
  if (s.countries?.length) parts.push(inArray(subscribers.country, s.countries));
  if (s.professions?.length) parts.push(inArray(subscribers.profession, s.professions));
  if (s.projects?.length) parts.push(sql`(cardinality(${subscribers.projects}) = 0 OR ${subscribers.projects} && ${arr(s.projects)})`);
  if (s.topics?.length) parts.push(sql`(cardinality(${subscribers.topics}) = 0 OR ${subscribers.topics} && ${arr(s.topics)})`);
  return and(...parts)!;
}

export async function countRecipients(db: DbOrTx, s: Segment) {
  const [{ n }] = (await db.select({ n: count() }).from(subscribers).where(segmentCondition(s))) as [{ n: number }];
  return Number(n);
}

// Rendering.

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
/** Placeholders replaced for each recipient; they cannot occur in escaped content. */
const MANAGE = '\u0000MANAGE\u0000';
const UNSUBSCRIBE = '\u0000UNSUBSCRIBE\u0000';

export interface RenderedIssue {
  locale: Locale;
  subject: string;
  html: string;
  /** The issue's content without the document around it, for the web version inside the site's layout. */
  content: string;
  text: string;
  /** The issue is not written in the language asked for. */
  fallback: boolean;
}

/** An issue in one language: the version in that language (or the original, noted), its items in that language where they have one. */
export async function renderIssue(p: Platform, detail: CampaignDetail, want: Locale, opts: { web?: boolean } = {}): Promise<RenderedIssue> {
  const c = detail.campaign;
  const picked = pickTranslation(detail.texts, want, c.sourceLocale)!;
  const locale = (isLocale(picked.locale) ? picked.locale : want) as Locale;
  const fallback = picked.locale !== want;
  const t = translator(locale);
  const url = (path: string) => `${p.config.publicUrl}${path}${path.includes('?') ? '&' : '?'}lang=${locale}`;
  // In the e-mail of an issue that counts clicks, item links go through the counter (the web version links directly).
  const itemUrl = (kind: ItemKind, slug: string) => url(c.countClicks && !opts.web ? `/newsletter/go/${c.id}/${kind}/${slug}` : itemPath(kind, slug));
  const blocks: { title: string; meta: string; summary: string; href: string }[] = [];
  for (const item of detail.items) {
    const href = itemUrl(item.kind, item.slug);
    if (item.kind === 'news') {
      const n = await getNews(p.database.db, item.slug, locale);
      if (n) blocks.push({ title: n.item.text.value.title, meta: t('newsletter.topic.news'), summary: n.item.text.value.summary, href });
    } else if (item.kind === 'document') {
      const d = await getDocument(p.database.db, item.slug, locale, { members: [] });
      if (d) blocks.push({ title: d.document.code ? `${d.document.code} · ${d.text.value.title}` : d.text.value.title, meta: t(`portal.documents.type.${d.document.type}`), summary: d.text.value.description, href });
    } else {
      const e = await getEvent(p.database.db, item.slug, locale);
      if (e) blocks.push({ title: e.text.value.title, meta: `${formatEventTime(locale, e.event)} · ${formatEventPlace(locale, e.event)}`, summary: e.text.value.summary, href });
    }
  }
  const subject = picked.value.subject;
  const note = fallback ? t('newsletter.issue.fallback', { language: LOCALE_NAMES[want] }) : '';
  const archive = url(`/newsletter/archive/${c.slug}`);
  // E-mail clients need inline styles; the web version is part of a page whose policy refuses them (style-src
  // 'self'): there, the site's stylesheet styles the same elements by class.
  const look = (style: string, className: string) => (opts.web ? `class="${className}"` : `style="${style}"`);
  const content = [
    note ? `<p><em>${esc(note)}</em></p>` : '',
    renderMarkdown(picked.value.intro),
    ...blocks.map((b) => `<h2 ${look('font-size:1.15rem;margin-block-end:0.25rem', 'issue__item')}><a href="${esc(b.href)}">${esc(b.title)}</a></h2><p ${look('margin:0;color:#555;font-size:0.875rem', 'issue__meta')}>${esc(b.meta)}</p>${b.summary ? `<p>${esc(b.summary)}</p>` : ''}`),
  ].join('\n');
  const html = [
    `<!doctype html><html lang="${locale}" dir="${directionOf(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${esc(subject)}</title></head>`,
    `<body style="font-family:system-ui,sans-serif;line-height:1.5;max-width:40rem;margin:auto;padding:1rem;color:#1a1a1a">`,
    opts.web ? '' : `<p style="font-size:0.875rem"><a href="${esc(archive)}">${esc(t('newsletter.issue.web'))}</a></p>`,
    `<h1 style="font-size:1.5rem">${esc(subject)}</h1>`,
    content,
    opts.web ? '' : `<hr><p style="font-size:0.875rem">${esc(t('newsletter.issue.why'))} <a href="${MANAGE}">${esc(t('newsletter.manage.title'))}</a> · <a href="${UNSUBSCRIBE}">${esc(t('newsletter.unsubscribe.button'))}</a></p>`,
    `</body></html>`,
  ].join('\n');
  const text = [
    note,
    subject,
    '='.repeat(Math.min(subject.length, 72)),
    '',
    picked.value.intro.replace(/[*_`#>]/g, '').trim(),
    '',
    ...blocks.flatMap((b) => [b.title, b.meta, b.summary, b.href, '']),
    ...(opts.web ? [] : ['-- ', `${t('newsletter.issue.web')}: ${archive}`, `${t('newsletter.manage.title')}: ${MANAGE}`, `${t('newsletter.unsubscribe.button')}: ${UNSUBSCRIBE}`]),
  ]
    .filter((l, i, all) => !(l === '' && all[i - 1] === ''))
    .join('\n')
    .trim();
  return { locale, subject, html, content, text, fallback };
}

/** What differs per recipient: their own links, the RFC 8058 unsubscribe header and the Message-ID. */
function recipientParts(p: Platform, campaign: Campaign, subscriber: Recipient) {
  const token = manageToken(p, subscriber.id);
  const host = new URL(p.config.publicUrl).hostname;
  const unsubscribe = `${p.config.publicUrl}/newsletter/unsubscribe/${token}`;
  return {
    manage: `${p.config.publicUrl}/newsletter/manage/${token}`,
    unsubscribe,
    listUnsubscribe: `<${unsubscribe}>, <mailto:unsubscribe@${host}?subject=unsubscribe%20${token}>`,
    messageId: `<${campaign.id}.${subscriber.id}@${host}>`,
  };
}

/** The headers every copy of an issue has. */
const listHeaders = (p: Platform) => {
  const host = new URL(p.config.publicUrl).hostname;
  return { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'List-Id': `Ponte newsletter <newsletter.${host}>`, Precedence: 'bulk' };
};

/** The message for one recipient: their own links, and the RFC 8058 headers. */
export function personalise(p: Platform, issue: RenderedIssue, campaign: Campaign, subscriber: Recipient) {
  const r = recipientParts(p, campaign, subscriber);
  const fill = (s: string, escapeHtml: boolean) => s.replaceAll(MANAGE, escapeHtml ? esc(r.manage) : r.manage).replaceAll(UNSUBSCRIBE, escapeHtml ? esc(r.unsubscribe) : r.unsubscribe);
  return {
    to: subscriber.email,
    subject: issue.subject,
    text: fill(issue.text, false),
    html: fill(issue.html, true),
    headers: { 'List-Unsubscribe': r.listUnsubscribe, ...listHeaders(p), 'Message-ID': r.messageId },
  };
}

// Sending.

export interface Recipient {
  id: string;
  email: string;
}

/**
 * Where campaign e-mail goes: a pool of SMTP connections, or (without SMTP) the outbox that administrators read.
 * `beforeEnd` runs just before the message is handed over for good (see platform/mail/smtp.ts).
 */
export interface CampaignTransport {
  send(issue: RenderedIssue, campaign: Campaign, to: Recipient, beforeEnd: () => Promise<void>): Promise<void>;
  close(): void;
}

export function campaignTransport(p: Platform, concurrency: number): CampaignTransport {
  if (!p.config.smtpUrl)
    return {
      send: async (issue, campaign, to, beforeEnd) => {
        await beforeEnd();
        await p.mailer.send(p.database.db, personalise(p, issue, campaign, to));
      },
      close: () => undefined,
    };
  const sender = smtpSender(p.config.smtpUrl, { maxConnections: concurrency, timeoutMs: SMTP_TIMEOUT_MS });
  // Each language of an issue is composed once; a recipient's copy only has their own parts filled in.
  const templates = new WeakMap<RenderedIssue, Promise<MailTemplate>>();
  return {
    async send(issue, campaign, to, beforeEnd) {
      let template = templates.get(issue);
      if (!template) {
        template = mailTemplate({ from: p.config.mailFrom, subject: issue.subject, text: issue.text, html: issue.html, headers: listHeaders(p) }, [MANAGE, UNSUBSCRIBE], ['List-Unsubscribe']);
        templates.set(issue, template);
      }
      const r = recipientParts(p, campaign, to);
      const mail = await (
        await template
      ).render({
        to: to.email,
        messageId: r.messageId,
        headers: { 'List-Unsubscribe': r.listUnsubscribe },
        text: { [MANAGE]: r.manage, [UNSUBSCRIBE]: r.unsubscribe },
        html: { [MANAGE]: esc(r.manage), [UNSUBSCRIBE]: esc(r.unsubscribe) },
      });
      await sender.send(mail, beforeEnd);
    },
    close: () => sender.close(),
  };
}

/** Sends one test message of the issue, in one language, to an editor's address (marked as a test). */
export async function testSend(p: Platform, id: string, locale: Locale, to: string) {
  const detail = await getCampaign(p.database.db, id);
  if (!detail) return false;
  const issue = await renderIssue(p, detail, locale);
  const t = translator(locale);
  await p.mailer.send(p.database.db, { to, subject: `[${t('newsletter.campaign.test')}] ${issue.subject}`, text: issue.text.replaceAll(MANAGE, '#').replaceAll(UNSUBSCRIBE, '#'), html: issue.html.replaceAll(MANAGE, '#').replaceAll(UNSUBSCRIBE, '#') });
  return true;
}

/** Schedules sending (now, or at a time); a job starts it, and a sweep every minute catches a lost job. */
export async function scheduleCampaign(p: Platform, id: string, at: Date) {
  await p.database.db.transaction(async (tx) => {
    await tx
      .update(campaigns)
      .set({ status: 'scheduled', sendAt: at, updatedAt: new Date() })
      .where(and(eq(campaigns.id, id), inArray(campaigns.status, ['draft', 'scheduled'])));
    const seconds = Math.max(0, Math.ceil((at.getTime() - Date.now()) / 1000));
    await p.jobs.send(START_QUEUE, { id }, { startAfterSeconds: seconds, singletonKey: `${id}:${at.toISOString()}`, db: tx });
  });
}

export async function unscheduleCampaign(p: Platform, id: string) {
  await p.database.db.update(campaigns).set({ status: 'draft', sendAt: null, updatedAt: new Date() }).where(and(eq(campaigns.id, id), eq(campaigns.status, 'scheduled')));
}

/**
 * Starts every scheduled campaign whose time has come: its recipients are fixed in one statement (one delivery row
 * each, with the language the subscriber asked for; the issue falls back, noted, when it has no such version),
 * then dispatching begins.
 */
export async function startDue(p: Platform): Promise<number> {
  const due = await p.database.db.select().from(campaigns).where(and(eq(campaigns.status, 'scheduled'), lt(campaigns.sendAt, sql`now() + interval '1 second'`)));
  let started = 0;
  for (const c of due) {
    const ok = await p.database.db.transaction(async (tx) => {
      const [locked] = await tx.select().from(campaigns).where(eq(campaigns.id, c.id)).for('update');
      if (locked?.status !== 'scheduled') return false;
      await tx.execute(sql`INSERT INTO newsletter_deliveries (campaign_id, subscriber_id, locale) SELECT ${c.id}, ${subscribers.id}, ${subscribers.locale} FROM ${subscribers} WHERE ${segmentCondition(c.segment)} ON CONFLICT DO NOTHING`);
      await tx.update(campaigns).set({ status: 'sending', startedAt: new Date() }).where(eq(campaigns.id, c.id));
      await p.jobs.send(DISPATCH_QUEUE, { id: c.id }, { singletonKey: `${c.id}:dispatch`, db: tx });
      return true;
    });
    if (ok) started++;
  }
  return started;
}

/**
 * Campaigns still sending get a dispatch job (at most one per minute each): a worker that died mid-send leaves its
 * job to expire, and this is how its campaign goes on. A second dispatcher on the same campaign is harmless.
 */
export async function resumeSending(p: Platform) {
  const rows = await p.database.db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.status, 'sending'));
  const minute = Math.floor(Date.now() / 60_000);
  for (const { id } of rows) await p.jobs.send(DISPATCH_QUEUE, { id }, { singletonKey: `${id}:resume:${minute}` });
  return rows.length;
}

/**
 * An editor's decision, once the issue is sent, to send its uncertain deliveries again (a recipient whose copy
 * did arrive gets a second one; the mail server's log tells which did). Returns how many go back to the queue.
 */
export async function resendUncertain(p: Platform, id: string): Promise<number> {
  return p.database.db.transaction(async (tx) => {
    const [c] = await tx.select().from(campaigns).where(eq(campaigns.id, id)).for('update');
    if (c?.status !== 'sent') return 0;
    const again = await tx.update(deliveries).set({ status: 'queued', lastError: null, retryAt: null }).where(and(eq(deliveries.campaignId, id), eq(deliveries.status, 'uncertain'))).returning({ id: deliveries.subscriberId });
    if (!again.length) return 0;
    await tx.update(campaigns).set({ status: 'sending' }).where(eq(campaigns.id, id));
    await p.jobs.send(DISPATCH_QUEUE, { id }, { singletonKey: `${id}:resend:${Date.now()}`, db: tx });
    return again.length;
  });
}

/** A temporary SMTP failure (4xx, a dropped connection) may be retried; a permanent one (5xx) may not. */
const isTemporary = (err: unknown) => {
  const code = (err as { responseCode?: number }).responseCode;
  return code === undefined || (code >= 400 && code < 500);
};

export interface DispatchOptions {
  concurrency: number;
  /** Messages per second across this sender; 0 for no limit. */
  ratePerSecond: number;
}

/**
 * Sends a campaign's queued messages. Rows are reserved in batches (SKIP LOCKED, so several workers can share a
 * campaign); the claim's time is this sender's token. Each row is marked `ending` just before the end-of-data mark
 * hands its message over (only while the token is still on it, otherwise the message is dropped unsent), and
 * `sent` after the server's answer, in the statement that marks the lane's next message `ending` (or at the end of
 * the batch): one write per message. A sender starts no new message on a claim older than half the lease and
 * gives the rest back. Past the lease, rows of a sender that died go back to the queue if they were only claimed
 * (the server never took them), and become `uncertain` (never sent again) if they were `ending`. Temporary
 * failures are retried with exponential back-off up to five attempts. When nothing is left, the campaign is
 * marked sent. Returns the seconds until the next retry is due, or null when the campaign is finished.
 */
export async function dispatch(p: Platform, id: string, opts: DispatchOptions, transport: CampaignTransport): Promise<number | null> {
  const db = p.database.db;
  const detail = await getCampaign(db, id);
  if (!detail || detail.campaign.status !== 'sending') return null;
  const stale = and(eq(deliveries.campaignId, id), lt(deliveries.claimedAt, sql`now() - make_interval(secs => ${CLAIM_LEASE_S})`));
  await db.update(deliveries).set({ status: 'queued', attempts: sql`${deliveries.attempts} - 1` }).where(and(stale, eq(deliveries.status, 'claimed')));
  await db.update(deliveries).set({ status: 'uncertain' }).where(and(stale, eq(deliveries.status, 'ending')));
  const issues = new Map<string, RenderedIssue>();
  const issueFor = async (locale: string) => {
    let issue = issues.get(locale);
    if (!issue) {
      issue = await renderIssue(p, detail, (isLocale(locale) ? locale : detail.campaign.sourceLocale) as Locale);
      issues.set(locale, issue);
    }
    return issue;
  };
  const interval = opts.ratePerSecond > 0 ? 1000 / opts.ratePerSecond : 0;
  let nextSlot = Date.now();
  const pace = async () => {
    if (!interval) return;
    const wait = nextSlot - Date.now();
    nextSlot = Math.max(nextSlot, Date.now()) + interval;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  };
  // Marks `subscriberId` ending (while `token` is still its claim) and, in the same statement, `acked` sent.
  const markEnding = (subscriberId: string | null, token: Date, acked: string[]) =>
    p.database.query(
      `WITH acked AS (
         UPDATE newsletter_deliveries SET status = 'sent', sent_at = now(), last_error = NULL
         WHERE campaign_id = $1 AND subscriber_id = ANY($4::uuid[]) AND status = 'ending')
       UPDATE newsletter_deliveries SET status = 'ending'
       WHERE campaign_id = $1 AND subscriber_id = $2 AND status = 'claimed' AND claimed_at = $3
       RETURNING subscriber_id`,
      [id, subscriberId, token, acked],
    );
  for (;;) {
    const claimed = await p.database.query<{ subscriberId: string; locale: string; attempts: number; email: string; subscriberStatus: string; claimedAt: Date }>(
      `UPDATE newsletter_deliveries d SET status = 'claimed', claimed_at = date_trunc('milliseconds', now()), attempts = d.attempts + 1
       FROM newsletter_subscribers s
       WHERE s.id = d.subscriber_id AND d.campaign_id = $1 AND d.subscriber_id IN (
         SELECT subscriber_id FROM newsletter_deliveries
         WHERE campaign_id = $1 AND (status = 'queued' OR (status = 'failed' AND retry_at IS NOT NULL AND retry_at <= now()))
         LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING d.subscriber_id AS "subscriberId", d.locale, d.attempts, s.email, s.status AS "subscriberStatus", d.claimed_at AS "claimedAt"`,
      [id, BATCH],
    );
    if (!claimed.length) break;
    const token = new Date(claimed[0]!.claimedAt);
    const giveUpAt = Date.now() + (CLAIM_LEASE_S * 1000) / 2;
    const queue = [...claimed];
    const lane = async () => {
      let acked: string[] = [];
      for (let r = queue.shift(); r; r = queue.shift()) {
        const row = r;
        const mine = and(eq(deliveries.campaignId, id), eq(deliveries.subscriberId, row.subscriberId), eq(deliveries.claimedAt, token));
        // Someone who unsubscribed after sending began gets nothing.
        if (row.subscriberStatus !== 'active') {
          await db.update(deliveries).set({ status: 'failed', retryAt: null, lastError: 'unsubscribed before sending' }).where(mine);
          continue;
        }
        await pace();
        if (Date.now() > giveUpAt) {
          queue.unshift(row);
          break;
        }
        try {
          await transport.send(await issueFor(row.locale), detail.campaign, { id: row.subscriberId, email: row.email }, () =>
            claimStillHeld(
              markEnding(row.subscriberId, token, acked).then((held) => {
                acked = [];
                return held;
              }),
            ),
          );
          acked.push(row.subscriberId);
        } catch (err) {
          if (err instanceof ClaimLost) continue;
          const e = err as SmtpError;
          const message = String((e as { response?: string }).response ?? e.message ?? 'error').slice(0, 300);
          if (mayHaveArrived(e)) {
            await db.update(deliveries).set({ status: 'uncertain', lastError: message }).where(mine);
            continue;
          }
          const retry = isTemporary(e) && row.attempts < MAX_ATTEMPTS;
          await db
            .update(deliveries)
            .set({ status: 'failed', lastError: message, retryAt: retry ? sql`now() + make_interval(secs => ${30 * 2 ** (row.attempts - 1)})` : null })
            .where(mine);
        }
      }
      if (acked.length) await markEnding(null, token, acked);
    };
    await Promise.all(Array.from({ length: Math.max(1, opts.concurrency) }, lane));
    // Rows this sender had no time for go back to the queue at once.
    if (queue.length)
      await db
        .update(deliveries)
        .set({ status: 'queued', attempts: sql`${deliveries.attempts} - 1` })
        .where(and(eq(deliveries.campaignId, id), eq(deliveries.status, 'claimed'), eq(deliveries.claimedAt, token), inArray(deliveries.subscriberId, queue.map((r) => r.subscriberId))));
  }
  const [pending] = await db
    .select({ n: count(), next: sql<string | null>`min(${deliveries.retryAt})` })
    .from(deliveries)
    .where(and(eq(deliveries.campaignId, id), or(inArray(deliveries.status, ['queued', 'claimed', 'ending']), and(eq(deliveries.status, 'failed'), sql`${deliveries.retryAt} IS NOT NULL`))));
  if (Number(pending!.n) === 0) {
    await db.update(campaigns).set({ status: 'sent', finishedAt: new Date() }).where(and(eq(campaigns.id, id), eq(campaigns.status, 'sending')));
    return null;
  }
  const next = pending!.next ? Math.max(1, Math.ceil((new Date(pending!.next).getTime() - Date.now()) / 1000)) : CLAIM_LEASE_S;
  return next;
}

/**
 * The dispatch job's handler. One sender per issue in a process: a resuming job that arrives while it sends
 * would otherwise double its connections and its rate; the running one comes back for whatever is left.
 */
export function dispatchJob(p: Platform) {
  const dispatching = new Set<string>();
  return async ({ id }: { id: string }) => {
    if (dispatching.has(id)) return;
    dispatching.add(id);
    const transport = campaignTransport(p, p.config.newsletter.concurrency);
    try {
      const again = await dispatch(p, id, p.config.newsletter, transport);
      // Retries are due later (or claims of a dead sender must expire first): come back then.
      if (again !== null) await p.jobs.send(DISPATCH_QUEUE, { id }, { startAfterSeconds: again, singletonKey: `${id}:dispatch:${Math.floor(Date.now() / 1000) + again}` });
    } finally {
      dispatching.delete(id);
      transport.close();
    }
  };
}

/** Sent issues for the public archive, newest first. */
export async function archive(db: DbOrTx, locale: Locale) {
  // Finished once is enough: an issue sending again to its uncertain recipients stays in the archive.
  const rows = await db.select().from(campaigns).where(isNotNull(campaigns.finishedAt)).orderBy(desc(campaigns.finishedAt));
  if (!rows.length) return [];
  const texts = await textsOf(db, rows);
  return rows.map((c) => ({
    slug: c.slug,
    sentAt: c.finishedAt ?? c.startedAt ?? c.createdAt,
    text: pickTranslation(
      texts.filter((x) => x.campaignId === c.id),
      locale,
      c.sourceLocale,
    )!,
  }));
}

export async function sentCampaignBySlug(db: DbOrTx, slug: string) {
  const [c] = await db.select().from(campaigns).where(and(eq(campaigns.slug, slug), isNotNull(campaigns.finishedAt)));
  return c ? getCampaign(db, c.id) : null;
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { z } from 'zod';
import type { Role } from '../access.js';
import type { DbOrTx } from '../db/index.js';
import { isLocale, type Translate } from '../i18n/index.js';
import type { Platform } from '../platform.js';
import { diffText, getRevision, listRevisions, revisionTracks, same, type Revision, type RevisionFields, type RevisionListItem, type RevisionState } from '../revisions.js';
import { HistoryPage, RevisionPage, trackParam, type RevisionView } from '../ui/revisions.js';
import { HttpError } from './errors.js';
import { pageParam } from './forms.js';

/** What a module tells the history pages about one kind of content (news, pages, documents…). */
export interface HistorySubject {
  /** The revisions' item type, e.g. "news". */
  itemType: string;
  /** The editor's address of the list, e.g. /editor/news; an item is at `${base}/:id`. */
  base: string;
  sectionLabelKey: string;
  roles: readonly Role[];
  /** Text fields in order, with their labels' catalogue keys. */
  textFields: Record<string, string>;
  settingsFields: Record<string, string>;
  /** The item's title (reader's language), source language, and current state per language and of its settings (key ''). */
  load(db: DbOrTx, id: string, t: Translate, locale: string): Promise<{ title: string; sourceLocale: string; current: Map<string | null, RevisionState> } | null>;
  /** Settings values as people read them: names rather than ids, labels rather than codes. */
  describeSettings(db: DbOrTx, fields: RevisionFields, t: Translate, locale: string): Promise<Record<string, string>>;
  /** Saves the revision's fields as a new revision; an error key when it cannot (e.g. it names something since deleted). */
  restore(p: Platform, id: string, revision: Revision, userId: string): Promise<{ ok: true } | { error: string }>;
}

const uuid = z.string().uuid();
const PAGE_SIZE = 50;

/**
 * The history of one kind of content: GET `${base}/:id/history?track=<locale|settings>` lists revisions,
 * GET `${base}/:id/history/:revision` shows one with its changes up to now, POST `…/restore` brings it back.
 */
export function historyRoutes(app: FastifyInstance, p: Platform, s: HistorySubject) {
  const access = { config: { access: { roles: s.roles } } };
  const db = () => p.database.db;

  const item = async (req: FastifyRequest) => {
    const id = (req.params as { id: string }).id;
    const found = uuid.safeParse(id).success ? await s.load(db(), id, req.t, req.locale) : null;
    if (!found) throw new HttpError(404, 'error.404.body');
    const tracks = new Set<string | null>([...found.current.keys(), ...(await revisionTracks(db(), s.itemType, id))]);
    // The original first, then the other languages, then the settings.
    const ordered = [...tracks].sort((a, b) => rank(a, found.sourceLocale) - rank(b, found.sourceLocale) || String(a).localeCompare(String(b)));
    const frame = { itemHref: `${s.base}/${id}`, sectionHref: s.base, sectionLabel: req.t(s.sectionLabelKey), title: found.title, tracks: ordered, sourceLocale: found.sourceLocale };
    return { id, found, frame };
  };
  const labels = (fields: Record<string, string>, t: Translate) => Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, t(v)]));

  app.get(`${s.base}/:id/history`, access, async (req, reply) => {
    const { id, found, frame } = await item(req);
    const q = req.query as Record<string, unknown>;
    const track = q.track === 'settings' ? null : isLocale(q.track) ? q.track : found.sourceLocale;
    const page = pageParam(q.page);
    const { items, total } = await listRevisions(db(), s.itemType, id, track, page, PAGE_SIZE);
    const notice = q.notice === 'restored' ? 'restored' : null;
    return reply.page(h(HistoryPage, { frame, track, items, total, page, pageSize: PAGE_SIZE, fieldLabels: labels(track === null ? s.settingsFields : s.textFields, req.t), notice }));
  });

  const revisionView = async (req: FastifyRequest, revision: RevisionListItem, current: RevisionState | undefined): Promise<RevisionView> => {
    if (revision.locale === null) {
      const then = await s.describeSettings(db(), revision.fields, req.t, req.locale);
      const now = current ? await s.describeSettings(db(), current.fields, req.t, req.locale) : {};
      const settings = Object.entries(s.settingsFields).map(([name, key]) => ({ name, label: req.t(key), then: then[name] ?? '', now: now[name] ?? '' }));
      return { revision, texts: [], settings, differs: !current || Object.keys(s.settingsFields).some((k) => !same(revision.fields[k], current.fields[k])) };
    }
    const texts = Object.entries(s.textFields).map(([name, key]) => {
      const value = String(revision.fields[name] ?? '');
      return { name, label: req.t(key), value, diff: diffText(value, String(current?.fields[name] ?? ''), revision.locale!) };
    });
    return { revision, texts, settings: [], differs: !current || Object.keys(s.textFields).some((k) => !same(revision.fields[k], current.fields[k])) };
  };

  const revisionOf = async (req: FastifyRequest, id: string) => {
    const revId = (req.params as { revision: string }).revision;
    const revision = uuid.safeParse(revId).success ? await getRevision(db(), s.itemType, id, revId) : null;
    if (!revision) throw new HttpError(404, 'error.404.body');
    return revision;
  };

  app.get(`${s.base}/:id/history/:revision`, access, async (req, reply) => {
    const { id, found, frame } = await item(req);
    const revision = await revisionOf(req, id);
    const view = await revisionView(req, revision, found.current.get(revision.locale));
    return reply.page(h(RevisionPage, { frame, view }));
  });

  app.post(`${s.base}/:id/history/:revision/restore`, access, async (req, reply) => {
    const { id, found, frame } = await item(req);
    const revision = await revisionOf(req, id);
    const r = await s.restore(p, id, revision, req.principal!.id);
    if ('error' in r) {
      const view = await revisionView(req, revision, found.current.get(revision.locale));
      return reply.page(h(RevisionPage, { frame, view, error: r.error }), { status: 409 });
    }
    return reply.redirect(`${s.base}/${id}/history?track=${trackParam(revision.locale)}&notice=restored`, 303);
  });
}

const rank = (track: string | null, sourceLocale: string) => (track === sourceLocale ? 0 : track === null ? 2 : 1);

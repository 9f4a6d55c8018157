import type { ComponentChildren } from 'preact';
import { LOCALE_NAMES, isLocale } from '../i18n/index.js';
import type { DiffPart, RevisionListItem } from '../revisions.js';
import { Alert, Breadcrumbs, Button, Form, Pagination, Table, Tabs } from './components.js';
import { usePage } from './context.js';
import { Layout } from './layout.js';

/** Where a history page sits: the item, its editor and the list it belongs to. */
export interface HistoryFrame {
  /** e.g. /editor/news/<id> */
  itemHref: string;
  sectionHref: string;
  sectionLabel: string;
  title: string;
  /** Languages with a text, and null for the settings. */
  tracks: (string | null)[];
  sourceLocale: string;
}

export const trackParam = (track: string | null) => track ?? 'settings';
const languageName = (l: string) => (isLocale(l) ? LOCALE_NAMES[l] : l);

function useTrackLabel() {
  const { t } = usePage();
  return (track: string | null, sourceLocale: string) => (track === null ? t('revisions.settings') : track === sourceLocale ? `${languageName(track)} · ${t('revisions.original')}` : languageName(track));
}

function Frame(props: { frame: HistoryFrame; track: string | null; crumb?: string; heading: string; children: ComponentChildren }) {
  const { t } = usePage();
  const f = props.frame;
  const label = useTrackLabel();
  const historyHref = `${f.itemHref}/history?track=${trackParam(props.track)}`;
  return (
    <Layout title={`${props.heading} · ${f.title}`}>
      <Breadcrumbs
        items={[
          { href: f.sectionHref, label: f.sectionLabel },
          { href: f.itemHref, label: f.title },
          ...(props.crumb ? [{ href: historyHref, label: t('revisions.title') }, { label: props.crumb }] : [{ label: t('revisions.title') }]),
        ]}
      />
      <h1>
        {props.heading} <span class="revision-heading__item">· {f.title}</span>
      </h1>
      <Tabs label={t('revisions.tracks')} items={f.tracks.map((tr) => ({ href: `${f.itemHref}/history?track=${trackParam(tr)}`, label: label(tr, f.sourceLocale), current: tr === props.track }))} />
      {props.children}
    </Layout>
  );
}

function ActionLabel({ r }: { r: RevisionListItem }) {
  const { t } = usePage();
  if (r.action === 'restored') return <>{t('revisions.action.restored', { number: r.restoredFrom ?? 0 })}</>;
  return <>{t(`revisions.action.${r.action}`)}</>;
}

/** An item's history in one language (or of its settings), newest first. */
export function HistoryPage(props: { frame: HistoryFrame; track: string | null; items: RevisionListItem[]; total: number; page: number; pageSize: number; fieldLabels: Record<string, string>; notice?: string | null }) {
  const { t, formatDate } = usePage();
  const label = useTrackLabel();
  const href = (n: number) => `${props.frame.itemHref}/history?track=${trackParam(props.track)}&page=${n}`;
  return (
    <Frame frame={props.frame} track={props.track} heading={t('revisions.title')}>
      {props.notice && (
        <Alert kind="success">
          <p>{t(`revisions.notice.${props.notice}`)}</p>
        </Alert>
      )}
      <p>{t('revisions.lead')}</p>
      <Table
        caption={`${t('revisions.title')}: ${label(props.track, props.frame.sourceLocale)}`}
        rows={props.items}
        empty={t('revisions.none')}
        columns={[
          { header: t('revisions.number'), numeric: true, cell: (r) => <a href={`${props.frame.itemHref}/history/${r.id}`}>{t('revisions.numbered', { number: r.number })}</a> },
          { header: t('revisions.when'), cell: (r) => <time dateTime={r.createdAt.toISOString()}>{formatDate(r.createdAt, 'datetime')}</time> },
          { header: t('revisions.who'), cell: (r) => r.authorName ?? t('revisions.unknownAuthor') },
          { header: t('revisions.what'), cell: (r) => <ActionLabel r={r} /> },
          {
            header: t('revisions.changed'),
            cell: (r) =>
              r.action === 'earlier' || r.action === 'created' ? '—' : r.changed.length ? r.changed.map((c) => props.fieldLabels[c] ?? c).join(', ') : t('revisions.confirmed'),
          },
        ]}
      />
      <Pagination page={props.page} pageSize={props.pageSize} total={props.total} href={href} />
    </Frame>
  );
}

/** Word-level changes, marked with <del> and <ins> (and said in words for screen readers). */
export function Diff({ parts, lang }: { parts: DiffPart[]; lang?: string }) {
  const { t } = usePage();
  return (
    <div class="diff" lang={lang}>
      {parts.map((p, i) =>
        p.kind === 'added' ? (
          <ins key={i}>
            <span class="visually-hidden">[{t('revisions.added')}: </span>
            {p.value}
            <span class="visually-hidden">]</span>
          </ins>
        ) : p.kind === 'removed' ? (
          <del key={i}>
            <span class="visually-hidden">[{t('revisions.removed')}: </span>
            {p.value}
            <span class="visually-hidden">]</span>
          </del>
        ) : (
          <span key={i}>{p.value}</span>
        ),
      )}
    </div>
  );
}

export interface RevisionView {
  revision: RevisionListItem;
  /** Text fields: the field as saved in the revision and its changes up to the current text. */
  texts: { name: string; label: string; value: string; diff: DiffPart[] }[];
  /** Settings: the value in the revision and now, as people read them. */
  settings: { name: string; label: string; then: string; now: string }[];
  /** False when the revision is the current state. */
  differs: boolean;
}

/** One revision: what it held, what changed since, and a button to bring it back. */
export function RevisionPage(props: { frame: HistoryFrame; view: RevisionView; error?: string | null }) {
  const { t, formatDate } = usePage();
  const { revision: r, texts, settings, differs } = props.view;
  const title = t('revisions.numbered', { number: r.number });
  const lang = r.locale ?? undefined;
  return (
    <Frame frame={props.frame} track={r.locale} heading={title} crumb={title}>
      {props.error && (
        <Alert kind="error">
          <p>{t(props.error)}</p>
        </Alert>
      )}
      <p>
        <time dateTime={r.createdAt.toISOString()}>{formatDate(r.createdAt, 'datetime')}</time> · {r.authorName ?? t('revisions.unknownAuthor')} · <ActionLabel r={r} />
      </p>
      {r.locale !== null && (
        <>
          <h2>{t('revisions.changesSince')}</h2>
          {differs ? (
            <>
              <p class="diff-legend">
                <del>{t('revisions.removedLegend')}</del> <ins>{t('revisions.addedLegend')}</ins>
              </p>
              {texts.map((f) => (
                <section key={f.name} aria-labelledby={`diff-${f.name}`}>
                  <h3 id={`diff-${f.name}`}>{f.label}</h3>
                  <Diff parts={f.diff} lang={lang} />
                </section>
              ))}
            </>
          ) : (
            <p>{t('revisions.same')}</p>
          )}
          <h2>{t('revisions.asSaved')}</h2>
          {texts.map((f) => (
            <section key={f.name} aria-labelledby={`saved-${f.name}`}>
              <h3 id={`saved-${f.name}`}>{f.label}</h3>
              <div class="revision-text" lang={lang}>
                {f.value || '—'}
              </div>
            </section>
          ))}
        </>
      )}
      {r.locale === null && (
        <Table
          caption={t('revisions.settings')}
          rows={settings}
          columns={[
            { header: t('revisions.field'), cell: (s) => s.label },
            { header: t('revisions.then'), cell: (s) => (s.then === s.now ? s.then : <del>{s.then}</del>) },
            { header: t('revisions.now'), cell: (s) => (s.then === s.now ? s.now : <ins>{s.now}</ins>) },
          ]}
        />
      )}
      {differs && (
        <Form action={`${props.frame.itemHref}/history/${r.id}/restore`}>
          <p>{t('revisions.restoreHint')}</p>
          <Button>{t('revisions.restore')}</Button>
        </Form>
      )}
    </Frame>
  );
}

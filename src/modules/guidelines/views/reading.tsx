import type { ComponentChildren } from 'preact';
import { nameIn } from '../../../platform/i18n/index.js';
import type { DiffPart } from '../../../platform/revisions.js';
import { Alert, Breadcrumbs, Button, Facts, Form, SelectField } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { Layout } from '../../../platform/ui/layout.js';
import { renderMarkdown } from '../../../platform/ui/markdown.js';
import { Diff } from '../../../platform/ui/revisions.js';
import { TranslationNotice, textIn } from '../../../platform/ui/translation-notice.js';
import type { Picked } from '../../../platform/translations.js';
import type { PartChange, RecommendationChange, RecommendationSide, VersionDiff } from '../diff.js';
import type { TeachingLesson } from '../lesson-links.js';
import type { VersionStatus } from '../schema.js';
import { guidelinePath, versionPath, type DisplayRecommendation, type DisplayVersion, type GuidelineListItem, type RecommendationPage as RecommendationData } from '../service.js';

/** Organisation types by code, with their names per language (from the `organisation_types` catalogue). */
export type TypeNames = Record<string, Record<string, string>>;

/** A public version as the guideline's pages list it. */
export interface PublicVersion {
  label: string;
  status: VersionStatus;
  publishedAt: Date | null;
  supersededAt: Date | null;
  consultationStartsOn: string | null;
  consultationEndsOn: string | null;
  changeNote: Picked<{ changeNote: string }> | null;
}

const day = (s: string) => new Date(`${s}T12:00:00Z`);
export const pdfPath = (slug: string, label: string) => `${versionPath(slug, label)}.pdf`;
export const diffPath = (slug: string, from?: string, to?: string) => `${guidelinePath(slug)}/diff${from && to ? `?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}` : ''}`;

function useNames(typeNames: TypeNames) {
  const { t, locale } = usePage();
  return {
    role: (r: string) => t(`guidelines.role.${r}`),
    type: (c: string) => nameIn(typeNames[c], locale, c),
    step: (s: string) => t(`guidelines.step.${s}`),
    strength: (s: string) => t(`guidelines.strength.${s}`),
    evidence: (e: string | null) => (e ? t(`guidelines.level.${e}`) : t('guidelines.level.none')),
  };
}

/** Markdown from editors, through the platform's renderer (raw HTML is escaped, unsafe links refused). */
function Markdown({ text, picked }: { text: string; picked: Picked<unknown> }) {
  const { locale } = usePage();
  if (!text.trim()) return null;
  return <div class="prose" {...textIn(picked.locale, locale)} dangerouslySetInnerHTML={{ __html: renderMarkdown(text) }} />;
}

function StatusBadge({ status }: { status: VersionStatus }) {
  const { t } = usePage();
  return <span class={`badge${status === 'consultation' ? ' badge--warning' : ''}`}>{t(`guidelines.status.${status}`)}</span>;
}

function VersionDates({ v }: { v: Pick<PublicVersion, 'status' | 'publishedAt' | 'supersededAt' | 'consultationStartsOn' | 'consultationEndsOn'> }) {
  const { t, formatDate } = usePage();
  const parts: string[] = [];
  if (v.status === 'consultation' && v.consultationStartsOn && v.consultationEndsOn) parts.push(t('guidelines.dates.consultation', { start: formatDate(day(v.consultationStartsOn)), end: formatDate(day(v.consultationEndsOn)) }));
  if (v.publishedAt) parts.push(t('guidelines.dates.published', { date: formatDate(v.publishedAt) }));
  if (v.supersededAt) parts.push(t('guidelines.dates.superseded', { date: formatDate(v.supersededAt) }));
  return parts.length ? <>{parts.join(' · ')}</> : null;
}

const titleOf = (g: DisplayVersion['guideline']) => g.text?.value.title ?? g.slug;

// ---- The list ------------------------------------------------------------------------------------------

export interface GuidelineCard extends GuidelineListItem {
  /** The version open for public consultation, if any, with its last day. */
  consultation: { label: string; endsOn: string | null } | null;
}

export function GuidelinesPage({ items }: { items: GuidelineCard[] }) {
  const { t, locale, formatDate } = usePage();
  return (
    <Layout title={t('guidelines.title')}>
      <h1>{t('guidelines.title')}</h1>
      <p class="lead">{t('guidelines.list.lead')}</p>
      {items.length === 0 ? (
        <p>{t('guidelines.list.empty')}</p>
      ) : (
        <ul class="card-list guideline-list">
          {items.map((g) => (
            <li key={g.id}>
              <article class="card">
                <h2 class="card__title" {...(g.text ? textIn(g.text.locale, locale) : {})}>
                  <a href={guidelinePath(g.slug)}>{g.text?.value.title ?? g.slug}</a>
                </h2>
                {g.text && <TranslationNotice picked={g.text} />}
                {g.text?.value.summary && <p {...textIn(g.text.locale, locale)}>{g.text.value.summary}</p>}
                <p class="card__meta">
                  {g.current ? (
                    <>
                      <a href={versionPath(g.slug, g.current.label)}>{t('guidelines.currentVersion', { label: g.current.label })}</a>
                      {g.current.publishedAt && <> · {t('guidelines.dates.published', { date: formatDate(g.current.publishedAt) })}</>}
                    </>
                  ) : (
                    t('guidelines.noCurrent')
                  )}
                </p>
                {g.consultation && (
                  <p class="card__meta">
                    <StatusBadge status="consultation" />{' '}
                    <a href={versionPath(g.slug, g.consultation.label)}>
                      {g.consultation.endsOn ? t('guidelines.consultationUntil', { label: g.consultation.label, date: formatDate(day(g.consultation.endsOn)) }) : t('guidelines.consultationOpen', { label: g.consultation.label })}
                    </a>
                  </p>
                )}
              </article>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

// ---- A guideline's home ----------------------------------------------------------------------------------

function CompareForm({ slug, versions, from, to, error }: { slug: string; versions: PublicVersion[]; from?: string; to?: string; error?: string }) {
  const { t } = usePage();
  if (versions.length < 2) return null;
  const options = versions.map((v) => ({ value: v.label, label: `${v.label} · ${t(`guidelines.status.${v.status}`)}` }));
  return (
    <Form action={diffPath(slug)} method="get" class="filters" aria-label={t('guidelines.compare')}>
      <SelectField name="from" label={t('guidelines.compare.from')} value={from ?? versions[1]!.label} options={options} error={error} />
      <SelectField name="to" label={t('guidelines.compare.to')} value={to ?? versions[0]!.label} options={options} />
      <Button>{t('guidelines.compare.submit')}</Button>
    </Form>
  );
}

export function GuidelineHomePage({ display, versions }: { display: DisplayVersion; versions: PublicVersion[] }) {
  const { t, locale, formatDate } = usePage();
  const consultation = versions.find((x) => x.status === 'consultation');
  const g = display.guideline;
  const v = display.version;
  const title = titleOf(g);
  return (
    <Layout title={title}>
      <Breadcrumbs items={[{ href: '/guidelines', label: t('guidelines.title') }, { label: title }]} />
      <h1 {...(g.text ? textIn(g.text.locale, locale) : {})}>{title}</h1>
      {g.text && <TranslationNotice picked={g.text} />}
      {g.text?.value.summary && (
        <p class="lead" {...textIn(g.text.locale, locale)}>
          {g.text.value.summary}
        </p>
      )}
      {g.organisation && <p>{t('guidelines.issuedBy', { organisation: g.organisation.name })}</p>}
      <ul class="inline-list">
        <li>
          <a href={versionPath(g.slug, v.label)}>{t('guidelines.readVersion', { label: v.label })}</a>
        </li>
        <li>
          <a href={pdfPath(g.slug, v.label)} download>
            {t('guidelines.pdfOf', { label: v.label })}
          </a>
        </li>
        <li>
          <a href={`${guidelinePath(g.slug)}/adoption`}>{t('guidelines.adoption')}</a>
        </li>
        <li>
          <a href={`${guidelinePath(g.slug)}/endorsements`}>{t('guidelines.endorsements')}</a>
        </li>
      </ul>
      {v.status === 'consultation' && <ConsultationBanner slug={g.slug} endsOn={v.consultationEndsOn} />}
      {v.status === 'published' && consultation && (
        <Alert kind="info" title={t('guidelines.status.consultation')}>
          <p>
            <a href={versionPath(g.slug, consultation.label)}>
              {consultation.consultationEndsOn ? t('guidelines.consultationUntil', { label: consultation.label, date: formatDate(day(consultation.consultationEndsOn)) }) : t('guidelines.consultationOpen', { label: consultation.label })}
            </a>
          </p>
          <p>
            <a href={`${guidelinePath(g.slug)}/consultation`}>{t('guidelines.banner.comment')}</a>
          </p>
        </Alert>
      )}

      <section aria-labelledby="contents">
        <h2 id="contents">
          {t('guidelines.contents')} · {t('guidelines.version', { label: v.label })}
        </h2>
        <Contents display={display} />
      </section>

      <section aria-labelledby="versions">
        <h2 id="versions">{t('guidelines.versions')}</h2>
        <ol class="version-list" reversed>
          {versions.map((x) => (
            <li key={x.label}>
              <h3>
                <a href={versionPath(g.slug, x.label)}>{t('guidelines.version', { label: x.label })}</a> <StatusBadge status={x.status} />
              </h3>
              <p class="card__meta">
                <VersionDates v={x} /> · <a href={pdfPath(g.slug, x.label)}>PDF</a>
              </p>
              {x.changeNote?.value.changeNote && (
                <>
                  <TranslationNotice picked={x.changeNote} />
                  <Markdown text={x.changeNote.value.changeNote} picked={x.changeNote} />
                </>
              )}
            </li>
          ))}
        </ol>
        {versions.length > 1 && <h3>{t('guidelines.compare')}</h3>}
        <CompareForm slug={g.slug} versions={versions} />
      </section>
    </Layout>
  );
}

/** Chapters → sections → recommendations' identifiers and statements, each linked to its place in the version. */
function Contents({ display }: { display: DisplayVersion }) {
  const { locale } = usePage();
  const href = (anchor: string) => `${versionPath(display.guideline.slug, display.version.label)}#${anchor}`;
  return (
    <ol class="toc">
      {display.chapters.map((c) => (
        <li key={c.id}>
          <a href={href(c.key)} {...(c.text ? textIn(c.text.locale, locale) : {})}>
            {c.number}. {c.text?.value.title}
          </a>
          <ol>
            {c.sections.map((s) => (
              <li key={s.id}>
                <a href={href(s.key)} {...(s.text ? textIn(s.text.locale, locale) : {})}>
                  {s.number} {s.text?.value.title}
                </a>
                <ul class="toc__recommendations">
                  {s.recommendations.map((r) => (
                    <li key={r.id}>
                      <a href={href(r.identifier)}>
                        <strong>{r.identifier}</strong>
                      </a>{' '}
                      <span {...(r.text ? textIn(r.text.locale, locale) : {})}>{r.text?.value.statement}</span>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        </li>
      ))}
    </ol>
  );
}

function ConsultationBanner({ slug, endsOn, current }: { slug: string; endsOn: string | null; current?: { slug: string; label: string } | null }) {
  const { t, formatDate } = usePage();
  return (
    <Alert kind="info" title={t('guidelines.status.consultation')}>
      <p>{endsOn ? t('guidelines.banner.consultation', { date: formatDate(day(endsOn)) }) : t('guidelines.banner.consultationOpen')}</p>
      <p>
        <a href={`${guidelinePath(slug)}/consultation`}>{t('guidelines.banner.comment')}</a>
      </p>
      {current && (
        <p>
          <a href={versionPath(current.slug, current.label)}>{t('guidelines.banner.readCurrent', { label: current.label })}</a>
        </p>
      )}
    </Alert>
  );
}

function SupersededBanner({ current }: { current: { slug: string; label: string } | null }) {
  const { t } = usePage();
  return (
    <Alert kind="warning" title={t('guidelines.banner.superseded')}>
      {current && (
        <p>
          <a href={versionPath(current.slug, current.label)}>{t('guidelines.banner.readCurrent', { label: current.label })}</a>
        </p>
      )}
    </Alert>
  );
}

// ---- A version as a document ---------------------------------------------------------------------------

function Attributes({ r, typeNames }: { r: Pick<DisplayRecommendation, 'strength' | 'evidence' | 'roles' | 'organisationTypes' | 'steps'>; typeNames: TypeNames }) {
  const { t } = usePage();
  const n = useNames(typeNames);
  const addressees = [...r.roles.map(n.role), ...r.organisationTypes.map(n.type)];
  return (
    <Facts
      items={[
        [t('guidelines.strength'), n.strength(r.strength)],
        [t('guidelines.evidence'), n.evidence(r.evidence)],
        [t('guidelines.addressees'), addressees.join(', ')],
        [t('guidelines.steps'), r.steps.map(n.step).join(', ')],
      ]}
    />
  );
}

/** One recommendation: identifier, statement, attributes, rationale and its permalink. */
export function RecommendationBlock({ r, typeNames, heading = 'h4', permalink = true }: { r: DisplayRecommendation; typeNames: TypeNames; heading?: 'h2' | 'h4'; permalink?: boolean }) {
  const { t, locale } = usePage();
  const H = heading;
  const lang = r.text ? textIn(r.text.locale, locale) : {};
  return (
    <article class={`recommendation recommendation--${r.strength}`} id={r.identifier} aria-labelledby={`${r.identifier}-heading`}>
      <H id={`${r.identifier}-heading`} class="recommendation__heading">
        {t('guidelines.recommendation', { identifier: r.identifier })} <span class="recommendation__number">({r.number})</span>
      </H>
      {r.text && <TranslationNotice picked={r.text} />}
      <p class="recommendation__statement" {...lang}>
        <strong>{r.text?.value.statement}</strong>
      </p>
      <Attributes r={r} typeNames={typeNames} />
      {r.text?.value.rationale && (
        <details class="recommendation__rationale" open>
          <summary>{t('guidelines.rationale')}</summary>
          <Markdown text={r.text.value.rationale} picked={r.text} />
        </details>
      )}
      {permalink && (
        <p class="recommendation__permalink">
          <a href={r.permalink}>{t('guidelines.permalink')}</a>
        </p>
      )}
    </article>
  );
}

export function VersionPage({ display, current, previous, typeNames }: { display: DisplayVersion; current: { label: string } | null; previous: string | null; typeNames: TypeNames }) {
  const { t, locale } = usePage();
  const g = display.guideline;
  const v = display.version;
  const title = titleOf(g);
  const currentRef = current && current.label !== v.label ? { slug: g.slug, label: current.label } : null;
  return (
    <Layout title={`${title} · ${t('guidelines.version', { label: v.label })}`}>
      <Breadcrumbs items={[{ href: '/guidelines', label: t('guidelines.title') }, { href: guidelinePath(g.slug), label: title }, { label: t('guidelines.version', { label: v.label }) }]} />
      <header class="guideline-header">
        <h1 {...(g.text ? textIn(g.text.locale, locale) : {})}>{title}</h1>
        <p class="lead">
          {t('guidelines.version', { label: v.label })} <StatusBadge status={v.status} />
        </p>
        <p class="card__meta">
          <VersionDates v={v} />
          {g.organisation && <> · {t('guidelines.issuedBy', { organisation: g.organisation.name })}</>}
        </p>
        <ul class="inline-list">
          <li>
            <a href={pdfPath(g.slug, v.label)} download>
              {t('guidelines.pdfOf', { label: v.label })}
            </a>
          </li>
          {previous && (
            <li>
              <a href={diffPath(g.slug, previous, v.label)}>{t('guidelines.changesSince', { label: previous })}</a>
            </li>
          )}
        </ul>
      </header>
      {v.status === 'superseded' && <SupersededBanner current={currentRef} />}
      {v.status === 'consultation' && <ConsultationBanner slug={g.slug} endsOn={v.consultationEndsOn} current={currentRef} />}
      {v.changeNote?.value.changeNote && (
        <section aria-labelledby="change-note">
          <h2 id="change-note">{t('guidelines.changeNote')}</h2>
          <TranslationNotice picked={v.changeNote} />
          <Markdown text={v.changeNote.value.changeNote} picked={v.changeNote} />
        </section>
      )}
      <nav aria-labelledby="contents">
        <h2 id="contents">{t('guidelines.contents')}</h2>
        <Contents display={display} />
      </nav>
      {display.chapters.map((c) => (
        <section key={c.id} id={c.key} class="guideline-chapter" aria-labelledby={`${c.key}-heading`}>
          <h2 id={`${c.key}-heading`} {...(c.text ? textIn(c.text.locale, locale) : {})}>
            {c.number}. {c.text?.value.title}
          </h2>
          {c.text && <TranslationNotice picked={c.text} />}
          {c.text && <Markdown text={c.text.value.intro} picked={c.text} />}
          {c.sections.map((s) => (
            <section key={s.id} id={s.key} class="guideline-section" aria-labelledby={`${s.key}-heading`}>
              <h3 id={`${s.key}-heading`} {...(s.text ? textIn(s.text.locale, locale) : {})}>
                {s.number} {s.text?.value.title}
              </h3>
              {s.text && <TranslationNotice picked={s.text} />}
              {s.text && <Markdown text={s.text.value.intro} picked={s.text} />}
              {s.recommendations.map((r) => (
                <RecommendationBlock key={r.id} r={r} typeNames={typeNames} />
              ))}
            </section>
          ))}
        </section>
      ))}
    </Layout>
  );
}

// ---- A recommendation's permalink -------------------------------------------------------------------------

export type CareStep = { code: string; version: string; title: Record<string, string>; validated: boolean; band: Record<string, string> };

export function RecommendationPage({ page, citation, lessons, care, current, typeNames }: { page: RecommendationData; citation: string; lessons: TeachingLesson[]; care: CareStep[]; current: { label: string } | null; typeNames: TypeNames }) {
  const { t, locale } = usePage();
  const g = page.guideline;
  const v = page.version;
  const r = page.recommendation;
  const n = useNames(typeNames);
  const title = titleOf(g);
  const heading = t('guidelines.recommendation', { identifier: r.identifier });
  const currentRef = current && current.label !== v.label ? { slug: g.slug, label: current.label } : null;
  const cite = `${r.permalink}/cite`;
  return (
    <Layout title={`${heading} · ${title} ${v.label}`} head={<link rel="canonical" href={r.permalink} />}>
      <Breadcrumbs
        items={[
          { href: '/guidelines', label: t('guidelines.title') },
          { href: guidelinePath(g.slug), label: title },
          { href: versionPath(g.slug, v.label), label: t('guidelines.version', { label: v.label }) },
          { label: r.identifier },
        ]}
      />
      {v.status === 'superseded' && <SupersededBanner current={currentRef} />}
      {v.status === 'consultation' && <ConsultationBanner slug={g.slug} endsOn={v.consultationEndsOn} current={currentRef} />}
      <p class="card__meta">
        <a href={`${versionPath(g.slug, v.label)}#${page.chapter.key}`} {...(page.chapter.text ? textIn(page.chapter.text.locale, locale) : {})}>
          {page.chapter.number}. {page.chapter.text?.value.title}
        </a>{' '}
        ›{' '}
        <a href={`${versionPath(g.slug, v.label)}#${page.section.key}`} {...(page.section.text ? textIn(page.section.text.locale, locale) : {})}>
          {page.section.number} {page.section.text?.value.title}
        </a>
      </p>
      <h1>
        {heading} <span class="recommendation__number">· {t('guidelines.version', { label: v.label })}</span>
      </h1>
      <RecommendationBlock r={r} typeNames={typeNames} heading="h2" permalink={false} />

      <section aria-labelledby="cite">
        <h2 id="cite">{t('guidelines.cite.title')}</h2>
        <p class="field__hint" id="cite-hint">
          {t('guidelines.cite.hint')}
        </p>
        <blockquote class="citation" aria-describedby="cite-hint">
          <p>{citation}</p>
        </blockquote>
        <ul class="inline-list">
          <li>
            <a href={`${cite}.ris`}>{t('guidelines.cite.ris')}</a>
          </li>
          <li>
            <a href={`${cite}.bib`}>{t('guidelines.cite.bib')}</a>
          </li>
        </ul>
      </section>

      <section aria-labelledby="steps">
        <h2 id="steps">{t('guidelines.steps')}</h2>
        <ol class="pathway">
          {r.steps.map((s) => (
            <li key={s}>{n.step(s)}</li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="lessons">
        <h2 id="lessons">{t('guidelines.lessons')}</h2>
        {lessons.length === 0 ? (
          <p>{t('guidelines.lessons.none')}</p>
        ) : (
          <ul class="lesson-links">
            {lessons.map((l) => (
              <li key={l.lessonId}>
                <a href={l.href} {...(l.title ? textIn(l.title.locale, locale) : {})}>
                  {l.title?.value.title ?? l.course.slug}
                </a>{' '}
                <span class="card__meta">
                  ({t('guidelines.lessonIn')}{' '}
                  <a href={l.courseHref} {...(l.course.title ? textIn(l.course.title.locale, locale) : {})}>
                    {l.course.title?.value.title ?? l.course.slug}
                  </a>
                  )
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="care-steps">
        <h2 id="care-steps">{t('guidelines.care.title')}</h2>
        {care.length === 0 ? (
          <p>{t('guidelines.care.none')}</p>
        ) : (
          <ul>
            {care.map((c) => (
              <li key={`${c.code}-${c.version}-${nameIn(c.band, 'en', '')}`}>
                {t('guidelines.care.screening', { instrument: `${nameIn(c.title, locale, c.code)} (${c.version})`, band: nameIn(c.band, locale, '') })}
                {!c.validated && ` ${t('guidelines.care.notValidated')}`}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="other-versions">
        <h2 id="other-versions">{t('guidelines.otherVersions')}</h2>
        {page.otherVersions.filter((o) => o.status !== 'draft').length === 0 ? (
          <p>{t('guidelines.otherVersions.none')}</p>
        ) : (
          <ul>
            {page.otherVersions
              .filter((o) => o.status !== 'draft')
              .map((o) => (
                <li key={o.label}>
                  <a href={`${versionPath(g.slug, o.label)}/recommendations/${r.identifier}`}>{t('guidelines.version', { label: o.label })}</a> <StatusBadge status={o.status} />
                </li>
              ))}
          </ul>
        )}
      </section>
    </Layout>
  );
}

// ---- Comparing versions -----------------------------------------------------------------------------------

function Side({ side, typeNames }: { side: RecommendationSide; typeNames: TypeNames }) {
  return <Attributes r={side} typeNames={typeNames} />;
}

function FieldChange({ c, typeNames }: { c: RecommendationChange; typeNames: TypeNames }) {
  const { t } = usePage();
  const n = useNames(typeNames);
  const b = c.before!;
  const a = c.after!;
  const list = (xs: string[]) => xs.join(', ');
  const lang = a.text?.locale ?? b.text?.locale;
  const rows: [string, ComponentChildren][] = [];
  for (const f of c.fields) {
    if (f === 'statement') rows.push([t('guidelines.diff.field.statement'), <Diff parts={c.statement} lang={lang} />]);
    else if (f === 'rationale') rows.push([t('guidelines.diff.field.rationale'), <Diff parts={c.rationale} lang={lang} />]);
    else if (f === 'strength') rows.push([t('guidelines.strength'), <Changed before={n.strength(b.strength)} after={n.strength(a.strength)} />]);
    else if (f === 'evidence') rows.push([t('guidelines.evidence'), <Changed before={n.evidence(b.evidence)} after={n.evidence(a.evidence)} />]);
    else if (f === 'addressees') rows.push([t('guidelines.addressees'), <Changed before={list([...b.roles.map(n.role), ...b.organisationTypes.map(n.type)])} after={list([...a.roles.map(n.role), ...a.organisationTypes.map(n.type)])} />]);
    else if (f === 'steps') rows.push([t('guidelines.steps'), <Changed before={list(b.steps.map(n.step))} after={list(a.steps.map(n.step))} />]);
    else if (f === 'moved') rows.push([t('guidelines.diff.field.moved'), t('guidelines.diff.movedFrom', { from: `${b.section.number} ${b.section.title}`, to: `${a.section.number} ${a.section.title}` })]);
  }
  return <Facts items={rows} />;
}

function Changed({ before, after }: { before: string; after: string }) {
  const parts: DiffPart[] = [
    { kind: 'removed', value: before },
    { kind: 'same', value: ' → ' },
    { kind: 'added', value: after },
  ];
  return <Diff parts={parts} />;
}

function PartList({ title, parts }: { title: string; parts: PartChange[] }) {
  const { t } = usePage();
  const changed = parts.filter((p) => p.change !== 'unchanged' || p.moved || p.introChanged);
  if (!changed.length) return null;
  return (
    <section>
      <h3>{title}</h3>
      <ul class="diff-parts">
        {changed.map((p) => (
          <li key={p.key}>
            <span class="badge">{t(`guidelines.diff.part.${p.change === 'unchanged' ? (p.moved ? 'moved' : 'introChanged') : p.change}`)}</span>{' '}
            {p.change === 'renamed' ? (
              <>
                {p.after!.number} <Diff parts={p.title} />
              </>
            ) : (
              <>
                {(p.after ?? p.before)!.number} {(p.after ?? p.before)!.title}
              </>
            )}
            {p.change !== 'unchanged' && p.moved && <> · {t('guidelines.diff.part.moved')}</>}
            {p.change !== 'unchanged' && p.introChanged && <> · {t('guidelines.diff.part.introChanged')}</>}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function DiffPage({ guideline, versions, from, to, diff, error, typeNames }: { guideline: { slug: string; title: string }; versions: PublicVersion[]; from: string; to: string; diff: VersionDiff | null; error?: string; typeNames: TypeNames }) {
  const { t } = usePage();
  const heading = diff ? t('guidelines.diff.title', { from: diff.from.label, to: diff.to.label }) : t('guidelines.compare');
  const shown = diff?.recommendations.filter((c) => c.change !== 'unchanged') ?? [];
  return (
    <Layout title={`${heading} · ${guideline.title}`}>
      <Breadcrumbs items={[{ href: '/guidelines', label: t('guidelines.title') }, { href: guidelinePath(guideline.slug), label: guideline.title }, { label: t('guidelines.compare') }]} />
      <h1>{heading}</h1>
      {error && <Alert kind="error">{t(error)}</Alert>}
      <CompareForm slug={guideline.slug} versions={versions} from={from} to={to} error={error} />
      {diff && (
        <>
          <section aria-labelledby="diff-summary">
            <h2 id="diff-summary">{t('guidelines.diff.summary')}</h2>
            <ul class="diff-counts">
              <li>{t('guidelines.diff.added', { count: diff.counts.added })}</li>
              <li>{t('guidelines.diff.removed', { count: diff.counts.removed })}</li>
              <li>{t('guidelines.diff.changed', { count: diff.counts.changed })}</li>
              <li>{t('guidelines.diff.moved', { count: diff.counts.moved })}</li>
              <li>{t('guidelines.diff.unchanged', { count: diff.counts.unchanged })}</li>
            </ul>
            <p class="diff-legend">
              <del>{t('revisions.removedLegend')}</del> <ins>{t('revisions.addedLegend')}</ins>
            </p>
          </section>
          <PartList title={t('guidelines.diff.chapters')} parts={diff.chapters} />
          <PartList title={t('guidelines.diff.sections')} parts={diff.sections} />
          <section aria-labelledby="diff-recommendations">
            <h2 id="diff-recommendations">{t('guidelines.diff.recommendations')}</h2>
            {shown.length === 0 && <p>{t('guidelines.diff.none')}</p>}
            {shown.map((c) => {
              const side = c.after ?? c.before!;
              const link = `${versionPath(guideline.slug, c.after ? diff.to.label : diff.from.label)}/recommendations/${c.identifier}`;
              return (
                <article key={c.identifier} class={`diff-recommendation diff-recommendation--${c.change}`} id={c.identifier} aria-labelledby={`${c.identifier}-heading`}>
                  <h3 id={`${c.identifier}-heading`}>
                    <a href={link}>{t('guidelines.recommendation', { identifier: c.identifier })}</a> <span class="badge">{t(`guidelines.diff.change.${c.change}`)}</span> <span class="recommendation__number">({side.number})</span>
                  </h3>
                  {side.text && <TranslationNotice picked={side.text} />}
                  {c.change === 'changed' ? (
                    <FieldChange c={c} typeNames={typeNames} />
                  ) : (
                    <>
                      <Diff parts={c.statement} lang={side.text?.locale} />
                      <Side side={side} typeNames={typeNames} />
                    </>
                  )}
                </article>
              );
            })}
          </section>
        </>
      )}
    </Layout>
  );
}

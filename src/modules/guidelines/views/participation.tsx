import type { ComponentChildren } from 'preact';
import type { FormValues } from '../../../platform/http/forms.js';
import { Alert, Breadcrumbs, Button, ButtonLink, ErrorSummary, Field, Form, RadioGroup, SelectField, TextAreaField, queryHref, type FieldErrors } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { Layout } from '../../../platform/ui/layout.js';
import { langAttr } from '../../../platform/ui/translation-notice.js';
import type { Picked } from '../../../platform/translations.js';
import { ADOPTION_STATUSES, COMMENT_STATUSES, PATHWAY_STEPS, type AdoptionStatus, type CommentStatus } from '../schema.js';
import { ALL, HEAT_SCALE, assessmentField, heatStep, type AssessmentRow, type Cell, type EndorsementItem, type HeatMap, type OrganisationSummary, type RegionalView } from '../adoption.js';
import { ANSWER_MAX, COMMENT_MAX, type PublicComment } from '../consultation.js';
import { EVIDENCE_MAX, STATEMENT_MAX } from '../adoption.js';

/** A recommendation as these pages show it. */
export interface RecItem {
  id: string;
  identifier: string;
  number: string;
  statement: Picked<{ statement: string }> | null;
  permalink: string;
  steps: string[];
}

export interface GuidelineHead {
  slug: string;
  title: string;
}

const base = (slug: string) => `/guidelines/${slug}`;
function Statement({ rec }: { rec: RecItem }) {
  const { locale } = usePage();
  if (!rec.statement) return null;
  return <span lang={langAttr(rec.statement, locale)}>{rec.statement.value.statement}</span>;
}

/** The navigation between a guideline's participation pages. */
function ParticipationNav({ slug, current }: { slug: string; current: 'consultation' | 'adoption' | 'endorsements' }) {
  const { t } = usePage();
  const items = [
    { key: 'consultation', href: `${base(slug)}/consultation`, label: t('guidelines.participation.consultation') },
    { key: 'adoption', href: `${base(slug)}/adoption`, label: t('guidelines.participation.adoption') },
    { key: 'endorsements', href: `${base(slug)}/endorsements`, label: t('guidelines.participation.endorsements') },
  ];
  return (
    <nav class="tabs" aria-label={t('guidelines.participation.nav')}>
      <ul>
        {items.map((i) => (
          <li key={i.key}>
            <a href={i.href} aria-current={i.key === current ? 'page' : undefined}>
              {i.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Frame(props: { guideline: GuidelineHead; title: string; current: 'consultation' | 'adoption' | 'endorsements'; crumbs?: { href?: string; label: string }[]; heatMap?: boolean; children: ComponentChildren }) {
  const { t } = usePage();
  const g = props.guideline;
  return (
    <Layout title={`${props.title} · ${g.title}`}>
      <Breadcrumbs items={[{ href: '/guidelines', label: t('guidelines.title') }, { href: base(g.slug), label: g.title }, ...(props.crumbs ?? [{ label: props.title }])]} />
      <ParticipationNav slug={g.slug} current={props.current} />
      {props.children}
    </Layout>
  );
}

// ---- Consultation ----------------------------------------------------------------------------------------

const statusLabel = (t: (k: string) => string, s: CommentStatus) => t(`guidelines.participation.commentStatus.${s}`);

function CommentItem({ c }: { c: PublicComment }) {
  const { t, formatDate } = usePage();
  return (
    <li class="comment" id={`comment-${c.id}`}>
      <p class="comment__meta">
        {c.organisation ?? t('guidelines.participation.individual')} · <time dateTime={c.createdAt.toISOString()}>{formatDate(c.createdAt)}</time> · <strong>{statusLabel(t, c.status)}</strong>
      </p>
      <p class="preserve-lines" lang={c.locale}>
        {c.body}
      </p>
      {c.answer && (
        <div class="comment__answer">
          <p>
            <strong>{t('guidelines.participation.answer')}</strong>
            {c.answeredAt && (
              <>
                {' '}
                · <time dateTime={c.answeredAt.toISOString()}>{formatDate(c.answeredAt)}</time>
              </>
            )}
          </p>
          <p class="preserve-lines">{c.answer}</p>
        </div>
      )}
    </li>
  );
}

export function ConsultationPage(props: {
  guideline: GuidelineHead;
  version: { label: string; endsOn: string | null };
  recommendations: RecItem[];
  comments: PublicComment[];
  /** For signed-in visitors: the organisations they may speak for. Null for anonymous visitors. */
  form: { organisations: { id: string; name: string }[]; values: FormValues; errors: FieldErrors } | null;
  notice?: string | null;
  canManage: boolean;
  versionId: string;
  /** False when the page shows the record of a consultation that has closed: no comment form then. */
  open: boolean;
}) {
  const { t, formatNumber } = usePage();
  const byRec = new Map<string, PublicComment[]>();
  for (const c of props.comments) byRec.set(c.recommendationId, [...(byRec.get(c.recommendationId) ?? []), c]);
  const slug = props.guideline.slug;
  const title = t('guidelines.participation.consultationTitle', { label: props.version.label });
  return (
    <Frame guideline={props.guideline} title={title} current="consultation">
      <h1>{title}</h1>
      {props.open ? <p>{t('guidelines.participation.consultationIntro', { endsOn: props.version.endsOn ?? '' })}</p> : <Alert kind="info"><p>{t('guidelines.participation.consultationClosed', { label: props.version.label })}</p></Alert>}
      <p>{t('guidelines.participation.commentsCount', { count: props.comments.length })}</p>
      {props.canManage && (
        <p>
          <a href={queryHref('/guidelines/manage/comments', { version: props.versionId })}>{t('guidelines.participation.manageComments')}</a>
        </p>
      )}
      {props.notice === 'commented' && (
        <Alert kind="success">
          <p>{t('guidelines.participation.commented')}</p>
        </Alert>
      )}
      <ol class="consultation">
        {props.recommendations.map((r) => {
          const list = byRec.get(r.id) ?? [];
          return (
            <li key={r.id} id={`rec-${r.identifier}`} class="consultation__recommendation">
              <h2>
                <a href={r.permalink}>
                  {r.number} · {r.identifier}
                </a>
              </h2>
              <p>
                <Statement rec={r} />
              </p>
              <h3>{t('guidelines.participation.commentsOn', { identifier: r.identifier, count: list.length })}</h3>
              {list.length ? <ul class="comments">{list.map((c) => <CommentItem key={c.id} c={c} />)}</ul> : <p>{t('guidelines.participation.noComments')}</p>}
              {props.form && (
                <p>
                  <a href={`${queryHref(`${base(slug)}/consultation`, { recommendation: r.identifier })}#comment-form`}>{t('guidelines.participation.commentOn', { identifier: r.identifier })}</a>
                </p>
              )}
            </li>
          );
        })}
      </ol>
      {props.open && (
        <section id="comment-form" aria-labelledby="comment-form-title">
          <h2 id="comment-form-title">{t('guidelines.participation.writeComment')}</h2>
          {props.form ? (
            <>
              <ErrorSummary errors={props.form.errors} />
              <Form action={`${base(slug)}/consultation`}>
                <input type="hidden" name="version" value={props.version.label} />
                <SelectField
                  name="recommendation"
                  label={t('guidelines.participation.recommendation')}
                  value={props.form.values.recommendation}
                  options={props.recommendations.map((r) => ({ value: r.identifier, label: `${r.identifier} (${r.number})` }))}
                  error={props.form.errors.recommendation}
                />
                <TextAreaField
                  name="body"
                  label={t('guidelines.participation.comment')}
                  hint={t('guidelines.participation.commentHint', { max: formatNumber(COMMENT_MAX) })}
                  value={props.form.values.body}
                  rows={8}
                  maxLength={COMMENT_MAX}
                  error={props.form.errors.body}
                />
                {props.form.organisations.length > 0 && (
                  <SelectField
                    name="organisation"
                    label={t('guidelines.participation.onBehalfOf')}
                    optional
                    emptyLabel={t('guidelines.participation.individual')}
                    value={props.form.values.organisation}
                    options={props.form.organisations.map((o) => ({ value: o.id, label: o.name }))}
                    error={props.form.errors.organisation}
                  />
                )}
                <p class="field__hint">{t('guidelines.participation.commentPublic')}</p>
                <Button>{t('guidelines.participation.send')}</Button>
              </Form>
            </>
          ) : (
            <p>
              <a href={`/signin?next=${encodeURIComponent(`${base(slug)}/consultation`)}`}>{t('guidelines.participation.signInToComment')}</a>
            </p>
          )}
        </section>
      )}
    </Frame>
  );
}

export interface ManageVersion {
  id: string;
  label: string;
  status: string;
  slug: string;
  comments: number;
}

export function ManageCommentsPage(props: {
  versions: ManageVersion[];
  version: ManageVersion | null;
  recommendations: RecItem[];
  comments: PublicComment[];
  filters: { status?: string; recommendation?: string };
  errors: FieldErrors;
  values: FormValues;
  notice?: string | null;
}) {
  const { t } = usePage();
  const v = props.version;
  const title = t('guidelines.participation.manageComments');
  const statement = new Map(props.recommendations.map((r) => [r.id, r]));
  return (
    <Layout title={title}>
      <Breadcrumbs items={[{ href: '/guidelines', label: t('guidelines.title') }, { label: title }]} />
      <h1>{title}</h1>
      {props.notice && (
        <Alert kind="success">
          <p>{t(`guidelines.participation.notice.${props.notice}`)}</p>
        </Alert>
      )}
      <h2>{t('guidelines.participation.versions')}</h2>
      {props.versions.length ? (
        <ul>
          {props.versions.map((x) => (
            <li key={x.id}>
              <a href={queryHref('/guidelines/manage/comments', { version: x.id })} aria-current={x.id === v?.id ? 'page' : undefined}>
                {x.slug} {x.label}
              </a>{' '}
              · {t(`guidelines.participation.versionStatus.${x.status}`)} · {t('guidelines.participation.commentsCount', { count: x.comments })}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('guidelines.participation.noVersions')}</p>
      )}
      {v && (
        <>
          <h2>
            {v.slug} {v.label}
          </h2>
          <p>
            <a href={`/guidelines/manage/versions/${v.id}/comments.csv`}>{t('guidelines.participation.exportCsv')}</a> ·{' '}
            <a href={`/guidelines/manage/versions/${v.id}/comments.xlsx`}>{t('guidelines.participation.exportXlsx')}</a>
          </p>
          <Form action="/guidelines/manage/comments" method="get" aria-label={t('guidelines.participation.filters')}>
            <input type="hidden" name="version" value={v.id} />
            <SelectField
              name="status"
              label={t('guidelines.participation.status')}
              emptyLabel={t('guidelines.participation.any')}
              value={props.filters.status}
              options={COMMENT_STATUSES.map((s) => ({ value: s, label: statusLabel(t, s) }))}
            />
            <SelectField
              name="recommendation"
              label={t('guidelines.participation.recommendation')}
              emptyLabel={t('guidelines.participation.any')}
              value={props.filters.recommendation}
              options={props.recommendations.map((r) => ({ value: r.identifier, label: `${r.identifier} (${r.number})` }))}
            />
            <Button variant="secondary">{t('guidelines.participation.filter')}</Button>
          </Form>
          <ErrorSummary errors={props.errors} />
          <p>{t('guidelines.participation.commentsCount', { count: props.comments.length })}</p>
          <ul class="comments">
            {props.comments.map((c) => {
              const r = statement.get(c.recommendationId);
              const field = `answer-${c.id}`;
              const error = props.errors[field];
              return (
                <li key={c.id} class="comment">
                  <h3>
                    {c.identifier} · {statusLabel(t, c.status)}
                  </h3>
                  {r && (
                    <p class="comment__statement">
                      <Statement rec={r} />
                    </p>
                  )}
                  <CommentItem c={c} />
                  <Form action={`/guidelines/manage/comments/${c.id}/answer`}>
                    <div class={`field${error ? ' field--error' : ''}`}>
                      <label for={`field-${field}`}>{t('guidelines.participation.answer')}</label>
                      {error && (
                        <p class="field__error" id={`field-${field}-error`}>
                          <span class="visually-hidden">{t('form.errorPrefix')} </span>
                          {t(error)}
                        </p>
                      )}
                      <textarea id={`field-${field}`} name="answer" rows={4} maxLength={ANSWER_MAX} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `field-${field}-error` : undefined}>
                        {props.values[field] ?? c.answer ?? ''}
                      </textarea>
                    </div>
                    <Button variant="secondary">{t('guidelines.participation.saveAnswer')}</Button>
                  </Form>
                  {c.status !== 'closed' && (
                    <Form action={`/guidelines/manage/comments/${c.id}/close`}>
                      <Button variant="secondary">{t('guidelines.participation.close')}</Button>
                    </Form>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </Layout>
  );
}

// ---- Adoption -------------------------------------------------------------------------------------------

const SYMBOLS: Record<AdoptionStatus, string> = { implemented: '●', partly: '◐', planned: '○', 'not-applicable': '–' };

function AdoptionStatusLabel({ status }: { status: AdoptionStatus }) {
  const { t } = usePage();
  return (
    <span class={`adoption-status adoption-status--${status}`}>
      <span aria-hidden="true">{SYMBOLS[status]}</span> {t(`guidelines.participation.adoptionStatus.${status}`)}
    </span>
  );
}

function usePercent() {
  const { locale } = usePage();
  const f = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  return (share: number) => f.format(share);
}

/** One cell of the heat map: colour by share, and the share and counts as text. */
function HeatCell({ cell, identifier, region }: { cell: Cell; identifier: string; region: string }) {
  const { t } = usePage();
  const percent = usePercent();
  if (cell.share === null)
    return (
      <td class="heat heat--none" data-recommendation={identifier} data-region={region || 'all'}>
        {cell.notApplicable ? t('guidelines.participation.onlyNotApplicable', { count: cell.notApplicable }) : t('guidelines.participation.noAssessments')}
      </td>
    );
  return (
    <td class={`heat heat--${heatStep(cell.share)}`} data-recommendation={identifier} data-region={region || 'all'}>
      <strong class="heat__share">{percent(cell.share)}</strong>
      <span class="heat__counts">{t('guidelines.participation.cellCounts', { implemented: cell.implemented, partly: cell.partly, applicable: cell.applicable })}</span>
    </td>
  );
}

function HeatLegend() {
  const { t } = usePage();
  const percent = usePercent();
  const n = HEAT_SCALE.length;
  return (
    <>
      <p id="heat-legend-text">{t('guidelines.participation.legend')}</p>
      <ul class="heat-legend" aria-label={t('guidelines.participation.legendScale')}>
        {HEAT_SCALE.map((_, i) => (
          <li key={i} class={`heat heat--${i}`}>
            {i === n - 1 ? `${percent(i / n)} – ${percent(1)}` : `${percent(i / n)} – ${percent((i + 1) / n - 0.01)}`}
          </li>
        ))}
        <li class="heat heat--none">{t('guidelines.participation.noAssessments')}</li>
      </ul>
    </>
  );
}

export function AdoptionPage(props: {
  guideline: GuidelineHead;
  version: { label: string };
  recommendations: RecItem[];
  map: HeatMap;
  step: string | null;
  /** The organisations the visitor may assess for (empty for anonymous visitors). */
  assessFor: { id: string; name: string }[];
}) {
  const { t } = usePage();
  const slug = props.guideline.slug;
  const title = t('guidelines.participation.adoptionTitle');
  const orgCount = (code: string) => props.map.organisations.get(code) ?? 0;
  return (
    <Frame guideline={props.guideline} title={title} current="adoption" heatMap>
      <h1>{title}</h1>
      <p>{t('guidelines.participation.adoptionIntro', { label: props.version.label })}</p>
      {props.assessFor.length > 0 && (
        <ul>
          {props.assessFor.map((o) => (
            <li key={o.id}>
              <a href={queryHref(`${base(slug)}/adoption/assess`, { organisation: o.id })}>{t('guidelines.participation.assessFor', { organisation: o.name })}</a>
            </li>
          ))}
        </ul>
      )}
      <Form action={`${base(slug)}/adoption`} method="get" aria-label={t('guidelines.participation.filters')}>
        <SelectField
          name="step"
          label={t('guidelines.participation.step')}
          emptyLabel={t('guidelines.participation.allSteps')}
          value={props.step}
          options={PATHWAY_STEPS.map((s) => ({ value: s, label: t(`guidelines.step.${s}`) }))}
        />
        <Button variant="secondary">{t('guidelines.participation.filter')}</Button>
      </Form>
      <HeatLegend />
      <div class="table-wrap" role="region" aria-labelledby="heat-map-caption" tabIndex={0}>
        <table class="table heat-map" aria-describedby="heat-legend-text">
          <caption id="heat-map-caption">{t('guidelines.participation.heatMapCaption', { label: props.version.label })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('guidelines.participation.recommendation')}</th>
              {props.map.regions.map((r) => (
                <th key={r.code} scope="col">
                  <a href={`${base(slug)}/adoption/regions/${encodeURIComponent(r.code)}`}>{r.name}</a>
                  <span class="heat__counts">{t('guidelines.participation.organisationsCount', { count: orgCount(r.code) })}</span>
                </th>
              ))}
              <th scope="col">
                {t('guidelines.participation.allRegions')}
                <span class="heat__counts">{t('guidelines.participation.organisationsCount', { count: orgCount(ALL) })}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.recommendations.length === 0 ? (
              <tr>
                <td colSpan={props.map.regions.length + 2}>{t('guidelines.participation.noRecommendations')}</td>
              </tr>
            ) : (
              props.recommendations.map((rec) => {
                const row = props.map.cells.get(rec.identifier)!;
                return (
                  <tr key={rec.identifier}>
                    <th scope="row">
                      <a href={rec.permalink}>{rec.identifier}</a> <Statement rec={rec} />
                    </th>
                    {props.map.regions.map((r) => (
                      <HeatCell key={r.code} cell={row.get(r.code)!} identifier={rec.identifier} region={r.code} />
                    ))}
                    <HeatCell cell={row.get(ALL)!} identifier={rec.identifier} region={ALL} />
                  </tr>
                );
              })
            )}
          </tbody>
        </table>
      </div>
      <p>
        <a href={queryHref(`${base(slug)}/adoption/export.csv`, { step: props.step ?? undefined })}>{t('guidelines.participation.exportCsv')}</a>
      </p>
    </Frame>
  );
}

export function RegionPage(props: { guideline: GuidelineHead; version: { label: string }; region: { code: string; name: string }; recommendations: RecItem[]; view: RegionalView; row: Map<string, Cell> | null }) {
  const { t } = usePage();
  const slug = props.guideline.slug;
  const title = t('guidelines.participation.regionTitle', { region: props.region.name });
  const recs = props.recommendations;
  return (
    <Frame guideline={props.guideline} title={title} current="adoption" heatMap crumbs={[{ href: `${base(slug)}/adoption`, label: t('guidelines.participation.adoptionTitle') }, { label: props.region.name }]}>
      <h1>{title}</h1>
      <p>{t('guidelines.participation.regionIntro', { count: props.view.organisations.length, label: props.version.label })}</p>
      <HeatLegend />
      <div class="table-wrap" role="region" aria-labelledby="region-caption" tabIndex={0}>
        <table class="table heat-map">
          <caption id="region-caption">{t('guidelines.participation.regionCaption', { region: props.region.name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('guidelines.participation.organisation')}</th>
              {recs.map((r) => (
                <th key={r.identifier} scope="col">
                  <a href={r.permalink}>{r.identifier}</a>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.view.organisations.length === 0 && (
              <tr>
                <td colSpan={recs.length + 1}>{t('guidelines.participation.noOrganisations')}</td>
              </tr>
            )}
            {props.view.organisations.map((o) => {
              const statuses = props.view.statuses.get(o.id);
              return (
                <tr key={o.id}>
                  <th scope="row">{o.name}</th>
                  {recs.map((r) => {
                    const s = statuses?.get(r.identifier);
                    return <td key={r.identifier}>{s ? <AdoptionStatusLabel status={s.status} /> : <span class="muted">{t('guidelines.participation.notAssessed')}</span>}</td>;
                  })}
                </tr>
              );
            })}
          </tbody>
          {props.row && (
            <tfoot>
              <tr>
                <th scope="row">{t('guidelines.participation.regionShare')}</th>
                {recs.map((r) => (
                  <HeatCell key={r.identifier} cell={props.row!.get(r.identifier)!} identifier={r.identifier} region={props.region.code} />
                ))}
              </tr>
            </tfoot>
          )}
        </table>
      </div>
      <h2>{t('guidelines.participation.recommendations')}</h2>
      <dl class="facts">
        {recs.map((r) => (
          <div key={r.identifier}>
            <dt>{r.identifier}</dt>
            <dd>
              <Statement rec={r} />
            </dd>
          </div>
        ))}
      </dl>
    </Frame>
  );
}

export function ChooseOrganisationPage(props: { guideline: GuidelineHead; organisations: { id: string; name: string }[] }) {
  const { t } = usePage();
  const title = t('guidelines.participation.assessTitle');
  return (
    <Frame guideline={props.guideline} title={title} current="adoption">
      <h1>{title}</h1>
      {props.organisations.length ? (
        <>
          <p>{t('guidelines.participation.chooseOrganisation')}</p>
          <ul>
            {props.organisations.map((o) => (
              <li key={o.id}>
                <a href={queryHref(`${base(props.guideline.slug)}/adoption/assess`, { organisation: o.id })}>{o.name}</a>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t('guidelines.participation.noMemberships')}</p>
      )}
    </Frame>
  );
}

export function AssessPage(props: {
  guideline: GuidelineHead;
  version: { label: string };
  organisation: OrganisationSummary;
  recommendations: RecItem[];
  current: Map<string, AssessmentRow>;
  values: FormValues | null;
  errors: FieldErrors;
  today: string;
  notice?: string | null;
}) {
  const { t, formatNumber } = usePage();
  const title = t('guidelines.participation.assessTitle');
  const slug = props.guideline.slug;
  const value = (kind: 'status' | 'evidence' | 'assessedOn', identifier: string) => {
    const name = assessmentField(kind, identifier);
    if (props.values) return props.values[name] ?? '';
    const row = props.current.get(identifier);
    return row ? (kind === 'status' ? row.status : kind === 'evidence' ? row.evidence : row.assessedOn) : kind === 'assessedOn' ? props.today : '';
  };
  const options = [{ value: '', label: t('guidelines.participation.notAssessed') }, ...ADOPTION_STATUSES.map((s) => ({ value: s, label: `${SYMBOLS[s]} ${t(`guidelines.participation.adoptionStatus.${s}`)}` }))];
  return (
    <Frame guideline={props.guideline} title={title} current="adoption" crumbs={[{ href: `${base(slug)}/adoption`, label: t('guidelines.participation.adoptionTitle') }, { label: props.organisation.name }]}>
      <h1>
        {title} <span class="revision-heading__item">· {props.organisation.name}</span>
      </h1>
      <p>{t('guidelines.participation.assessIntro', { label: props.version.label })}</p>
      {props.notice === 'saved' && (
        <Alert kind="success">
          <p>{t('guidelines.participation.assessmentSaved')}</p>
        </Alert>
      )}
      <ErrorSummary errors={props.errors} />
      <Form action={queryHref(`${base(slug)}/adoption/assess`, { organisation: props.organisation.id })}>
        {props.recommendations.map((r) => (
          <fieldset key={r.identifier} class="assessment" id={`rec-${r.identifier}`}>
            <legend>
              {r.identifier} ({r.number}) · <Statement rec={r} />
            </legend>
            <RadioGroup
              name={assessmentField('status', r.identifier)}
              legend={t('guidelines.participation.status')}
              options={options}
              checked={value('status', r.identifier)}
              error={props.errors[assessmentField('status', r.identifier)]}
            />
            <TextAreaField
              name={assessmentField('evidence', r.identifier)}
              label={t('guidelines.participation.evidence')}
              hint={t('guidelines.participation.evidenceHint', { max: formatNumber(EVIDENCE_MAX) })}
              optional
              rows={2}
              maxLength={EVIDENCE_MAX}
              value={value('evidence', r.identifier)}
              error={props.errors[assessmentField('evidence', r.identifier)]}
            />
            <Field
              type="date"
              name={assessmentField('assessedOn', r.identifier)}
              label={t('guidelines.participation.assessedOn')}
              value={value('assessedOn', r.identifier)}
              error={props.errors[assessmentField('assessedOn', r.identifier)]}
            />
          </fieldset>
        ))}
        <Button>{t('guidelines.participation.saveAssessment')}</Button>
      </Form>
    </Frame>
  );
}

// ---- Endorsements ---------------------------------------------------------------------------------------

export function EndorsementsPage(props: {
  guideline: GuidelineHead;
  published: { label: string } | null;
  items: EndorsementItem[];
  /** For signed-in members: their organisations and which of them endorse already. */
  form: { organisations: { id: string; name: string }[]; values: FormValues; errors: FieldErrors } | null;
  canWithdraw: string[];
  notice?: string | null;
}) {
  const { t, locale, formatDate, formatNumber } = usePage();
  const slug = props.guideline.slug;
  const title = t('guidelines.participation.endorsementsTitle');
  const typeName = (o: OrganisationSummary) => o.typeNames[locale] ?? o.typeNames.en ?? o.typeCode;
  return (
    <Frame guideline={props.guideline} title={title} current="endorsements">
      <h1>{title}</h1>
      {props.notice && (
        <Alert kind="success">
          <p>{t(`guidelines.participation.notice.${props.notice}`)}</p>
        </Alert>
      )}
      <p>{t('guidelines.participation.endorsementsCount', { count: props.items.length })}</p>
      {props.items.length > 0 && (
        <div class="table-wrap" role="region" aria-labelledby="endorsements-caption" tabIndex={0}>
          <table class="table">
            <caption id="endorsements-caption">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('guidelines.participation.organisation')}</th>
                <th scope="col">{t('guidelines.participation.organisationType')}</th>
                <th scope="col">{t('guidelines.participation.region')}</th>
                <th scope="col">{t('guidelines.participation.date')}</th>
                <th scope="col">{t('guidelines.participation.versionEndorsed')}</th>
                <th scope="col">{t('guidelines.participation.statement')}</th>
              </tr>
            </thead>
            <tbody>
              {props.items.map((e) => (
                <tr key={e.organisation.id} data-organisation={e.organisation.id}>
                  <th scope="row">{e.organisation.name}</th>
                  <td>{typeName(e.organisation)}</td>
                  <td>{e.organisation.regionName ?? '—'}</td>
                  <td>
                    <time dateTime={e.endorsedAt.toISOString()}>{formatDate(e.endorsedAt)}</time>
                  </td>
                  <td>{e.versionLabel ?? '—'}</td>
                  <td class="preserve-lines">
                    {e.statement || '—'}
                    {props.canWithdraw.includes(e.organisation.id) && (
                      <Form action={`${base(slug)}/endorsements/${e.organisation.id}/withdraw`}>
                        <Button variant="danger">{t('guidelines.participation.withdraw')}</Button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section aria-labelledby="endorse-title">
        <h2 id="endorse-title">{t('guidelines.participation.endorse')}</h2>
        {!props.published ? (
          <p>{t('guidelines.errors.nothingPublished')}</p>
        ) : !props.form ? (
          <p>
            <a href={`/signin?next=${encodeURIComponent(`${base(slug)}/endorsements`)}`}>{t('guidelines.participation.signInToEndorse')}</a>
          </p>
        ) : props.form.organisations.length === 0 ? (
          <p>{t('guidelines.participation.noMemberships')}</p>
        ) : (
          <>
            <p>{t('guidelines.participation.endorseIntro', { label: props.published.label })}</p>
            <ErrorSummary errors={props.form.errors} />
            <Form action={`${base(slug)}/endorsements`}>
              <SelectField name="organisation" label={t('guidelines.participation.organisation')} value={props.form.values.organisation} options={props.form.organisations.map((o) => ({ value: o.id, label: o.name }))} error={props.form.errors.organisation} />
              <TextAreaField
                name="statement"
                label={t('guidelines.participation.statement')}
                hint={t('guidelines.participation.statementHint', { max: formatNumber(STATEMENT_MAX) })}
                optional
                rows={4}
                maxLength={STATEMENT_MAX}
                value={props.form.values.statement}
                error={props.form.errors.statement}
              />
              <Button>{t('guidelines.participation.endorse')}</Button>
            </Form>
          </>
        )}
      </section>
      <p>
        <ButtonLink href={`${base(slug)}/adoption`}>{t('guidelines.participation.adoptionTitle')}</ButtonLink>
      </p>
    </Frame>
  );
}

import type { ComponentChildren } from 'preact';
import type { FormValues } from '../../../platform/http/forms.js';
import { LOCALES, LOCALE_NAMES, isLocale, nameIn, type Locale } from '../../../platform/i18n/index.js';
import { Alert, Breadcrumbs, Button, CheckboxField, CheckboxGroup, ErrorSummary, Field, Form, RadioGroup, SelectField, Table, TextAreaField, type FieldErrors } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { Layout } from '../../../platform/ui/layout.js';
import { textIn } from '../../../platform/ui/translation-notice.js';
import { EVIDENCE_LEVELS, GUIDELINE_ROLES, PATHWAY_STEPS, STRENGTHS, type VersionStatus } from '../schema.js';
import type { DisplayChapter, DisplayRecommendation, DisplaySection, DisplayVersion, VersionRow } from '../service.js';

/** Notices the editors' pages show after an action (`?notice=`). */
export const EDITOR_NOTICES = ['created', 'saved', 'added', 'moved', 'removed', 'deleted', 'consultation', 'published', 'draft', 'linked', 'unlinked'] as const;
export type EditorNotice = (typeof EDITOR_NOTICES)[number];

const MANAGE = '/guidelines/manage';
const languageName = (l: string) => (isLocale(l) ? LOCALE_NAMES[l] : l);

function Notice({ notice }: { notice?: EditorNotice | null }) {
  const { t } = usePage();
  return notice ? <Alert kind="success">{t(`guidelines.editor.notice.${notice}`)}</Alert> : null;
}

function StatusBadge({ status }: { status: VersionStatus }) {
  const { t } = usePage();
  return <span class={`badge badge--${status}`}>{t(`guidelines.status.${status}`)}</span>;
}

/** A form that is one button (move, remove, delete), so it works without JavaScript. */
function ActionButton({ action, label, name, value, variant }: { action: string; label: string; name?: string; value?: string; variant?: 'secondary' | 'danger' | 'link' }) {
  return (
    <Form action={action} class="inline-form">
      <Button variant={variant ?? 'secondary'} name={name} value={value}>
        {label}
      </Button>
    </Form>
  );
}

// ---- List of guidelines ------------------------------------------------------------------------------

export interface ManagedGuideline {
  id: string;
  slug: string;
  title: string;
  titleLocale: string;
  versions: { id: string; label: string; status: VersionStatus }[];
}

export function ManageListPage(props: { guidelines: ManagedGuideline[]; organisations: { id: string; name: string }[]; values: FormValues; errors: FieldErrors; canEdit: boolean }) {
  const { t, locale } = usePage();
  const { values, errors } = props;
  return (
    <Layout title={t('guidelines.editor.title')}>
      <Breadcrumbs items={[{ href: '/guidelines', label: t('guidelines.title') }, { label: t('guidelines.editor.title') }]} />
      <h1>{t('guidelines.editor.title')}</h1>
      <Table
        caption={t('guidelines.editor.list')}
        rows={props.guidelines}
        empty={t('guidelines.editor.noGuidelines')}
        columns={[
          {
            header: t('guidelines.editor.guideline'),
            cell: (g) => (
              <a href={`${MANAGE}/${g.id}`} {...textIn(g.titleLocale, locale)}>
                {g.title}
              </a>
            ),
          },
          { header: t('guidelines.editor.slug'), cell: (g) => <code>{g.slug}</code> },
          {
            header: t('guidelines.editor.versions'),
            cell: (g) =>
              g.versions.length ? (
                <ul class="inline-list">
                  {g.versions.map((v) => (
                    <li key={v.id}>
                      <a href={`${MANAGE}/versions/${v.id}`}>{v.label}</a> <StatusBadge status={v.status} />
                    </li>
                  ))}
                </ul>
              ) : (
                t('guidelines.editor.noVersions')
              ),
          },
        ]}
      />
      {props.canEdit && (
        <section aria-labelledby="new-guideline">
          <h2 id="new-guideline">{t('guidelines.editor.new')}</h2>
          <ErrorSummary errors={errors} />
          <Form action={MANAGE}>
            <Field name="title" label={t('guidelines.editor.field.title')} value={values.title} error={errors.title} required maxLength={300} />
            <Field name="slug" label={t('guidelines.editor.field.slug')} hint={t('guidelines.editor.field.slugHint')} value={values.slug} error={errors.slug} required maxLength={80} />
            <SelectField name="sourceLocale" label={t('guidelines.editor.field.sourceLocale')} value={values.sourceLocale ?? 'en'} error={errors.sourceLocale} options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))} />
            <TextAreaField name="summary" label={t('guidelines.editor.field.summary')} value={values.summary} error={errors.summary} optional rows={4} />
            <SelectField
              name="organisationId"
              label={t('guidelines.editor.field.organisation')}
              value={values.organisationId}
              error={errors.organisationId}
              emptyLabel={t('guidelines.editor.field.noOrganisation')}
              options={props.organisations.map((o) => ({ value: o.id, label: o.name }))}
            />
            <Button>{t('guidelines.editor.create')}</Button>
          </Form>
        </section>
      )}
    </Layout>
  );
}

// ---- One guideline: its versions and their lifecycle ---------------------------------------------------

export interface GuidelineHead {
  id: string;
  slug: string;
  sourceLocale: string;
  title: string;
  titleLocale: string;
  /** The issuing organisation's name, if any. */
  organisation?: string | null;
}

export function GuidelinePage(props: { guideline: GuidelineHead; versions: VersionRow[]; suggestedLabel: string; values: FormValues; errors: FieldErrors; canEdit: boolean; notice?: EditorNotice | null }) {
  const { t, locale, formatDate } = usePage();
  const { guideline: g, versions, values, errors } = props;
  const published = versions.find((v) => v.status === 'published');
  const open = versions.find((v) => v.status === 'draft' || v.status === 'consultation');
  const translateLinks = (v: VersionRow) => (
    <ul class="inline-list">
      {LOCALES.filter((l) => l !== g.sourceLocale).map((l) => (
        <li key={l}>
          <a href={`${MANAGE}/versions/${v.id}/translate/${l}`} lang={l}>
            {LOCALE_NAMES[l]}
          </a>
        </li>
      ))}
    </ul>
  );
  return (
    <Layout title={`${g.title} · ${t('guidelines.editor.title')}`}>
      <Breadcrumbs items={[{ href: MANAGE, label: t('guidelines.editor.title') }, { label: g.title }]} />
      <h1 {...textIn(g.titleLocale, locale)}>{g.title}</h1>
      <p>
        <a href={`/guidelines/${g.slug}`}>{t('guidelines.editor.publicPage')}</a> · {t('guidelines.editor.field.sourceLocale')}: {languageName(g.sourceLocale)}
        {g.organisation && (
          <>
            {' · '}
            {t('guidelines.editor.field.organisation')}: {g.organisation}
          </>
        )}
        {props.canEdit && (
          <>
            {' · '}
            <a href={`${MANAGE}/${g.id}/settings`}>{t('guidelines.editor.editSettings')}</a>
          </>
        )}
      </p>
      <Notice notice={props.notice} />
      <ErrorSummary errors={errors} />
      <h2>{t('guidelines.editor.versions')}</h2>
      <Table
        caption={t('guidelines.editor.versions')}
        rows={versions}
        empty={t('guidelines.editor.noVersions')}
        columns={[
          { header: t('guidelines.editor.label'), cell: (v) => <a href={`${MANAGE}/versions/${v.id}`}>{v.label}</a> },
          { header: t('guidelines.editor.statusLabel'), cell: (v) => <StatusBadge status={v.status} /> },
          {
            header: t('guidelines.editor.dates'),
            cell: (v) => (
              <>
                {v.consultationStartsOn && v.consultationEndsOn && <p>{t('guidelines.editor.consultationDates', { start: v.consultationStartsOn, end: v.consultationEndsOn })}</p>}
                {v.publishedAt && <p>{t('guidelines.editor.publishedOn', { date: formatDate(v.publishedAt) })}</p>}
                {v.supersededAt && <p>{t('guidelines.editor.supersededOn', { date: formatDate(v.supersededAt) })}</p>}
              </>
            ),
          },
          { header: t('guidelines.editor.translations'), cell: (v) => (v.status === 'superseded' ? '–' : translateLinks(v)) },
        ]}
      />
      {props.canEdit && open && (
        <section aria-labelledby="open-version">
          <h2 id="open-version">{t('guidelines.editor.openVersion', { label: open.label })}</h2>
          <p>
            <a href={`${MANAGE}/versions/${open.id}`}>{t(open.status === 'draft' ? 'guidelines.editor.editStructure' : 'guidelines.editor.viewStructure')}</a>
          </p>
          {open.status === 'draft' && (
            <Form action={`${MANAGE}/versions/${open.id}/status`}>
              <h3>{t('guidelines.editor.toConsultation')}</h3>
              <input type="hidden" name="to" value="consultation" />
              <Field type="date" name="consultationStartsOn" label={t('guidelines.editor.field.consultationStartsOn')} hint={t('guidelines.editor.field.dateHint')} value={values.consultationStartsOn} error={errors.consultationStartsOn} />
              <Field type="date" name="consultationEndsOn" label={t('guidelines.editor.field.consultationEndsOn')} hint={t('guidelines.editor.field.dateHint')} value={values.consultationEndsOn} error={errors.consultationEndsOn} required />
              <Button variant="secondary">{t('guidelines.editor.sendToConsultation')}</Button>
            </Form>
          )}
          {open.status === 'consultation' && (
            <Form action={`${MANAGE}/versions/${open.id}/status`}>
              <input type="hidden" name="to" value="draft" />
              <p class="field__hint">{t('guidelines.editor.backToDraftHint')}</p>
              <Button variant="secondary">{t('guidelines.editor.backToDraft')}</Button>
            </Form>
          )}
          <Form action={`${MANAGE}/versions/${open.id}/status`}>
            <h3>{t('guidelines.editor.publish')}</h3>
            <input type="hidden" name="to" value="published" />
            {published ? (
              <CheckboxField name="confirm" label={t('guidelines.editor.confirmSupersede', { label: published.label, next: open.label })} error={errors.confirm} />
            ) : (
              <p class="field__hint">{t('guidelines.editor.publishHint')}</p>
            )}
            <Button>{t('guidelines.editor.publishVersion', { label: open.label })}</Button>
          </Form>
          {open.status === 'draft' && (
            <Form action={`${MANAGE}/versions/${open.id}/delete`}>
              <h3>{t('guidelines.editor.deleteDraft')}</h3>
              <p class="field__hint">{t('guidelines.editor.deleteDraftHint')}</p>
              <Button variant="danger">{t('guidelines.editor.deleteDraftButton', { label: open.label })}</Button>
            </Form>
          )}
        </section>
      )}
      {props.canEdit && !open && (
        <section aria-labelledby="new-version">
          <h2 id="new-version">{t('guidelines.editor.newVersion')}</h2>
          <p>{versions.length ? t('guidelines.editor.newVersionCopies', { label: versions[0]!.label }) : t('guidelines.editor.newVersionEmpty')}</p>
          <Form action={`${MANAGE}/${g.id}/versions`}>
            <Field name="label" label={t('guidelines.editor.field.label')} hint={t('guidelines.editor.field.labelHint')} value={values.label ?? props.suggestedLabel} error={errors.label} required maxLength={7} />
            <TextAreaField name="changeNote" label={t('guidelines.editor.field.changeNote')} value={values.changeNote} error={errors.changeNote} optional rows={4} />
            <Button>{t('guidelines.editor.startDraft')}</Button>
          </Form>
        </section>
      )}
    </Layout>
  );
}

/** A guideline's title and summary (in its original language) and issuing organisation; the address stays fixed. */
export function GuidelineSettingsPage(props: { guideline: GuidelineHead; organisations: { id: string; name: string }[]; values: FormValues; errors: FieldErrors }) {
  const { t, locale } = usePage();
  const { guideline: g, values, errors } = props;
  const typed = textIn(g.sourceLocale, locale);
  const heading = t('guidelines.editor.settings');
  return (
    <Layout title={`${heading} · ${g.title}`}>
      <Breadcrumbs items={[{ href: MANAGE, label: t('guidelines.editor.title') }, { href: `${MANAGE}/${g.id}`, label: g.title }, { label: heading }]} />
      <h1>{heading}</h1>
      <ErrorSummary errors={errors} />
      <Form action={`${MANAGE}/${g.id}/settings`}>
        <p>
          {t('guidelines.editor.field.slug')}: <code>{g.slug}</code>
        </p>
        <p class="field__hint">{t('guidelines.editor.slugFixed')}</p>
        <p class="field__hint">{t('guidelines.editor.settingsOriginalHint', { language: languageName(g.sourceLocale) })}</p>
        <Field {...typed} name="title" label={t('guidelines.editor.field.title')} value={values.title} error={errors.title} required maxLength={300} />
        <TextAreaField {...typed} name="summary" label={t('guidelines.editor.field.summary')} value={values.summary} error={errors.summary} optional rows={4} />
        <SelectField
          name="organisationId"
          label={t('guidelines.editor.field.organisation')}
          value={values.organisationId}
          error={errors.organisationId}
          emptyLabel={t('guidelines.editor.field.noOrganisation')}
          options={props.organisations.map((o) => ({ value: o.id, label: o.name }))}
        />
        <Button>{t('guidelines.editor.save')}</Button>
      </Form>
      <p>
        <a href={`${MANAGE}/${g.id}`}>{t('guidelines.editor.backToGuideline')}</a>
      </p>
    </Layout>
  );
}

// ---- A version's structure -------------------------------------------------------------------------

export interface VersionHead {
  guidelineId: string;
  guidelineTitle: string;
  titleLocale: string;
  versionId: string;
  label: string;
  status: VersionStatus;
  sourceLocale: string;
}

export const versionHead = (d: DisplayVersion): VersionHead => ({
  guidelineId: d.guideline.id,
  guidelineTitle: d.guideline.text?.value.title ?? d.guideline.slug,
  titleLocale: d.guideline.text?.locale ?? d.guideline.sourceLocale,
  versionId: d.version.id,
  label: d.version.label,
  status: d.version.status,
  sourceLocale: d.guideline.sourceLocale,
});

function versionCrumbs(v: VersionHead, t: (k: string, o?: Record<string, string | number>) => string) {
  return [
    { href: MANAGE, label: t('guidelines.editor.title') },
    { href: `${MANAGE}/${v.guidelineId}`, label: v.guidelineTitle },
    { href: `${MANAGE}/versions/${v.versionId}`, label: t('guidelines.editor.versionLabel', { label: v.label }) },
  ];
}

/** Move up, move down and remove, for one item of a draft. */
function ItemActions({ base, first, last, removeLabel }: { base: string; first: boolean; last: boolean; removeLabel: string }) {
  const { t } = usePage();
  return (
    <div class="item-actions">
      {!first && <ActionButton action={`${base}/move`} name="direction" value="up" label={t('guidelines.editor.moveUp')} />}
      {!last && <ActionButton action={`${base}/move`} name="direction" value="down" label={t('guidelines.editor.moveDown')} />}
      <ActionButton action={`${base}/remove`} label={removeLabel} variant="danger" />
    </div>
  );
}

function TextOf({ picked, children }: { picked: { locale: string } | null; children: ComponentChildren }) {
  const { locale } = usePage();
  return <span {...(picked ? textIn(picked.locale, locale) : {})}>{children}</span>;
}

function RecommendationItem({ r, editable, first, last }: { r: DisplayRecommendation; editable: boolean; first: boolean; last: boolean }) {
  const { t } = usePage();
  return (
    <li class="outline-item" id={`rec-${r.id}`}>
      <p>
        <strong>{r.identifier}</strong> ({r.number}) · {t(`guidelines.strength.${r.strength}`)}
        {r.evidence && <> · {t(`guidelines.level.${r.evidence}`)}</>}
      </p>
      <p>
        <TextOf picked={r.text}>{r.text?.value.statement}</TextOf>
      </p>
      <p>
        <a href={`${MANAGE}/recommendations/${r.id}`}>{t(editable ? 'guidelines.editor.editRecommendation' : 'guidelines.editor.viewRecommendation', { identifier: r.identifier })}</a>
      </p>
      {editable && <ItemActions base={`${MANAGE}/recommendations/${r.id}`} first={first} last={last} removeLabel={t('guidelines.editor.removeRecommendation', { identifier: r.identifier })} />}
    </li>
  );
}

function SectionItem({ s, editable, first, last }: { s: DisplaySection; editable: boolean; first: boolean; last: boolean }) {
  const { t } = usePage();
  const title = s.text?.value.title ?? s.key;
  return (
    <li class="outline-item" id={`section-${s.id}`}>
      <h3>
        {s.number} <TextOf picked={s.text}>{title}</TextOf>
      </h3>
      {editable && (
        <>
          <p>
            <a href={`${MANAGE}/sections/${s.id}`}>{t('guidelines.editor.editSection', { number: s.number })}</a> · <a href={`${MANAGE}/sections/${s.id}/recommendations/new`}>{t('guidelines.editor.addRecommendation')}</a>
          </p>
          <ItemActions base={`${MANAGE}/sections/${s.id}`} first={first} last={last} removeLabel={t('guidelines.editor.removeSection', { number: s.number })} />
        </>
      )}
      {s.recommendations.length ? (
        <ol class="outline">
          {s.recommendations.map((r, i) => (
            <RecommendationItem key={r.id} r={r} editable={editable} first={i === 0} last={i === s.recommendations.length - 1} />
          ))}
        </ol>
      ) : (
        <p>{t('guidelines.editor.emptySection')}</p>
      )}
    </li>
  );
}

function ChapterItem({ c, editable, first, last }: { c: DisplayChapter; editable: boolean; first: boolean; last: boolean }) {
  const { t } = usePage();
  const title = c.text?.value.title ?? c.key;
  return (
    <li class="outline-item" id={`chapter-${c.id}`}>
      <h2>
        {c.number} <TextOf picked={c.text}>{title}</TextOf>
      </h2>
      {editable && (
        <>
          <p>
            <a href={`${MANAGE}/chapters/${c.id}`}>{t('guidelines.editor.editChapter', { number: c.number })}</a> · <a href={`${MANAGE}/chapters/${c.id}/sections/new`}>{t('guidelines.editor.addSection')}</a>
          </p>
          <ItemActions base={`${MANAGE}/chapters/${c.id}`} first={first} last={last} removeLabel={t('guidelines.editor.removeChapter', { number: c.number })} />
        </>
      )}
      {c.sections.length ? (
        <ol class="outline">
          {c.sections.map((s, i) => (
            <SectionItem key={s.id} s={s} editable={editable} first={i === 0} last={i === c.sections.length - 1} />
          ))}
        </ol>
      ) : (
        <p>{t('guidelines.editor.emptyChapter')}</p>
      )}
    </li>
  );
}

export function VersionPage(props: { display: DisplayVersion; editable: boolean; values: FormValues; errors: FieldErrors; notice?: EditorNotice | null }) {
  const { t } = usePage();
  const d = props.display;
  const head = versionHead(d);
  const { values, errors } = props;
  return (
    <Layout title={`${t('guidelines.editor.versionLabel', { label: head.label })} · ${head.guidelineTitle}`}>
      <Breadcrumbs items={versionCrumbs(head, t)} />
      <h1>
        {t('guidelines.editor.versionLabel', { label: head.label })} <StatusBadge status={head.status} />
      </h1>
      <Notice notice={props.notice} />
      {!props.editable && <Alert kind="info">{t('guidelines.editor.frozen')}</Alert>}
      <ErrorSummary errors={errors} />
      {d.chapters.length ? (
        <ol class="outline">
          {d.chapters.map((c, i) => (
            <ChapterItem key={c.id} c={c} editable={props.editable} first={i === 0} last={i === d.chapters.length - 1} />
          ))}
        </ol>
      ) : (
        <p>{t('guidelines.editor.emptyVersion')}</p>
      )}
      {props.editable && (
        <section aria-labelledby="add-chapter">
          <h2 id="add-chapter">{t('guidelines.editor.addChapter')}</h2>
          <Form action={`${MANAGE}/versions/${head.versionId}/chapters`}>
            <Field name="title" label={t('guidelines.editor.field.partTitle')} value={values.title} error={errors.title} required maxLength={300} />
            <TextAreaField name="intro" label={t('guidelines.editor.field.intro')} value={values.intro} error={errors.intro} optional rows={4} />
            <Button>{t('guidelines.editor.addChapter')}</Button>
          </Form>
        </section>
      )}
      <p>
        <a href={`${MANAGE}/${head.guidelineId}`}>{t('guidelines.editor.backToGuideline')}</a>
      </p>
    </Layout>
  );
}

/** Moving a draft's section to another chapter, or a recommendation to another section (a choice and a button). */
export interface MoveForm {
  action: string;
  name: 'chapterId' | 'sectionId';
  options: { value: string; label: string }[];
}

function MoveTo({ move, value, error }: { move: MoveForm; value?: string; error?: string }) {
  const { t } = usePage();
  const toChapter = move.name === 'chapterId';
  return (
    <section aria-labelledby="move-to" id="move">
      <h2 id="move-to">{t(toChapter ? 'guidelines.editor.moveToChapter' : 'guidelines.editor.moveToSection')}</h2>
      {move.options.length ? (
        <Form action={move.action}>
          <SelectField
            name={move.name}
            label={t(toChapter ? 'guidelines.editor.field.targetChapter' : 'guidelines.editor.field.targetSection')}
            hint={t('guidelines.editor.moveToHint')}
            value={value}
            error={error}
            emptyLabel={t('guidelines.editor.field.chooseOne')}
            options={move.options}
          />
          <Button variant="secondary">{t('guidelines.editor.move')}</Button>
        </Form>
      ) : (
        // Where the error summary's link lands when nothing else could be chosen.
        <p id={`field-${move.name}`}>{t(toChapter ? 'guidelines.editor.noOtherChapter' : 'guidelines.editor.noOtherSection')}</p>
      )}
    </section>
  );
}

/** A chapter's or a section's title and introduction, new or edited (in the source language). */
export function PartPage(props: { head: VersionHead; kind: 'chapter' | 'section'; heading: string; action: string; values: FormValues; errors: FieldErrors; move?: MoveForm }) {
  const { t, locale } = usePage();
  const { values, errors } = props;
  const typed = textIn(props.head.sourceLocale, locale);
  return (
    <Layout title={`${props.heading} · ${props.head.guidelineTitle}`}>
      <Breadcrumbs items={[...versionCrumbs(props.head, t), { label: props.heading }]} />
      <h1>{props.heading}</h1>
      <ErrorSummary errors={errors} />
      <Form action={props.action}>
        <Field {...typed} name="title" label={t('guidelines.editor.field.partTitle')} value={values.title} error={errors.title} required maxLength={300} />
        <TextAreaField {...typed} name="intro" label={t('guidelines.editor.field.intro')} value={values.intro} error={errors.intro} optional rows={6} />
        <Button>{t('guidelines.editor.save')}</Button>
      </Form>
      {props.move && <MoveTo move={props.move} value={values[props.move.name]} error={errors[props.move.name]} />}
      <p>
        <a href={`${MANAGE}/versions/${props.head.versionId}`}>{t('guidelines.editor.backToVersion')}</a>
      </p>
    </Layout>
  );
}

// ---- A recommendation --------------------------------------------------------------------------------

export interface LessonChoice {
  id: string;
  title: string;
  course: string;
}

export interface RecommendationForm {
  values: FormValues;
  /** The ticked boxes of the repeated fields. */
  lists: { roles: string[]; organisationTypes: string[]; steps: string[] };
  errors: FieldErrors;
}

export function RecommendationPage(props: {
  head: VersionHead;
  heading: string;
  action: string;
  editable: boolean;
  form: RecommendationForm;
  organisationTypes: { code: string; names: Record<string, string> }[];
  /** For a saved recommendation: its id, the lessons linked to it and those that can be. */
  saved?: { id: string; identifier: string; linked: LessonChoice[]; choices: LessonChoice[]; lessonQuery: string; linkErrors: FieldErrors };
  /** For a saved recommendation of a draft: moving it to another section. */
  move?: MoveForm;
}) {
  const { t, locale } = usePage();
  const { values, lists, errors } = props.form;
  const typed = textIn(props.head.sourceLocale, locale);
  const disabled = !props.editable;
  const fields = (
    <>
      {props.saved ? (
        <p>
          {t('guidelines.editor.field.identifier')}: <strong>{props.saved.identifier}</strong>
        </p>
      ) : (
        <Field name="identifier" label={t('guidelines.editor.field.identifier')} hint={t('guidelines.editor.field.identifierHint')} value={values.identifier} error={errors.identifier} required maxLength={16} />
      )}
      <TextAreaField {...typed} name="statement" label={t('guidelines.editor.field.statement')} value={values.statement} error={errors.statement} required rows={4} maxLength={2000} />
      <TextAreaField {...typed} name="rationale" label={t('guidelines.editor.field.rationale')} value={values.rationale} error={errors.rationale} required rows={8} />
      <RadioGroup name="strength" legend={t('guidelines.editor.field.strength')} checked={values.strength} error={errors.strength} options={STRENGTHS.map((s) => ({ value: s, label: t(`guidelines.strength.${s}`) }))} />
      <SelectField
        name="evidence"
        label={t('guidelines.editor.field.evidence')}
        hint={t('guidelines.editor.field.evidenceHint')}
        value={values.evidence}
        error={errors.evidence}
        emptyLabel={t('guidelines.editor.field.noEvidence')}
        options={EVIDENCE_LEVELS.map((e) => ({ value: e, label: t(`guidelines.level.${e}`) }))}
      />
      <CheckboxGroup name="roles" legend={t('guidelines.editor.field.roles')} hint={t('guidelines.editor.field.addresseesHint')} checked={lists.roles} error={errors.roles} options={GUIDELINE_ROLES.map((r) => ({ value: r, label: t(`guidelines.role.${r}`) }))} />
      <CheckboxGroup
        name="organisationTypes"
        legend={t('guidelines.editor.field.organisationTypes')}
        checked={lists.organisationTypes}
        error={errors.organisationTypes}
        options={props.organisationTypes.map((o) => ({ value: o.code, label: nameIn(o.names, locale, o.code) }))}
      />
      <CheckboxGroup name="steps" legend={t('guidelines.editor.field.steps')} checked={lists.steps} error={errors.steps} options={PATHWAY_STEPS.map((s) => ({ value: s, label: t(`guidelines.step.${s}`) }))} />
    </>
  );
  return (
    <Layout title={`${props.heading} · ${props.head.guidelineTitle}`}>
      <Breadcrumbs items={[...versionCrumbs(props.head, t), { label: props.heading }]} />
      <h1>{props.heading}</h1>
      {disabled && <Alert kind="info">{t('guidelines.editor.frozen')}</Alert>}
      <ErrorSummary errors={errors} />
      {disabled ? (
        <fieldset disabled class="read-only">
          {fields}
        </fieldset>
      ) : (
        <Form action={props.action}>
          {fields}
          <Button>{t('guidelines.editor.save')}</Button>
        </Form>
      )}
      {props.move && <MoveTo move={props.move} value={values[props.move.name]} error={errors[props.move.name]} />}
      {props.saved && <LessonLinks recId={props.saved.id} {...props.saved} />}
      {props.saved && (
        <p>
          <a href={`${MANAGE}/recommendations/${props.saved.id}/history`}>{t('guidelines.editor.history')}</a>
        </p>
      )}
      <p>
        <a href={`${MANAGE}/versions/${props.head.versionId}`}>{t('guidelines.editor.backToVersion')}</a>
      </p>
    </Layout>
  );
}

function LessonLinks(props: { recId: string; identifier: string; linked: LessonChoice[]; choices: LessonChoice[]; lessonQuery: string; linkErrors: FieldErrors }) {
  const { t } = usePage();
  const base = `${MANAGE}/recommendations/${props.recId}`;
  const linkable = props.choices.filter((c) => !props.linked.some((l) => l.id === c.id));
  return (
    <section aria-labelledby="lessons-title" id="lessons">
      <h2 id="lessons-title">{t('guidelines.editor.lessons')}</h2>
      <p class="field__hint">{t('guidelines.editor.lessonsHint', { identifier: props.identifier })}</p>
      {props.linked.length ? (
        <ul>
          {props.linked.map((l) => (
            <li key={l.id}>
              {l.course} · {l.title} <ActionButton action={`${base}/lessons/${l.id}/unlink`} label={t('guidelines.editor.unlink')} variant="link" />
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('guidelines.editor.noLessons')}</p>
      )}
      <form action={`${base}#lessons`} method="get" role="search">
        <Field type="search" name="lq" label={t('guidelines.editor.findLesson')} value={props.lessonQuery} maxLength={100} />
        <Button variant="secondary">{t('guidelines.editor.find')}</Button>
      </form>
      {linkable.length ? (
        <Form action={`${base}/lessons`}>
          <SelectField name="lessonId" label={t('guidelines.editor.lesson')} error={props.linkErrors.lessonId} options={linkable.map((c) => ({ value: c.id, label: `${c.course} · ${c.title}` }))} />
          <Button>{t('guidelines.editor.link')}</Button>
        </Form>
      ) : (
        <p>{t('guidelines.editor.noLessonFound')}</p>
      )}
    </section>
  );
}

// ---- Translating a version -------------------------------------------------------------------------

export type TranslatableKind = 'guideline' | 'version' | 'chapter' | 'section' | 'recommendation';
export type TranslationState = 'missing' | 'up-to-date' | 'out-of-date';

export interface TranslatableText {
  kind: TranslatableKind;
  id: string;
  /** "Chapter 2", "Section 2.1", "R7": where it sits. */
  label: string;
  fields: readonly string[];
  source: Record<string, string> | null;
  target: Record<string, string> | null;
  state: TranslationState;
}

/** Field name of one item's field on the translation page, unique across the page's forms. */
export const translationField = (id: string, field: string) => `f-${id}-${field}`;

const LONG_FIELDS = new Set(['summary', 'intro', 'changeNote', 'statement', 'rationale']);

export function TranslatePage(props: { head: VersionHead; lang: Locale; items: TranslatableText[]; editable: boolean; values: FormValues; errors: FieldErrors; savedId?: string | null }) {
  const { t, locale } = usePage();
  const { head, lang } = props;
  const language = LOCALE_NAMES[lang];
  const typed = textIn(lang, locale);
  const source = textIn(head.sourceLocale, locale);
  const action = `${MANAGE}/versions/${head.versionId}/translate/${lang}`;
  const counts = { missing: 0, 'up-to-date': 0, 'out-of-date': 0 };
  for (const i of props.items) counts[i.state] += 1;
  return (
    <Layout title={`${t('guidelines.editor.translateInto', { language })} · ${head.guidelineTitle}`}>
      <Breadcrumbs items={[...versionCrumbs(head, t), { label: t('guidelines.editor.translateInto', { language }) }]} />
      <h1>{t('guidelines.editor.translateInto', { language })}</h1>
      <p>{t('guidelines.editor.translationCounts', { total: props.items.length, missing: counts.missing, outOfDate: counts['out-of-date'] })}</p>
      {!props.editable && <Alert kind="info">{t('guidelines.editor.notTranslatable')}</Alert>}
      {props.savedId && <Alert kind="success">{t('guidelines.editor.notice.saved')}</Alert>}
      <ErrorSummary errors={props.errors} />
      {props.items.map((item) => {
        const mine = props.errors && Object.keys(props.errors).some((k) => k.startsWith(`f-${item.id}-`) || k === `item-${item.id}`);
        return (
          <section class="translation-item" id={`item-${item.id}`} key={item.id} aria-labelledby={`item-${item.id}-title`}>
            <h2 id={`item-${item.id}-title`}>
              {item.label} · <span class={`translation-state translation-state--${item.state}`}>{t(`guidelines.editor.state.${item.state}`)}</span>
            </h2>
            <div class="side-by-side">
              <div class="source-text" {...source}>
                <h3 class="visually-hidden">{t('guidelines.editor.original', { language: languageName(head.sourceLocale) })}</h3>
                {item.fields.map((f) => (
                  <div key={f}>
                    <p class="field__hint">{t(`guidelines.editor.field.${f === 'title' && item.kind !== 'guideline' ? 'partTitle' : f}`)}</p>
                    <p class="preserve-lines">{item.source?.[f] ?? ''}</p>
                  </div>
                ))}
              </div>
              {props.editable ? (
                <Form action={`${action}#item-${item.id}`}>
                  <input type="hidden" name="kind" value={item.kind} />
                  <input type="hidden" name="id" value={item.id} />
                  {item.fields.map((f) => {
                    const name = translationField(item.id, f);
                    const label = t(`guidelines.editor.field.${f === 'title' && item.kind !== 'guideline' ? 'partTitle' : f}`);
                    const value = mine ? props.values[name] : (item.target?.[f] ?? '');
                    return LONG_FIELDS.has(f) ? (
                      <TextAreaField {...typed} key={f} name={name} label={label} value={value} error={props.errors[name]} rows={f === 'rationale' || f === 'intro' ? 6 : 3} />
                    ) : (
                      <Field {...typed} key={f} name={name} label={label} value={value} error={props.errors[name]} maxLength={300} />
                    );
                  })}
                  <Button variant="secondary">{t('guidelines.editor.saveTranslation', { item: item.label })}</Button>
                </Form>
              ) : (
                <div {...typed}>
                  {item.fields.map((f) => (
                    <p key={f} class="preserve-lines">
                      {item.target?.[f] ?? '–'}
                    </p>
                  ))}
                </div>
              )}
            </div>
          </section>
        );
      })}
      <p>
        <a href={`${MANAGE}/${head.guidelineId}`}>{t('guidelines.editor.backToGuideline')}</a>
      </p>
    </Layout>
  );
}


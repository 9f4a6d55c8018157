import type { FormValues } from '../../../platform/http/forms.js';
import { languageDirection, languageName } from '../../../platform/i18n/index.js';
import { Alert, Breadcrumbs, Button, ButtonLink, CheckboxField, ErrorSummary, Facts, Field, FileField, Form, RadioGroup, SelectField, Table, TextAreaField, type FieldErrors } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { Layout } from '../../../platform/ui/layout.js';
import { textIn } from '../instruments.js';
import { SCREENING_MODES } from '../schema.js';
import type { InstrumentSummary, ScreeningListItem, ScreeningView } from '../screenings.js';
import { careCrumbs, CareNotice } from './residents.js';

type ResidentRef = { id: string; caseCode: string; languages: string[]; mediatorNeeded: boolean; canAct: boolean };
export type FollowUp = { href: string | null; guideline: string; identifier: string; statement: string | null };

/** The resident's screenings, on the resident's page. */
export function ScreeningsSection({ residentId, screenings, canStart }: { residentId: string; screenings: ScreeningListItem[]; canStart: boolean }) {
  const { t, locale, formatDate } = usePage();
  return (
    <section aria-labelledby="resident-screenings">
      <h2 id="resident-screenings">{t('care.screening.title')}</h2>
      <Table
        caption={t('care.screening.caption')}
        rows={screenings}
        empty={t('care.screening.none')}
        columns={[
          { header: t('care.screening.instrument'), cell: (s) => <a href={`/care/screenings/${s.id}`}>{`${textIn(s.instrumentTitle, locale)} (${s.instrumentVersion})`}</a> },
          { header: t('care.screening.language'), cell: (s) => languageName(locale, s.language) },
          { header: t('care.screening.date'), cell: (s) => formatDate(s.completedAt ?? s.startedAt) },
          { header: t('care.screening.state'), cell: (s) => (s.status === 'completed' ? t('care.screening.completed') : t('care.screening.inProgress')) },
          { header: t('care.screening.score'), cell: (s) => (s.score ?? '—'), numeric: true },
          { header: t('care.screening.cutoff'), cell: (s) => (s.aboveCutoff === null ? '—' : s.aboveCutoff ? t('care.screening.above') : t('care.screening.below')) },
        ]}
      />
      {canStart && (
        <p>
          <ButtonLink href={`/care/residents/${residentId}/screenings/new`}>{t('care.screening.start')}</ButtonLink>
        </p>
      )}
    </section>
  );
}

export function StartScreeningPage(props: { resident: ResidentRef; instruments: InstrumentSummary[]; values: FormValues; errors?: FieldErrors }) {
  const { t, locale } = usePage();
  const e = props.errors ?? {};
  const v = props.values;
  const languages = [...new Set(props.instruments.flatMap((i) => i.definition.languages))];
  return (
    <Layout title={t('care.screening.start')}>
      <Breadcrumbs items={careCrumbs(t, { href: `/care/residents/${props.resident.id}`, label: props.resident.caseCode }, { label: t('care.screening.start') })} />
      <h1>{t('care.screening.start')}</h1>
      <ErrorSummary errors={e} />
      {props.instruments.some((i) => !i.definition.validated) && <Alert kind="warning">{t('care.screening.notValidated')}</Alert>}
      <Form action={`/care/residents/${props.resident.id}/screenings`}>
        <RadioGroup
          name="instrumentId"
          legend={t('care.screening.instrument')}
          checked={v.instrumentId ?? props.instruments[0]?.id}
          error={e.instrumentId}
          options={props.instruments.map((i) => ({ value: i.id, label: `${textIn(i.definition.title, locale)} (${i.version})${i.definition.validated ? '' : ` · ${t('care.screening.demoOnly')}`}` }))}
        />
        <SelectField
          name="language"
          label={t('care.screening.language')}
          hint={t('care.screening.languageHint')}
          value={v.language ?? props.resident.languages.find((l) => languages.includes(l)) ?? ''}
          error={e.language}
          options={languages.map((l) => ({ value: l, label: languageName(locale, l) }))}
        />
        <RadioGroup name="mode" legend={t('care.screening.mode')} checked={v.mode ?? (props.resident.mediatorNeeded ? 'operator-with-mediator' : 'operator')} error={e.mode} options={SCREENING_MODES.map((m) => ({ value: m, label: t(`care.screening.modeValue.${m}`) }))} />
        <Field name="mediatorLanguage" label={t('care.screening.mediatorLanguage')} hint={t('care.screening.mediatorLanguageHint')} value={v.mediatorLanguage ?? props.resident.languages[0] ?? ''} error={e.mediatorLanguage} maxLength={20} spellcheck={false} optional />
        <Button>{t('care.screening.begin')}</Button>
      </Form>
    </Layout>
  );
}

/**
 * The questionnaire in the resident's language and script, whatever the page's language: large options that a
 * finger finds on a phone or tablet, one page, no script needed. Answers can be saved and finished later.
 */
export function AdministerPage(props: { view: ScreeningView; resident: ResidentRef; errors?: FieldErrors; missing?: string[] }) {
  const { t } = usePage();
  const { screening, instrument } = props.view;
  const def = instrument.definition;
  const lang = screening.language;
  const dir = languageDirection(lang);
  const e = props.errors ?? {};
  const missing = new Set(props.missing ?? []);
  return (
    <Layout title={textIn(def.title, lang)}>
      <Breadcrumbs items={careCrumbs(t, { href: `/care/residents/${props.resident.id}`, label: props.resident.caseCode }, { label: t('care.screening.title') })} />
      <ErrorSummary errors={e} />
      {!def.validated && <Alert kind="warning">{t('care.screening.notValidated')}</Alert>}
      <p class="screening__meta">
        {t('care.screening.administering', { language: languageName(lang, lang), mode: t(`care.screening.modeValue.${screening.mode}`) })}
      </p>
      <Form action={`/care/screenings/${screening.id}`} class="screening" aria-label={textIn(def.title, lang)}>
        <div lang={lang} dir={dir}>
          <h1>{textIn(def.title, lang)}</h1>
          {def.description[lang] && <p>{textIn(def.description, lang)}</p>}
          {def.items.map((item) =>
            item.type === 'display' ? (
              <p key={item.linkId} class="screening__intro">
                {textIn(item.text, lang)}
              </p>
            ) : (
              <fieldset key={item.linkId} class={`screening__item${missing.has(item.linkId) ? ' field--error' : ''}`} id={`item-${item.linkId}`} aria-describedby={missing.has(item.linkId) ? `item-${item.linkId}-error` : undefined}>
                <legend>{textIn(item.text, lang)}</legend>
                {missing.has(item.linkId) && (
                  <p class="field__error" id={`item-${item.linkId}-error`} lang={undefined}>
                    {t('care.screening.answerThis')}
                  </p>
                )}
                {item.options.map((o, i) => {
                  const id = `item-${item.linkId}-${i}`;
                  return (
                    <div class="screening__option" key={o.code}>
                      <input id={id} type={item.repeats ? 'checkbox' : 'radio'} name={`a.${item.linkId}`} value={o.code} checked={(screening.answers[item.linkId] ?? []).includes(o.code)} required={item.required && !item.repeats} />
                      <label for={id}>{textIn(o.display, lang)}</label>
                    </div>
                  );
                })}
              </fieldset>
            ),
          )}
        </div>
        <div class="actions">
          <Button name="action" value="complete">
            {t('care.screening.finish')}
          </Button>
          <Button name="action" value="save" variant="secondary">
            {t('care.screening.saveForLater')}
          </Button>
        </div>
      </Form>
      <p class="screening__licence">{textIn(def.licence, lang)}</p>
    </Layout>
  );
}

export function ResultPage(props: { view: ScreeningView; resident: ResidentRef; followUps: FollowUp[]; canRefer: boolean }) {
  const { t, locale, formatDate } = usePage();
  const { screening, instrument, band } = props.view;
  const def = instrument.definition;
  return (
    <Layout title={t('care.screening.resultTitle', { code: props.resident.caseCode })}>
      <Breadcrumbs items={careCrumbs(t, { href: `/care/residents/${props.resident.id}`, label: props.resident.caseCode }, { label: t('care.screening.result') })} />
      <h1>{t('care.screening.resultTitle', { code: props.resident.caseCode })}</h1>
      {!def.validated && <Alert kind="warning">{t('care.screening.notValidated')}</Alert>}
      {screening.status === 'in-progress' && <Alert kind="info">{t('care.screening.unfinished')}</Alert>}
      <Facts
        items={[
          [t('care.screening.instrument'), `${textIn(def.title, locale)} (${instrument.version})`],
          [t('care.screening.date'), formatDate(screening.completedAt ?? screening.startedAt, 'datetime')],
          [t('care.screening.language'), languageName(locale, screening.language)],
          [t('care.screening.mode'), t(`care.screening.modeValue.${screening.mode}`) + (screening.mediatorLanguage ? ` (${languageName(locale, screening.mediatorLanguage)})` : '')],
          [t('care.screening.score'), def.range ? t('care.screening.scoreOf', { score: screening.score ?? 0, max: def.range.max }) : String(screening.score ?? '—')],
          [t('care.screening.band'), band ? textIn(band.label, locale) : '—'],
          [t('care.screening.cutoff'), screening.aboveCutoff === null ? '—' : screening.aboveCutoff ? t('care.screening.aboveCutoff', { cutoff: def.cutoff ?? 0 }) : t('care.screening.belowCutoff', { cutoff: def.cutoff ?? 0 })],
        ]}
      />
      <section aria-labelledby="follow-up">
        <h2 id="follow-up">{t('care.screening.followUp')}</h2>
        {props.followUps.length === 0 ? (
          <p>{t('care.screening.noFollowUp')}</p>
        ) : (
          <ul class="follow-ups">
            {props.followUps.map((f) => (
              <li key={`${f.guideline}#${f.identifier}`}>
                {f.href ? <a href={f.href}>{f.identifier}</a> : f.identifier}
                {f.statement && <span>: {f.statement}</span>}
              </li>
            ))}
          </ul>
        )}
        <div class="actions">
          {props.canRefer && <ButtonLink href={`/care/residents/${props.resident.id}/referrals/new?screening=${screening.id}`}>{t('care.screening.refer')}</ButtonLink>}
          {screening.status === 'completed' && (
            <ButtonLink href={`/care/screenings/${screening.id}/fhir.json`} variant="secondary">
              {t('care.screening.fhir')}
            </ButtonLink>
          )}
        </div>
      </section>
      <p class="screening__licence">{textIn(def.licence, locale)}</p>
    </Layout>
  );
}

export function InstrumentsPage(props: { instruments: InstrumentSummary[]; values?: FormValues; errors?: FieldErrors; problems?: string[]; warnings?: string[]; notice?: string | null }) {
  const { t, locale } = usePage();
  const e = props.errors ?? {};
  return (
    <Layout title={t('care.instruments.title')}>
      <Breadcrumbs items={careCrumbs(t, { label: t('care.instruments.title') })} />
      <h1>{t('care.instruments.title')}</h1>
      <CareNotice notice={props.notice} />
      {props.warnings && props.warnings.length > 0 && (
        <Alert kind="warning" title={t('care.instruments.warnings')}>
          <ul>
            {props.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </Alert>
      )}
      <Table
        caption={t('care.instruments.caption')}
        rows={props.instruments}
        empty={t('care.instruments.none')}
        columns={[
          { header: t('care.instruments.name'), cell: (i) => textIn(i.definition.title, locale) },
          { header: t('care.instruments.code'), cell: (i) => <code>{`${i.code} ${i.version}`}</code> },
          { header: t('care.instruments.languages'), cell: (i) => i.definition.languages.map((l) => languageName(locale, l)).join(', ') },
          { header: t('care.instruments.validated'), cell: (i) => (i.definition.validated ? t('care.yes') : t('care.no')) },
          {
            header: t('care.instruments.state'),
            cell: (i) => (
              <Form action={`/care/settings/instruments/${i.id}/status`} class="inline-form">
                <span>{i.status === 'active' ? t('care.instruments.active') : t('care.instruments.retired')}</span>{' '}
                <input type="hidden" name="status" value={i.status === 'active' ? 'retired' : 'active'} />
                <Button variant="secondary">{i.status === 'active' ? t('care.instruments.retire') : t('care.instruments.reactivate')}</Button>
              </Form>
            ),
          },
        ]}
      />
      <h2>{t('care.instruments.import')}</h2>
      <p>{t('care.instruments.importIntro')}</p>
      <ErrorSummary errors={e} />
      {props.problems && props.problems.length > 0 && (
        <Alert kind="error" title={t('care.instruments.problems')}>
          <ul>
            {props.problems.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </Alert>
      )}
      <Form action="/care/settings/instruments" enctype="multipart/form-data">
        <FileField name="file" label={t('care.instruments.file')} hint={t('care.instruments.fileHint')} accept=".json,application/fhir+json,application/json" error={e.file} required />
        <TextAreaField name="bands" label={t('care.instruments.bands')} hint={t('care.instruments.bandsHint')} value={props.values?.bands} error={e.bands} rows={4} optional />
        <Field name="cutoff" label={t('care.instruments.cutoff')} type="number" inputMode="numeric" value={props.values?.cutoff} error={e.cutoff} optional />
        <Field name="licence" label={t('care.instruments.licence')} value={props.values?.licence} error={e.licence} maxLength={1000} optional />
        <CheckboxField name="requireAll" label={t('care.instruments.requireAll')} checked={props.values?.requireAll === 'on'} />
        <Button>{t('care.instruments.importButton')}</Button>
      </Form>
    </Layout>
  );
}

import { COUNTRIES, countryName } from '../../../platform/i18n/countries.js';
import { LOCALES, LOCALE_NAMES } from '../../../platform/i18n/index.js';
import { PROFESSIONS } from '../../../platform/identity/users.js';
import type { Picked } from '../../../platform/translations.js';
import { Alert, Breadcrumbs, Button, Card, CheckboxField, CheckboxGroup, ErrorSummary, Facts, Field, Form, SelectField, Table, Tabs, TextAreaField, type FieldErrors } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { Layout } from '../../../platform/ui/layout.js';
import type { CampaignDetail, listCampaigns, RenderedIssue } from '../campaigns.js';
import { TOPICS } from '../schema.js';

type Values = Record<string, string | string[]>;
const str = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[v.length - 1] ?? '') : (v ?? ''));

export function ArchivePage({ issues }: { issues: { slug: string; sentAt: Date; text: Picked<{ subject: string }> }[] }) {
  const { t, formatDate } = usePage();
  return (
    <Layout title={t('newsletter.archive.title')}>
      <Breadcrumbs items={[{ href: '/', label: t('nav.home') }, { href: '/newsletter', label: t('newsletter.title') }, { label: t('newsletter.archive.title') }]} />
      <h1>{t('newsletter.archive.title')}</h1>
      {issues.length ? (
        <div class="cards">
          {issues.map((i) => (
            <Card key={i.slug} title={i.text.value.subject} href={`/newsletter/archive/${i.slug}`} headingLevel={2}>
              <p class="card__meta">
                <time dateTime={i.sentAt.toISOString()}>{formatDate(i.sentAt)}</time>
              </p>
            </Card>
          ))}
        </div>
      ) : (
        <p>{t('newsletter.archive.none')}</p>
      )}
      <p>
        <a href="/newsletter">{t('newsletter.subscribe')}</a>
      </p>
    </Layout>
  );
}

export function ArchiveIssuePage({ issue, sentAt }: { issue: RenderedIssue; sentAt: Date }) {
  const { t, locale, formatDate } = usePage();
  return (
    <Layout title={issue.subject}>
      <Breadcrumbs items={[{ href: '/newsletter/archive', label: t('newsletter.archive.title') }, { label: issue.subject }]} />
      <article lang={issue.locale !== locale ? issue.locale : undefined}>
        <h1>{issue.subject}</h1>
        <p class="card__meta">
          <time dateTime={sentAt.toISOString()}>{formatDate(sentAt)}</time>
        </p>
        <div class="prose" dangerouslySetInnerHTML={{ __html: issue.content }} />
      </article>
      <p>
        <a href="/newsletter">{t('newsletter.subscribe')}</a>
      </p>
    </Layout>
  );
}

export function CampaignsList({ rows }: { rows: Awaited<ReturnType<typeof listCampaigns>> }) {
  const { t, formatDate } = usePage();
  return (
    <Layout title={t('newsletter.campaign.title')}>
      <h1>{t('newsletter.campaign.title')}</h1>
      <p>
        <a class="button button--primary" href="/editor/newsletter/campaigns/new">
          {t('newsletter.campaign.new')}
        </a>{' '}
        <a href="/newsletter/archive">{t('newsletter.archive.title')}</a>
      </p>
      <Table
        caption={t('newsletter.campaign.title')}
        rows={rows}
        empty={t('newsletter.campaign.none')}
        columns={[
          { header: t('newsletter.campaign.subject'), cell: (r) => <a href={`/editor/newsletter/campaigns/${r.campaign.id}`}>{r.subject}</a> },
          { header: t('newsletter.editor.status'), cell: (r) => t(`newsletter.campaign.status.${r.campaign.status}`) },
          { header: t('portal.editor.languages'), cell: (r) => r.languages.map((l) => l.toUpperCase()).join(', ') },
          { header: t('newsletter.campaign.sent'), cell: (r) => t('newsletter.campaign.progress', { sent: r.counts.sent ?? 0, failed: r.counts.failed ?? 0, uncertain: r.counts.uncertain ?? 0 }) },
          { header: t('newsletter.campaign.sendAt'), cell: (r) => (r.campaign.sendAt ? formatDate(r.campaign.sendAt, 'datetime') : '–') },
        ]}
      />
    </Layout>
  );
}

export function CampaignNew({ values, errors }: { values: Values; errors: FieldErrors }) {
  const { t } = usePage();
  return (
    <Layout title={t('newsletter.campaign.new')}>
      <Breadcrumbs items={[{ href: '/editor/newsletter/campaigns', label: t('newsletter.campaign.title') }, { label: t('newsletter.campaign.new') }]} />
      <h1>{t('newsletter.campaign.new')}</h1>
      <ErrorSummary errors={errors} />
      <Form action="/editor/newsletter/campaigns/new">
        <SelectField name="sourceLocale" label={t('portal.editor.sourceLocale')} value={str(values.sourceLocale)} required options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))} error={errors.sourceLocale} />
        <Field name="slug" label={t('portal.editor.slug')} hint={t('newsletter.campaign.slugHint')} value={str(values.slug)} error={errors.slug} required maxLength={80} spellcheck={false} />
        <Field name="subject" label={t('newsletter.campaign.subject')} value={str(values.subject)} error={errors.subject} required maxLength={200} />
        <TextAreaField name="intro" label={t('newsletter.campaign.intro')} hint={t('portal.editor.bodyHint')} value={str(values.intro)} error={errors.intro} rows={8} />
        <Button>{t('portal.editor.create')}</Button>
      </Form>
    </Layout>
  );
}

export function CampaignEdit(props: {
  detail: CampaignDetail;
  editing: string;
  values: Values;
  errors: FieldErrors;
  section?: string;
  notice: string | null;
  candidates: { kind: string; slug: string; label: string }[];
  projects: { value: string; label: string }[];
  recipients: number;
  counts: Partial<Record<string, number>>;
  clicks: Map<string, number>;
}) {
  const { t, locale, formatDate, formatNumber } = usePage();
  const { campaign: c, texts, items } = props.detail;
  const base = `/editor/newsletter/campaigns/${c.id}`;
  const source = texts.find((x) => x.locale === c.sourceLocale);
  const title = source?.subject ?? c.slug;
  const draft = c.status === 'draft';
  const errorsFor = (s: string) => (props.section === s ? props.errors : {});
  const state = (l: string) => {
    const row = texts.find((x) => x.locale === l);
    if (!row) return t('portal.editor.missing');
    if (l === c.sourceLocale) return t('portal.editor.source');
    return row.sourceRevision < (source?.revision ?? 1) ? t('portal.editor.outOfDate') : t('portal.editor.upToDate');
  };
  const label = (kind: string, slug: string) => props.candidates.find((x) => x.kind === kind && x.slug === slug)?.label ?? slug;
  const seg = c.segment;
  return (
    <Layout title={title}>
      <Breadcrumbs items={[{ href: '/editor/newsletter/campaigns', label: t('newsletter.campaign.title') }, { label: title }]} />
      <h1>{title}</h1>
      {props.notice && (
        <Alert kind="success">
          <p>{t(`newsletter.campaign.notice.${props.notice}`)}</p>
        </Alert>
      )}
      <Facts
        items={[
          [t('newsletter.editor.status'), t(`newsletter.campaign.status.${c.status}`)],
          [t('newsletter.campaign.recipients'), formatNumber(props.recipients)],
          ...(c.sendAt ? [[t('newsletter.campaign.sendAt'), formatDate(c.sendAt, 'datetime')] as [string, string]] : []),
          ...(c.status !== 'draft' ? [[t('newsletter.campaign.sent'), t('newsletter.campaign.progress', { sent: props.counts.sent ?? 0, failed: props.counts.failed ?? 0, uncertain: props.counts.uncertain ?? 0 })] as [string, string]] : []),
        ]}
      />
      {!draft && <p>{t('newsletter.campaign.locked')}</p>}

      <h2 id="text-title">{t('newsletter.campaign.versions')}</h2>
      <Tabs label={t('portal.editor.languages')} items={LOCALES.map((l) => ({ href: `${base}?edit=${l}`, label: `${LOCALE_NAMES[l]} · ${state(l)}`, current: l === props.editing }))} />
      {draft && (
        <>
          <ErrorSummary errors={errorsFor('text')} />
          {props.editing !== c.sourceLocale && source && (
            <blockquote lang={c.sourceLocale}>
              <p>
                <strong>{source.subject}</strong>
              </p>
              <p>{source.intro}</p>
            </blockquote>
          )}
          <Form action={`${base}/text`}>
            <input type="hidden" name="locale" value={props.editing} />
            <div lang={props.editing}>
              <Field name="subject" label={t('newsletter.campaign.subject')} value={str(props.values.subject)} error={errorsFor('text').subject} required maxLength={200} />
              <TextAreaField name="intro" label={t('newsletter.campaign.intro')} hint={t('portal.editor.bodyHint')} value={str(props.values.intro)} error={errorsFor('text').intro} rows={8} />
            </div>
            <Button>{t('form.save')}</Button>
          </Form>
        </>
      )}
      <p>
        {t('newsletter.campaign.preview')}:{' '}
        {texts.map((x, i) => (
          <>
            {i > 0 && ' · '}
            <a href={`${base}/preview?lang=${x.locale}`} lang={x.locale}>
              {LOCALE_NAMES[x.locale as keyof typeof LOCALE_NAMES] ?? x.locale}
            </a>{' '}
            (<a href={`${base}/preview?lang=${x.locale}&format=text`}>{t('newsletter.campaign.plainText')}</a>)
          </>
        ))}
      </p>

      <h2 id="items-title">{t('newsletter.campaign.items')}</h2>
      <Table
        caption={t('newsletter.campaign.items')}
        rows={items}
        empty={t('newsletter.campaign.noItems')}
        columns={[
          { header: t('newsletter.campaign.kind'), cell: (i) => t(`newsletter.campaign.kind.${i.kind}`) },
          { header: t('portal.editor.titleField'), cell: (i) => label(i.kind, i.slug) },
          ...(c.countClicks && !draft ? [{ header: t('newsletter.campaign.clicks'), cell: (i: (typeof items)[number]) => formatNumber(props.clicks.get(`${i.kind}:${i.slug}`) ?? 0) }] : []),
          ...(draft
            ? [
                {
                  header: t('portal.dissemination.actions'),
                  cell: (i: (typeof items)[number]) => (
                    <Form action={`${base}/items/${i.kind}/${i.slug}/delete`}>
                      <Button variant="secondary">{t('portal.events.detach')}</Button>
                    </Form>
                  ),
                },
              ]
            : []),
        ]}
      />
      {draft && (
        <>
          <ErrorSummary errors={errorsFor('items')} />
          <Form action={`${base}/items`}>
            <SelectField name="item" label={t('newsletter.campaign.addItem')} options={props.candidates.map((x) => ({ value: `${x.kind}:${x.slug}`, label: `${t(`newsletter.campaign.kind.${x.kind}`)} · ${x.label}` }))} emptyLabel="" required error={errorsFor('items').item} />
            <Button variant="secondary">{t('portal.events.attachButton')}</Button>
          </Form>
          <Form action={`${base}/clicks`}>
            <CheckboxField name="countClicks" label={t('newsletter.campaign.countClicks')} hint={t('newsletter.campaign.countClicksHint')} checked={c.countClicks} />
            <Button variant="secondary">{t('form.save')}</Button>
          </Form>
        </>
      )}
      {!draft && <p>{t(c.countClicks ? 'newsletter.campaign.clicksCounted' : 'newsletter.campaign.clicksNotCounted')}</p>}

      <h2 id="segment-title">{t('newsletter.campaign.segment')}</h2>
      <p>{t('newsletter.campaign.segmentHint')}</p>
      <Form action={`${base}/segment`}>
        <CheckboxGroup name="languages" legend={t('newsletter.language')} options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))} checked={seg.languages ?? []} />
        <CheckboxGroup name="projects" legend={t('newsletter.projects')} options={props.projects} checked={seg.projects ?? []} />
        <CheckboxGroup name="topics" legend={t('newsletter.topics')} options={TOPICS.map((x) => ({ value: x, label: t(`newsletter.topic.${x}`) }))} checked={seg.topics ?? []} />
        <CheckboxGroup name="professions" legend={t('field.profession')} options={PROFESSIONS.map((x) => ({ value: x, label: t(`profession.${x}`) }))} checked={seg.professions ?? []} />
        <details>
          <summary>{t('field.country')}</summary>
          <CheckboxGroup
            name="countries"
            legend={t('field.country')}
            options={COUNTRIES.map((x) => ({ value: x, label: countryName(locale, x) })).sort((a, b) => a.label.localeCompare(b.label, locale))}
            checked={seg.countries ?? []}
          />
        </details>
        {draft && <Button variant="secondary">{t('form.save')}</Button>}
      </Form>

      <h2 id="test-title">{t('newsletter.campaign.testTitle')}</h2>
      <ErrorSummary errors={errorsFor('test')} />
      <Form action={`${base}/test`}>
        <Field name="testTo" type="email" label={t('field.email')} value={str(props.values.testTo)} error={errorsFor('test').testTo} required maxLength={254} />
        <SelectField name="testLocale" label={t('newsletter.language')} value={str(props.values.testLocale) || c.sourceLocale} options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))} required error={errorsFor('test').testLocale} />
        <Button variant="secondary">{t('newsletter.campaign.testSend')}</Button>
      </Form>

      <h2 id="schedule-title">{t('newsletter.campaign.scheduleTitle')}</h2>
      <ErrorSummary errors={errorsFor('schedule')} />
      {draft ? (
        <>
          <Form action={`${base}/schedule`}>
            <Button name="action" value="now">
              {t('newsletter.campaign.sendNow', { count: props.recipients })}
            </Button>
          </Form>
          <Form action={`${base}/schedule`}>
            <Field name="sendAt" label={t('newsletter.campaign.sendAt')} hint={t('newsletter.campaign.sendAtHint')} value={str(props.values.sendAt)} error={errorsFor('schedule').sendAt} maxLength={16} />
            <Button variant="secondary" name="action" value="at">
              {t('newsletter.campaign.schedule')}
            </Button>
          </Form>
        </>
      ) : c.status === 'scheduled' ? (
        <Form action={`${base}/schedule`}>
          <Button variant="secondary" name="action" value="unschedule">
            {t('newsletter.campaign.unschedule')}
          </Button>
        </Form>
      ) : null}

      {c.status === 'sent' && (props.counts.uncertain ?? 0) > 0 && (
        <>
          <h2 id="uncertain-title">{t('newsletter.campaign.uncertainTitle')}</h2>
          <p>{t('newsletter.campaign.uncertainBody', { count: props.counts.uncertain ?? 0 })}</p>
          <Form action={`${base}/resend-uncertain`}>
            <Button variant="secondary">{t('newsletter.campaign.resendUncertain', { count: props.counts.uncertain ?? 0 })}</Button>
          </Form>
        </>
      )}
    </Layout>
  );
}

import { countryName } from '../../../platform/i18n/countries.js';
import { Breadcrumbs, Card, Facts, Table } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { Layout } from '../../../platform/ui/layout.js';
import { renderMarkdown } from '../../../platform/ui/markdown.js';
import type { Picked } from '../../../platform/translations.js';
import type { ProjectDetail, ProjectSummary } from '../service.js';
import { FundingStatement } from './funding.js';
import { langAttr, TranslationNotice } from '../../../platform/ui/translation-notice.js';

function Dates({ start, end }: { start: string | null; end: string | null }) {
  const { formatDate } = usePage();
  const d = (s: string) => formatDate(new Date(`${s}T12:00:00Z`));
  if (start && end) return <>{`${d(start)} – ${d(end)}`}</>;
  if (end) return <>{`– ${d(end)}`}</>;
  return <>{start ? d(start) : '—'}</>;
}

function ProjectCard({ p }: { p: ProjectSummary }) {
  const { t, locale } = usePage();
  return (
    <Card title={`${p.acronym} · ${p.text.value.name}`} href={`/projects/${p.slug}`} headingLevel={3}>
      <p class="card__meta">
        <span class={`status status--${p.status}`}>{t(`portal.status.${p.status}`)}</span> <Dates start={p.startDate} end={p.endDate} />
      </p>
      {p.text.value.summary && (
        <p lang={langAttr(p.text, locale)}>{firstSentences(p.text.value.summary)}</p>
      )}
    </Card>
  );
}

/** The first paragraph of Markdown as plain text, for cards. */
const firstSentences = (md: string) => md.split(/\n{2,}/)[0]!.replace(/[*_`#>[\]]/g, '').replace(/\(https?:[^)]+\)/g, '');

export function PortalHome({ projects }: { projects: ProjectSummary[] }) {
  const { t } = usePage();
  const ongoing = projects.filter((p) => p.status !== 'ended');
  const ended = projects.filter((p) => p.status === 'ended');
  return (
    <Layout title={t('home.title')}>
      <section class="hero">
        <h1>{t('home.title')}</h1>
        <p class="lead">{t('home.lead')}</p>
      </section>
      <ProjectLists ongoing={ongoing} ended={ended} />
    </Layout>
  );
}

function ProjectLists({ ongoing, ended }: { ongoing: ProjectSummary[]; ended: ProjectSummary[] }) {
  const { t } = usePage();
  return (
    <>
      <h2>{t('portal.projects.ongoing')}</h2>
      {ongoing.length ? (
        <div class="cards">
          {ongoing.map((p) => (
            <ProjectCard key={p.id} p={p} />
          ))}
        </div>
      ) : (
        <p>{t('portal.projects.none')}</p>
      )}
      <h2>{t('portal.projects.ended')}</h2>
      {ended.length ? (
        <div class="cards">
          {ended.map((p) => (
            <ProjectCard key={p.id} p={p} />
          ))}
        </div>
      ) : (
        <p>{t('portal.projects.none')}</p>
      )}
    </>
  );
}

export function ProjectsPage({ projects }: { projects: ProjectSummary[] }) {
  const { t } = usePage();
  return (
    <Layout title={t('portal.projects.title')}>
      <h1>{t('portal.projects.title')}</h1>
      <ProjectLists ongoing={projects.filter((p) => p.status !== 'ended')} ended={projects.filter((p) => p.status === 'ended')} />
    </Layout>
  );
}

function ProjectNav({ detail, current }: { detail: ProjectDetail; current?: string }) {
  const { t } = usePage();
  // The project's own pages, then its items in the site-wide sections, filtered to the project.
  const sections = [
    ['/news', 'portal.news.title'],
    ['/documents', 'portal.documents.title'],
    ['/dissemination', 'portal.dissemination.title'],
    ['/events', 'portal.events.title'],
    ['/newsletter', 'newsletter.title'],
  ].map(([path, key]) => ({ href: `${path}?project=${detail.slug}`, label: t(key!), key: path! }));
  const items = [{ href: `/projects/${detail.slug}`, label: t('portal.project.overview'), key: '' }, ...detail.menu.map((m) => ({ href: `/projects/${detail.slug}/${m.slug}`, label: m.title, key: m.slug })), ...sections];
  return (
    <nav class="tabs" aria-label={t('portal.project.menu', { project: detail.acronym })}>
      <ul>
        {items.map((i) => (
          <li key={i.href}>
            <a href={i.href} aria-current={(current ?? '') === i.key ? 'page' : undefined}>
              {i.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Markdown({ text, picked }: { text: string; picked: Picked<unknown> }) {
  const { locale } = usePage();
  return <div class="prose" lang={langAttr(picked, locale)} dangerouslySetInnerHTML={{ __html: renderMarkdown(text) }} />;
}

/** The structured data of a page, for search engines. */
const JsonLd = ({ data }: { data: string }) => <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: data }} />;

export function ProjectPage({ detail, jsonLd }: { detail: ProjectDetail; jsonLd: string }) {
  const { t, locale } = usePage();
  const { project, text } = detail;
  const v = text.value;
  const partnerRole = (role: string) => t(`portal.partner.role.${role}`);
  return (
    <Layout title={`${project.acronym} · ${v.name}`} footer={<FundingStatement detail={detail} />} head={<JsonLd data={jsonLd} />}>
      <Breadcrumbs items={[{ href: '/', label: t('nav.home') }, { href: '/projects', label: t('portal.projects.title') }, { label: project.acronym }]} />
      <h1>
        <span class="acronym">{project.acronym}</span> <span lang={langAttr(text, locale)}>{v.name}</span>
      </h1>
      <ProjectNav detail={detail} />
      <TranslationNotice picked={text} />
      {detail.status === 'ended' && <p class="archive-note">{t('portal.project.archive')}</p>}
      <Facts
        items={[
          [t('portal.project.status'), t(`portal.status.${detail.status}`)],
          [t('portal.project.dates'), <Dates start={project.startDate} end={project.endDate} />],
          ...(project.programme ? [[t('portal.project.programme'), [project.programme, project.fundingLine].filter(Boolean).join(' · ')] as [string, string]] : []),
          ...(detail.funder ? [[t('portal.project.funder'), detail.funder.name] as [string, string]] : []),
          ...(project.grantNumber ? [[t('portal.project.grant'), project.grantNumber] as [string, string]] : []),
          ...(detail.coordinator
            ? [[t('portal.project.coordinator'), <a href={`/organisations/${detail.coordinator.id}`}>{`${detail.coordinator.name} (${countryName(locale, detail.coordinator.country)})`}</a>] as [string, preact.ComponentChildren]]
            : []),
          ...(project.website ? [[t('portal.project.website'), <a href={project.website}>{project.website}</a>] as [string, preact.ComponentChildren]] : []),
        ]}
      />
      {v.summary && (
        <section aria-labelledby="in-short">
          <h2 id="in-short">{t('portal.project.inShort')}</h2>
          <Markdown text={v.summary} picked={text} />
        </section>
      )}
      {v.objectives && (
        <section aria-labelledby="objectives">
          <h2 id="objectives">{t('portal.project.objectives')}</h2>
          <Markdown text={v.objectives} picked={text} />
        </section>
      )}
      {v.targetGroups && (
        <section aria-labelledby="target-groups">
          <h2 id="target-groups">{t('portal.project.targetGroups')}</h2>
          <Markdown text={v.targetGroups} picked={text} />
        </section>
      )}
      <h2 id="partners">{t('portal.project.partners')}</h2>
      <Table
        caption={t('portal.project.partnersCaption', { count: detail.partners.length, project: project.acronym })}
        rows={detail.partners}
        columns={[
          { header: t('portal.partner.organisation'), cell: (x) => <a href={`/organisations/${x.id}`}>{x.name}</a> },
          { header: t('field.country'), cell: (x) => countryName(locale, x.country) },
          { header: t('portal.partner.role'), cell: (x) => partnerRole(x.role) },
          { header: t('field.website'), cell: (x) => (x.website ? <a href={x.website}>{new URL(x.website).hostname}</a> : '—') },
        ]}
      />
      {detail.workPackages.length > 0 && (
        <>
          <h2 id="work-packages">{t('portal.project.workPackages')}</h2>
          <Table
            caption={t('portal.project.workPackages')}
            rows={detail.workPackages}
            columns={[
              { header: t('portal.wp.code'), cell: (w) => w.code },
              { header: t('portal.wp.title'), cell: (w) => (w.text ? <span lang={langAttr(w.text, locale)}>{w.text.value.title}</span> : '—') },
              { header: t('portal.wp.lead'), cell: (w) => w.lead ?? '—' },
            ]}
          />
        </>
      )}
      {(detail.previous || detail.related.length > 0) && (
        <>
          <h2 id="related">{t('portal.project.related')}</h2>
          <div class="cards">
            {detail.previous && (
              <div>
                <p class="card__kicker">{t('portal.project.previous')}</p>
                <ProjectCard p={detail.previous} />
              </div>
            )}
            {detail.related.map((r) => (
              <ProjectCard key={r.id} p={r} />
            ))}
          </div>
        </>
      )}
    </Layout>
  );
}

export function ProjectStaticPage({ detail, title, body, picked, slug }: { detail: ProjectDetail; title: string; body: string; picked: Picked<unknown>; slug: string }) {
  const { t, locale } = usePage();
  return (
    <Layout title={`${title} · ${detail.project.acronym}`} footer={<FundingStatement detail={detail} />}>
      <Breadcrumbs items={[{ href: '/', label: t('nav.home') }, { href: `/projects/${detail.slug}`, label: detail.project.acronym }, { label: title }]} />
      <h1 lang={langAttr(picked, locale)}>{title}</h1>
      <ProjectNav detail={detail} current={slug} />
      <TranslationNotice picked={picked} />
      <Markdown text={body} picked={picked} />
    </Layout>
  );
}

export function SitePage({ title, body, picked }: { title: string; body: string; picked: Picked<unknown> }) {
  const { t, locale } = usePage();
  return (
    <Layout title={title}>
      <Breadcrumbs items={[{ href: '/', label: t('nav.home') }, { label: title }]} />
      <h1 lang={langAttr(picked, locale)}>{title}</h1>
      <TranslationNotice picked={picked} />
      <Markdown text={body} picked={picked} />
    </Layout>
  );
}

export function OrganisationPage({ data, jsonLd }: { data: { organisation: { name: string; country: string; website: string | null }; typeName: string; ongoing: ProjectSummary[]; ended: ProjectSummary[] }; jsonLd: string }) {
  const { t, locale } = usePage();
  const o = data.organisation;
  return (
    <Layout title={o.name} head={<JsonLd data={jsonLd} />}>
      <Breadcrumbs items={[{ href: '/', label: t('nav.home') }, { label: o.name }]} />
      <h1>{o.name}</h1>
      <Facts
        items={[
          [t('field.orgType'), data.typeName],
          [t('field.country'), countryName(locale, o.country)],
          ...(o.website ? [[t('field.website'), <a href={o.website}>{o.website}</a>] as [string, preact.ComponentChildren]] : []),
        ]}
      />
      <ProjectLists ongoing={data.ongoing} ended={data.ended} />
    </Layout>
  );
}

import type { ProjectDetail } from './service.js';

/** schema.org data as the text of a <script type="application/ld+json">: no text inside can close the element. */
export const jsonLd = (data: Record<string, unknown>): string => JSON.stringify({ '@context': 'https://schema.org', ...data }).replace(/</g, '\\u003c');

/** schema.org ResearchProject (a kind of Organization): the project, its funder and its partners. */
export function projectJsonLd(baseUrl: string, d: ProjectDetail): string {
  const p = d.project;
  return jsonLd({
    '@type': 'ResearchProject',
    name: d.text.value.name,
    alternateName: p.acronym,
    description: d.text.value.summary.split(/\n{2,}/)[0],
    inLanguage: d.text.locale,
    url: `${baseUrl}/projects/${d.slug}`,
    sameAs: p.website ?? undefined,
    foundingDate: p.startDate ?? undefined,
    dissolutionDate: p.endDate ?? undefined,
    funder: d.funder ? { '@type': 'Organization', name: d.funder.name } : undefined,
    member: d.partners.map((x) => ({ '@type': 'Organization', name: x.name, url: `${baseUrl}/organisations/${x.id}`, address: { '@type': 'PostalAddress', addressCountry: x.country } })),
  });
}

/** schema.org Organization for an organisation's home. */
export const organisationJsonLd = (baseUrl: string, id: string, o: { name: string; country: string; website: string | null }) =>
  jsonLd({ '@type': 'Organization', name: o.name, url: `${baseUrl}/organisations/${id}`, sameAs: o.website ?? undefined, address: { '@type': 'PostalAddress', addressCountry: o.country } });

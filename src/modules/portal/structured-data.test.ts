import jsonld from 'jsonld';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApp } from '../../../test/helpers.js';
import { seedDemo } from '../../demo.js';

let ctx: Awaited<ReturnType<typeof testApp>>;

// schema.org's context, as far as these documents need it (the real one is fetched from schema.org, which tests cannot reach).
const SCHEMA_ORG_CONTEXT = { '@context': { '@vocab': 'https://schema.org/', url: { '@type': '@id' }, sameAs: { '@type': '@id' }, contentUrl: { '@type': '@id' } } };
const documentLoader = async (url: string) => {
  if (url.replace(/\/$/, '') !== 'https://schema.org') throw new Error(`unexpected context ${url}`);
  return { contextUrl: undefined, documentUrl: url, document: SCHEMA_ORG_CONTEXT };
};

async function structuredData(path: string) {
  const res = await new Client(ctx.app, { 'accept-language': 'it' }).get(path);
  expect(res.statusCode, path).toBe(200);
  const scripts = [...res.body.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  expect(scripts, path).toHaveLength(1);
  // Safe mode: expansion fails on anything it would have to drop (unknown keywords, malformed values).
  return jsonld.expand(JSON.parse(scripts[0]!), { documentLoader, safe: true } as jsonld.Options.Expand);
}

beforeAll(async () => {
  ctx = await testApp();
  await seedDemo(ctx.platform);
});
afterAll(async () => ctx?.close());

describe('structured data', () => {
  it('is valid JSON-LD with schema.org types on every kind of public item', async () => {
    const org = /href="\/organisations\/([0-9a-f-]{36})"/.exec((await new Client(ctx.app).get('/projects/eu-micare')).body)![1]!;
    const news = /href="\/news\/([a-z0-9-]+)"/.exec((await new Client(ctx.app).get('/news')).body)![1]!;
    const cases: [string, string][] = [
      ['/projects/eu-micare', 'ResearchProject'],
      [`/organisations/${org}`, 'Organization'],
      [`/news/${news}`, 'NewsArticle'],
      ['/documents/eu-micare-mapping-report', 'Report'],
      ['/events/eu-micare-italian-closing-event', 'Event'],
    ];
    for (const [path, type] of cases) {
      const [node] = (await structuredData(path)) as Record<string, unknown>[];
      expect(node!['@type'], path).toEqual([`https://schema.org/${type}`]);
      expect(node!['https://schema.org/url'] ?? node!['https://schema.org/name'], path).toBeDefined();
    }
    const [project] = (await structuredData('/projects/eu-micare')) as Record<string, { '@value'?: string; '@id'?: string }[]>[];
    expect(project!['https://schema.org/alternateName']![0]!['@value']).toBe('EU-MiCare');
    expect(project!['https://schema.org/member']!.length).toBe(5);
  });
});

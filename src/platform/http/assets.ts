import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export interface Asset {
  body: Buffer;
  type: string;
}

export interface Assets {
  files: Map<string, Asset>;
  css: string;
  js: string | null;
  /** The service worker of learners' pages, served at a fixed address (/sw.js) as browsers require. */
  serviceWorker: Buffer;
  /** The map island (Leaflet and its styles), loaded only by pages that show a map. */
  map: { css: string; js: string };
}

const clientDir = fileURLToPath(new URL('../../../client/', import.meta.url));

/** Bundles the stylesheet and the islands with esbuild, in memory, under content-hashed names. */
export async function buildAssets(): Promise<Assets> {
  const files = new Map<string, Asset>();
  const add = (base: string, ext: string, body: Buffer, type: string) => {
    const name = `${base}.${createHash('sha256').update(body).digest('hex').slice(0, 12)}.${ext}`;
    files.set(name, { body, type });
    return `/assets/${name}`;
  };
  const stylesheet = (path: string) => build({ entryPoints: [path], bundle: true, minify: true, write: false, logLevel: 'silent', loader: { '.png': 'dataurl', '.svg': 'dataurl' } });
  const [css, mapCss] = await Promise.all([stylesheet(clientDir + 'styles.css'), stylesheet(createRequire(import.meta.url).resolve('leaflet/dist/leaflet.css'))]);
  const script = (entry: string, format: 'esm' | 'iife') =>
    build({ entryPoints: [clientDir + entry], bundle: true, minify: true, format, target: 'es2020', write: false, jsx: 'automatic', jsxImportSource: 'preact', logLevel: 'silent' });
  const [js, sw, mapJs] = await Promise.all([script('main.ts', 'esm'), script('sw.ts', 'iife'), script('map.ts', 'esm')]);
  return {
    serviceWorker: Buffer.from(sw.outputFiles[0]!.contents),
    files,
    css: add('app', 'css', Buffer.from(css.outputFiles[0]!.contents), 'text/css; charset=utf-8'),
    js: add('app', 'js', Buffer.from(js.outputFiles[0]!.contents), 'text/javascript; charset=utf-8'),
    map: {
      css: add('map', 'css', Buffer.from(mapCss.outputFiles[0]!.contents), 'text/css; charset=utf-8'),
      js: add('map', 'js', Buffer.from(mapJs.outputFiles[0]!.contents), 'text/javascript; charset=utf-8'),
    },
  };
}

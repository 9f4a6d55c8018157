import { createHash } from 'node:crypto';
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
  const css = await build({ entryPoints: [clientDir + 'styles.css'], bundle: true, minify: true, write: false, logLevel: 'silent' });
  const js = await build({
    entryPoints: [clientDir + 'main.ts'],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2020',
    write: false,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'silent',
  });
  return {
    files,
    css: add('app', 'css', Buffer.from(css.outputFiles[0]!.contents), 'text/css; charset=utf-8'),
    js: add('app', 'js', Buffer.from(js.outputFiles[0]!.contents), 'text/javascript; charset=utf-8'),
  };
}

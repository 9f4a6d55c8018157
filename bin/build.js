// Compiles the server (src/ without its tests) to plain JavaScript in dist/, file by file, with the data files
// beside them, so that production runs on Node.js alone: a TypeScript loader (tsx) runs its hooks in a thread
// of its own, which costs every process about 90 MB. dist/ mirrors src/ at the same depth, so paths the code
// resolves from its own location (client/, drizzle/, the message catalogues) hold in both.
import { build, stop } from 'esbuild';
import { cpSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const dist = join(root, 'dist');
const STAMP = '.built';

const sources = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : [join(dir, e.name)]));
const isTest = (file) => /\.test\.tsx?$/.test(file);

/** Whether dist/ is older than a source, a dependency or the TypeScript settings. */
export function stale() {
  if (!existsSync(join(dist, STAMP))) return true;
  const built = statSync(join(dist, STAMP)).mtimeMs;
  const inputs = [...sources(src), join(root, 'package-lock.json'), join(root, 'tsconfig.json')];
  return inputs.some((file) => !isTest(file) && existsSync(file) && statSync(file).mtimeMs > built);
}

/** Builds dist/ afresh: into a new directory first, which then takes dist/'s place. */
export async function buildServer() {
  const files = sources(src).filter((file) => !isTest(file));
  const out = mkdtempSync(join(root, '.dist-'));
  try {
    await build({
      entryPoints: files.filter((file) => /\.tsx?$/.test(file)),
      outdir: out,
      outbase: src,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      jsx: 'automatic',
      jsxImportSource: 'preact',
      logLevel: 'warning',
    });
    for (const file of files.filter((file) => !/\.tsx?$/.test(file))) cpSync(file, join(out, relative(src, file)));
    writeFileSync(join(out, STAMP), `${new Date().toISOString()}\n`);
    const old = existsSync(dist) ? `${out}-old` : null;
    if (old) renameSync(dist, old);
    renameSync(out, dist);
    if (old) rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(out, { recursive: true, force: true });
    // esbuild's service process is not needed once built (the web server starts its own for the client bundles).
    stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildServer();
  console.log('Built dist/.');
}

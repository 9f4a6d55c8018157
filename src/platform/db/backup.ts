import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';

const extensions = { pg_trgm, unaccent };

/** Writes a gzipped tarball of the embedded database (Ponte must not be running on it). */
export async function backupPglite(dataDir: string, outFile: string): Promise<number> {
  const dir = join(dataDir, 'pgdata');
  if (!existsSync(dir)) throw new Error(`No embedded database under ${dir}`);
  const db = await PGlite.create(dir, { extensions });
  try {
    const dump = await db.dumpDataDir('gzip');
    const bytes = Buffer.from(await dump.arrayBuffer());
    writeFileSync(outFile, bytes);
    return bytes.length;
  } finally {
    await db.close();
  }
}

/** Restores a tarball made by backupPglite into DATA_DIR/pgdata, which must be empty or absent. */
export async function restorePglite(inFile: string, dataDir: string): Promise<void> {
  const dir = join(dataDir, 'pgdata');
  if (existsSync(dir) && readdirSync(dir).length) throw new Error(`${dir} is not empty: move it aside first`);
  const blob = new Blob([readFileSync(inFile)]);
  const db = await PGlite.create(dir, { extensions, loadDataDir: blob });
  await db.query('SELECT 1');
  await db.close();
}

/** pg_dump / pg_restore in custom format, with the PostgreSQL client tools of the machine. */
export function runPgTool(tool: 'pg_dump' | 'pg_restore', args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: 'inherit' });
    child.on('error', (err) => reject(new Error(`${tool} could not run (${err.message}); install the PostgreSQL client tools`)));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${tool} exited with ${code}`))));
  });
}

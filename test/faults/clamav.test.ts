import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo.js';
import { storedFiles } from '../../src/platform/schema.js';
import { type Client, signedInAs, testApp } from '../helpers.js';
import { freePort } from './processes.js';

/**
 * Uploads checked for malware (ASVS 12.4.2) by a real ClamAV daemon from Debian's clamav-daemon package. It runs
 * offline with a signature database of one entry, the EICAR test file (the industry's harmless stand-in for
 * malware), found anywhere in a file; then it is stopped, and uploads must wait rather than go in unchecked.
 */
const CLAMD = '/usr/sbin/clamd';
const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';
const dir = mkdtempSync(join(tmpdir(), 'ponte-clamav-'));
let port = 0;
let clamd: ChildProcess | null = null;
let ctx: Awaited<ReturnType<typeof testApp>>;
let editor: Client;
let documentId = '';

const answersPing = () =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.end('zPING\0'));
    let answer = '';
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('end', () => resolve(answer.startsWith('PONG')));
    socket.on('error', () => resolve(false));
  });
async function startClamd() {
  clamd = spawn(CLAMD, ['--config-file', join(dir, 'clamd.conf')], { stdio: 'ignore' });
  for (let i = 0; i < 200 && !(await answersPing()); i++) await new Promise((r) => setTimeout(r, 100));
  if (!(await answersPing())) throw new Error('clamd did not start');
}
async function stopClamd() {
  const exited = new Promise((r) => clamd?.once('exit', r));
  clamd?.kill('SIGKILL');
  await exited;
  clamd = null;
}

const storedCount = async () => (await ctx.platform.database.db.select().from(storedFiles)).length;
const filesOnDisk = () => (existsSync(join(ctx.platform.config.dataDir, 'files')) ? readdirSync(join(ctx.platform.config.dataDir, 'files'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length : 0);
const upload = async (name: string, text: string) => {
  await editor.get(`/editor/documents/${documentId}`);
  return editor.upload(`/editor/documents/${documentId}/files`, { locale: 'en' }, { field: 'file', name, type: 'text/plain', data: Buffer.from(text) });
};

beforeAll(async () => {
  if (!existsSync(CLAMD)) throw new Error(`This test runs ClamAV's daemon: install Debian's clamav-daemon package (${CLAMD} is missing).`);
  port = await freePort();
  mkdirSync(join(dir, 'db'));
  writeFileSync(join(dir, 'db', 'ponte-test.ndb'), `Ponte.Test.EICAR:0:*:${Buffer.from(EICAR).toString('hex')}\n`);
  writeFileSync(
    join(dir, 'clamd.conf'),
    [`DatabaseDirectory ${join(dir, 'db')}`, `TCPSocket ${port}`, 'TCPAddr 127.0.0.1', 'Foreground yes', 'StreamMaxLength 50M', `PidFile ${join(dir, 'clamd.pid')}`, 'SelfCheck 0'].join('\n') + '\n',
  );
  await startClamd();
  ctx = await testApp({ env: { CLAMAV_URL: `tcp://127.0.0.1:${port}` } });
  await seedDemo(ctx.platform);
  editor = await signedInAs(ctx, 'clamav-editor@example.org', 'editor');
  const form = await editor.get('/editor/documents/new');
  const projectId = /<option value="([0-9a-f-]{36})"[^>]*>PsychCare<\/option>/.exec(form.body)![1]!;
  const created = await editor.post('/editor/documents/new', { sourceLocale: 'en', slug: 'scanned-brief', title: 'A brief whose files are scanned', body: 'Files of this brief are checked.', projectId, type: 'policy-brief', level: 'public' });
  expect(created.statusCode).toBe(303);
  documentId = /\/editor\/documents\/([0-9a-f-]{36})/.exec(created.headers.location as string)![1]!;
}, 300_000);
afterAll(async () => {
  await ctx?.close();
  if (clamd) await stopClamd();
  rmSync(dir, { recursive: true, force: true });
});

describe('malware scanning of uploads', () => {
  it('stores a clean file, refuses one carrying malware with a clear 422 and stores nothing of it', async () => {
    expect((await upload('notes.txt', 'Meeting notes of the regional network, March.')).statusCode).toBe(303);
    const [stored, onDisk] = [await storedCount(), filesOnDisk()];
    const infected = await upload('notes-2.txt', `Meeting notes, April.\n${EICAR}\nEnd of notes.`);
    expect(infected.statusCode).toBe(422);
    expect(infected.body).toContain('the virus check found malware in it');
    expect([await storedCount(), filesOnDisk()]).toEqual([stored, onDisk]);
    // In the reader's language.
    editor.cookies.set('ponte_lang', 'it');
    const italian = await upload('note.txt', EICAR);
    expect(italian.statusCode).toBe(422);
    expect(italian.body).toContain('il controllo antivirus vi ha trovato un malware');
    editor.cookies.delete('ponte_lang');
  });

  it('refuses uploads with 503 and Retry-After while the scanner does not answer, never storing a file unchecked, and takes them once it is back', async () => {
    await stopClamd();
    const [stored, onDisk] = [await storedCount(), filesOnDisk()];
    const waiting = await upload('later.txt', 'Notes to upload once the scanner is back.');
    expect(waiting.statusCode).toBe(503);
    expect(waiting.headers['retry-after']).toBe('60');
    expect([await storedCount(), filesOnDisk()]).toEqual([stored, onDisk]);
    await startClamd();
    expect((await upload('later.txt', 'Notes to upload once the scanner is back.')).statusCode).toBe(303);
    expect(await storedCount()).toBe(stored + 1);
  });
});

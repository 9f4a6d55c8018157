import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = (args: string[], env: Record<string, string>) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent', PASSWORD_HASH_COST: '14', ...env }, timeout: 120_000 }).then(
    (r): { stdout: string; stderr: string; code?: number } => r,
    (e: { stdout: string; stderr: string; code: number }) => ({ stdout: e.stdout, stderr: e.stderr, code: e.code }),
  );

// The CLI on the embedded database: a newcomer's first commands, and a backup restored elsewhere.
describe('ponte CLI on the embedded database', () => {
  it('seeds, manages users, backs up and restores', async () => {
    const data = mkdtempSync(join(tmpdir(), 'ponte-cli-'));
    const env = { DATA_DIR: data };
    const help = (await cli(['--help'], env)).stdout;
    for (const command of ['start', 'migrate', 'seed', 'backup', 'restore', 'user', 'audit']) expect(help).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect((await cli(['migrate'], env)).stdout).toContain('Applied: 0000_foundation');
    expect((await cli(['migrate'], env)).stdout).toContain('Nothing to apply');
    const seeded = await cli(['seed', '--demo'], env);
    expect(seeded.stdout).toContain('Demo content created.');
    expect(seeded.stdout).toMatch(/admin@example\.org: choose a password at http:\/\/localhost:3000\/password\/reset\/[A-Za-z0-9_-]{43}/);
    expect((await cli(['seed', '--demo'], env)).stdout).toContain('already there');
    // The indicator tables the triggers kept for the demo's referrals and screenings are already right.
    expect((await cli(['care', 'recount'], env)).stdout).toMatch(/Referrals counted: [1-9]\d*, in [1-9]\d* rows .* Screenings whose predecessor was corrected: 0\./);
    const created = await cli(['user', 'create', '--email', 'coach@example.org', '--name', 'Tina Trainer', '--role', 'trainer'], env);
    expect(created.stdout).toMatch(/Created coach@example\.org\. Password link: http/);
    const bad = await cli(['user', 'set-role', '--email', 'coach@example.org', '--role', 'emperor'], env);
    expect(bad.stderr).toMatch(/must be one of administrator/);
    expect((await cli(['user', 'set-role', '--email', 'coach@example.org', '--role', 'editor'], env)).stdout).toContain('Granted editor');
    // An organisation is named by its id or its exact name.
    expect((await cli(['user', 'set-role', '--email', 'coach@example.org', '--role', 'trainer', '--org', 'Zadig'], env)).stdout).toContain('Granted trainer');
    expect((await cli(['user', 'set-role', '--email', 'coach@example.org', '--role', 'trainer', '--org', 'Zadi'], env)).stderr).toContain('No organisation with the id or the name Zadi');
    expect((await cli(['user', 'disable', '--email', 'nobody@example.org'], env)).stderr).toContain('No account');
    const badEnv = await cli(['migrate'], { ...env, PORT: 'x', DATABASE_URL: 'mysql://a' });
    expect(badEnv.code).toBe(2);
    expect(badEnv.stderr).toMatch(/PORT: must be a number[\s\S]*DATABASE_URL: must be a PostgreSQL URL/);

    // The audit trails' hash chains hold, and hold the same after a backup is restored elsewhere.
    const verified = await cli(['audit', 'verify'], env);
    expect(verified.stdout).toMatch(/^audit_events: intact, [1-9]\d* entries, head [0-9a-f]{64}$/m);
    expect(verified.stdout).toMatch(/^care_audit: intact, \d+ entries, head [0-9a-f]{64}$/m);
    const file = join(data, 'backup.tgz');
    expect((await cli(['backup', '--out', file], env)).stdout).toContain('Backup written');
    const elsewhere = mkdtempSync(join(tmpdir(), 'ponte-restore-'));
    expect((await cli(['restore', '--in', file], { DATA_DIR: elsewhere })).stdout).toContain('Restored');
    expect((await cli(['user', 'set-role', '--email', 'coach@example.org', '--role', 'editor'], { DATA_DIR: elsewhere })).stdout).toContain('Nothing to change');
    expect((await cli(['audit', 'verify'], { DATA_DIR: elsewhere })).stdout).toBe(verified.stdout);
    expect((await cli(['restore', '--in', file], { DATA_DIR: elsewhere })).stderr).toContain('is not empty');
  }, 300_000); // twelve CLI processes, each compiling with tsx and opening PGlite

  it('starts a production instance without demo content or a printed administrator link unless asked', async () => {
    const data = mkdtempSync(join(tmpdir(), 'ponte-prod-'));
    const env = { DATA_DIR: data, NODE_ENV: 'production', SECRET_KEY: randomBytes(32).toString('hex'), CARE_DATA_KEYS: `k1:${randomBytes(32).toString('base64')}`, PUBLIC_URL: 'https://ponte.example.org', PORT: '0', HOST: '127.0.0.1' };
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start'], { env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent', ...env } });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    for (let i = 0; i < 1200 && !out.includes('Ponte is running') && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGTERM');
    await exited;
    expect(out).toContain('Ponte is running at https://ponte.example.org');
    expect(out).not.toMatch(/Demo content|password\/reset|admin@example\.org/);
    // The database was left empty of demo content: seeding it now creates it.
    expect((await cli(['seed', '--demo'], env)).stdout).toContain('Demo content created.');
  }, 180_000);
});

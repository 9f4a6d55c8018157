import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/platform/db/index.js';

const run = promisify(execFile);
const cli = (args: string[], env: Record<string, string>) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent', PASSWORD_HASH_COST: '14', ...env }, timeout: 120_000 }).then(
    (r): { stdout: string; stderr: string; code?: number } => r,
    (e: { stdout: string; stderr: string; code: number }) => ({ stdout: e.stdout, stderr: e.stderr, code: e.code }),
  );

/** Opens the embedded database a CLI command left (no command runs meanwhile), for what the CLI cannot show. */
async function withDatabase<T>(dataDir: string, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase({ url: null, dataDir });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

// The CLI on the embedded database: a newcomer's first commands, and a backup restored elsewhere.
describe('ponte CLI on the embedded database', () => {
  it('seeds, manages users, backs up and restores', async () => {
    const data = mkdtempSync(join(tmpdir(), 'ponte-cli-'));
    const env = { DATA_DIR: data };
    const help = (await cli(['--help'], env)).stdout;
    for (const command of ['start', 'migrate', 'seed', 'backup', 'restore', 'user', 'audit', 'secret']) expect(help).toMatch(new RegExp(`^  ${command} `, 'm'));
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
    // A lost phone: the operator removes the second factor and its recovery codes, and the account's sessions end.
    expect((await cli(['user', 'reset-second-factor', '--email', 'coach@example.org'], env)).stdout).toContain('has no second factor');
    await withDatabase(data, (db) =>
      db.exec(`update users set totp_secret = 'sealed', totp_enabled_at = now() where email = 'coach@example.org';
        insert into recovery_codes (user_id, code_hash) select id, 'hash' from users where email = 'coach@example.org';
        insert into sessions (id, user_id, stage, expires_at) select 'session-of-coach', id, 'full', now() + interval '1 day' from users where email = 'coach@example.org';`),
    );
    expect((await cli(['user', 'reset-second-factor', '--email', 'coach@example.org'], env)).stdout).toContain('second factor and recovery codes removed, sessions ended');
    expect(
      await withDatabase(data, (db) =>
        db.query(`select u.totp_secret, u.totp_enabled_at, (select count(*)::int from recovery_codes r where r.user_id = u.id) as codes,
          (select count(*)::int from sessions s where s.user_id = u.id) as sessions,
          (select count(*)::int from audit_events a where a.action = 'cli.second-factor-reset' and a.target_id = u.id::text) as audited
          from users u where u.email = 'coach@example.org'`),
      ),
    ).toEqual([{ totp_secret: null, totp_enabled_at: null, codes: 0, sessions: 0, audited: 1 }]);
    // A care role granted on the server is in the care audit trail, as one granted by an administrator is.
    expect((await cli(['user', 'set-role', '--email', 'coach@example.org', '--role', 'care-operator', '--org', 'Zadig'], env)).stdout).toContain('Granted care-operator');
    expect(
      await withDatabase(data, (db) =>
        db.query(`select a.action, a.actor_id, a.basis, o.name as organisation from care_audit a join users u on u.id = a.subject_user_id
          left join organisations o on o.id = a.owner_organisation_id where u.email = 'coach@example.org'`),
      ),
    ).toEqual([{ action: 'care-operator.grant', actor_id: null, basis: 'administration', organisation: 'Zadig' }]);
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

  it('seals the values of an earlier SECRET_KEY again under the current one, and says what no configured key opens', async () => {
    const [a, b, c] = [1, 2, 3].map(() => randomBytes(32).toString('hex')) as [string, string, string];
    const env = { DATA_DIR: mkdtempSync(join(tmpdir(), 'ponte-cli-secret-')) };
    expect((await cli(['badges', 'rotate-key'], { ...env, SECRET_KEY: a })).stdout).toContain('New signing key');
    const moved = await cli(['secret', 'reseal'], { ...env, SECRET_KEY: b, SECRET_KEY_PREVIOUS: a });
    expect(moved.code).toBeUndefined();
    expect(moved.stdout).toContain('Open Badges signing keys: sealed again 1.');
    expect(moved.stdout).toContain('SECRET_KEY_PREVIOUS can be removed');
    expect((await cli(['secret', 'reseal'], { ...env, SECRET_KEY: b })).stdout).toContain('Open Badges signing keys: sealed again 0.');
    const lost = await cli(['secret', 'reseal'], { ...env, SECRET_KEY: c });
    expect(lost.code).toBe(1);
    expect(lost.stdout).toContain('Open Badges signing keys: sealed again 0, opened by no configured key 1.');
    expect(lost.stderr).toContain('keep the key that sealed them in SECRET_KEY_PREVIOUS');
  }, 120_000);

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

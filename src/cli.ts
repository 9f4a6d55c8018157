import { Command, InvalidArgumentError } from 'commander';
import { isRole, ROLES, type Role } from './platform/access.js';
import { ConfigError, loadConfig, type Config } from './platform/config.js';
import { createPlatform, createServer, shutdown } from './platform/boot.js';
import { openDatabase } from './platform/db/index.js';
import { migrate } from './platform/db/migrate.js';
import { BackupError, restoreBackup, writeBackup } from './platform/db/backup.js';
import { backupKeyId } from './platform/db/backup-seal.js';
import { createStorage } from './platform/storage.js';
import { audit } from './platform/audit.js';
import { AUDIT_TRAILS, sealAuditChains, verifyAuditChain } from './platform/audit-chain.js';
import { findOrganisation, grantRole, revokeRole } from './platform/identity/organisations.js';
import { roleChanged } from './platform/identity/role-changes.js';
import { endAllSessions } from './platform/identity/sessions.js';
import { resetSecondFactor } from './modules/accounts/service.js';
import { createUser, findUserByEmail, updateUser } from './platform/identity/users.js';
import type { Platform } from './platform/platform.js';
import { careCipher } from './modules/care/crypto.js';
import { recountIndicatorTables } from './modules/care/indicators.js';
import { applyRetention, resealCareData } from './modules/care/retention.js';
import { BADGE_SIGNING_KEYS, rotateSigningKey } from './modules/training/badges.js';
import { FORWARDING_SECRET } from './modules/xapi/forwarding.js';
import { TOTP_SECRETS } from './platform/identity/totp.js';
import { resealUnderSecretKey } from './platform/auth/reseal.js';
import { passwordSetupLink, DEMO_ADMIN_EMAIL, isSeeded, seedDemo } from './demo.js';

function config(overrides: Partial<Record<string, string>> = {}): Config {
  try {
    return loadConfig({ ...process.env, ...overrides });
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

const role = (v: string): Role => {
  if (!isRole(v)) throw new InvalidArgumentError(`must be one of ${ROLES.join(', ')}`);
  return v;
};

/** Runs fn with the platform (database migrated, no server), then closes it. */
async function withPlatform(fn: (p: Platform) => Promise<void>) {
  const p = await createPlatform(config({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' }));
  try {
    await fn(p);
  } finally {
    await shutdown(p);
  }
}

async function requireUser(p: Platform, email: string) {
  const user = await findUserByEmail(p.database.db, email);
  if (!user) {
    console.error(`No account with the e-mail address ${email}.`);
    process.exitCode = 1;
  }
  return user;
}

const program = new Command('ponte').description('Ponte: train the workforce, publish projects, coordinate care.').showHelpAfterError();

program
  .command('start')
  .description('migrate, seed the demo on first run, and serve (and run background jobs)')
  .option('--role <role>', 'all (default), web (HTTP only) or worker (jobs only)', (v) => {
    if (!['all', 'web', 'worker'].includes(v)) throw new InvalidArgumentError('must be all, web or worker');
    return v;
  })
  .option('--demo', 'seed demo content on first run even when NODE_ENV=production')
  .option('--no-demo', 'do not seed demo content on first run (the default when NODE_ENV=production)')
  .action(async (opts: { role?: 'all' | 'web' | 'worker'; demo?: boolean }) => {
    const cfg = config(opts.role ? { PONTE_ROLE: opts.role } : {});
    const p = await createPlatform(cfg);
    let firstRun = false;
    // A production instance gets no demo administrator, demo people or synthetic care data unless asked.
    const demo = opts.demo ?? cfg.env !== 'production';
    if (demo && cfg.role !== 'worker' && !(await isSeeded(p))) firstRun = await seedDemo(p);
    await p.jobs.start({ work: cfg.role !== 'web' });
    const app = cfg.role === 'worker' ? undefined : await createServer(p);
    if (app) await app.listen({ port: cfg.port, host: cfg.host });
    const stop = async (signal: string) => {
      p.log.info({ signal }, 'shutting down');
      await shutdown(p, app);
      process.exit(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
    if (!app) return console.log('Ponte worker running.');
    const admin = await findUserByEmail(p.database.db, DEMO_ADMIN_EMAIL);
    console.log(`\nPonte is running at ${cfg.publicUrl}\n`);
    if (admin && !admin.passwordHash) {
      const link = await passwordSetupLink(p);
      console.log(`${firstRun ? 'Demo content was created. ' : ''}Sign in as the demo administrator (${DEMO_ADMIN_EMAIL}):`);
      console.log(`choose a password with this one-time link (valid 7 days):\n\n  ${link}\n`);
    } else if (firstRun === false && admin) {
      console.log(`Demo administrator: ${DEMO_ADMIN_EMAIL} (forgot the password? run: npm run ponte -- user setup-link --email ${DEMO_ADMIN_EMAIL})\n`);
    }
  });

program
  .command('migrate')
  .description('apply pending database migrations (safe to run on several nodes at once)')
  .action(async () => {
    const cfg = config();
    const db = await openDatabase({ url: cfg.databaseUrl, dataDir: cfg.databaseUrl ? null : cfg.dataDir });
    const applied = await migrate(db);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Nothing to apply: the database is up to date.');
    await db.close();
  });

program
  .command('seed')
  .description('add demo content (once)')
  .requiredOption('--demo', 'the demo content of the two seed systems')
  .action(async () =>
    withPlatform(async (p) => {
      console.log((await seedDemo(p)) ? 'Demo content created.' : 'Demo content was already there.');
      const link = await passwordSetupLink(p);
      if (link) console.log(`Demo administrator ${DEMO_ADMIN_EMAIL}: choose a password at ${link}`);
    }),
  );

program
  .command('backup')
  .description('write one archive of the database and every stored file (PostgreSQL while Ponte runs; stop Ponte first on the embedded database)')
  .requiredOption('--out <file>')
  .action(async (opts: { out: string }) => {
    const cfg = config();
    const database = await openDatabase({ url: cfg.databaseUrl, dataDir: cfg.databaseUrl ? null : cfg.dataDir });
    try {
      const m = await writeBackup({ database, databaseUrl: cfg.databaseUrl, storage: createStorage(cfg), out: opts.out, key: cfg.backupKey });
      console.log(`Backup written to ${opts.out}: the database (${m.database.kind}, ${m.migrations.length} migrations) and ${m.files.count} stored files (${m.files.bytes} bytes).`);
      if (cfg.backupKey) console.log(`Encrypted with BACKUP_KEY (key id ${backupKeyId(cfg.backupKey)}): it opens only with that key.`);
      else console.error('Not encrypted: it holds care records and other personal data in clear. Set BACKUP_KEY to encrypt backups.');
      console.log(`Keep SECRET_KEY (or ${cfg.dataDir}/secret.key), CARE_DATA_KEYS${cfg.backupKey ? ' and BACKUP_KEY' : ''} apart from it, in a secret store.`);
      if (m.missing.length) {
        console.error(`The database names ${m.missing.length} stored files the storage does not have (listed in the backup's manifest), e.g. ${m.missing[0]}.`);
        process.exitCode = 1;
      }
    } catch (err) {
      if (!(err instanceof BackupError)) throw err;
      console.error(err.message);
      process.exitCode = 1;
    } finally {
      await database.close();
    }
  });

program
  .command('restore')
  .description('check a backup made by `ponte backup`, restore it into an empty database and the storage, then apply pending migrations')
  .requiredOption('--in <file>')
  .action(async (opts: { in: string }) => {
    const cfg = config();
    try {
      const m = await restoreBackup({
        path: opts.in,
        databaseUrl: cfg.databaseUrl,
        dataDir: cfg.dataDir,
        storage: createStorage(cfg),
        key: cfg.backupKey,
        isEmpty: async () => {
          const db = await openDatabase({ url: cfg.databaseUrl, dataDir: null });
          try {
            return !(await db.query(`select 1 from pg_tables where schemaname not in ('pg_catalog', 'information_schema') limit 1`)).length;
          } finally {
            await db.close();
          }
        },
      });
      const db = await openDatabase({ url: cfg.databaseUrl, dataDir: cfg.databaseUrl ? null : cfg.dataDir });
      const applied = await migrate(db);
      await db.close();
      console.log(`Restored from ${opts.in} (made ${m.createdAt}): the database and ${m.files.count} stored files${applied.length ? `; applied ${applied.join(', ')}` : ''}.`);
    } catch (err) {
      if (!(err instanceof BackupError)) throw err;
      console.error(err.message);
      process.exitCode = 1;
    }
  });

const user = program.command('user').description('manage accounts');
user
  .command('create')
  .description('create a verified account and print a one-time link to choose its password')
  .requiredOption('--email <email>')
  .requiredOption('--name <name>')
  .option('--role <role>', `grant a role: ${ROLES.join(', ')}`, role)
  .option('--org <organisation>', 'the organisation the role holds in, by id or exact name (default: the whole instance)')
  .action(async (opts: { email: string; name: string; role?: Role; org?: string }) =>
    withPlatform(async (p) => {
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(opts.email)) {
        console.error('--email must be an e-mail address');
        process.exitCode = 2;
        return;
      }
      if (await findUserByEmail(p.database.db, opts.email)) {
        console.error(`An account with ${opts.email} already exists.`);
        process.exitCode = 1;
        return;
      }
      const org = opts.org ? await findOrganisation(p.database.db, opts.org) : null;
      if (opts.org && !org) {
        console.error(`No organisation with the id or the name ${opts.org} (or more than one with that name).`);
        process.exitCode = 1;
        return;
      }
      await p.database.db.transaction(async (tx) => {
        const u = await createUser(tx, { email: opts.email, name: opts.name, passwordHash: null, verified: true });
        await grantRole(tx, u.id, 'learner', null);
        if (opts.role && (await grantRole(tx, u.id, opts.role, org?.id ?? null))) await roleChanged(p, tx, { change: 'grant', userId: u.id, role: opts.role, organisationId: org?.id ?? null, actorId: null });
        await audit(tx, { actorId: null, action: 'cli.user-create', outcome: 'success', targetType: 'user', targetId: u.id, details: { role: opts.role ?? null } });
      });
      console.log(`Created ${opts.email}. Password link: ${await passwordSetupLink(p, opts.email)}`);
    }),
  );
user
  .command('set-role')
  .description('grant (or with --revoke, remove) a role')
  .requiredOption('--email <email>')
  .requiredOption('--role <role>', ROLES.join(', '), role)
  .option('--org <organisation>', 'the organisation the role holds in, by id or exact name (default: the whole instance)')
  .option('--revoke', 'remove the role instead')
  .action(async (opts: { email: string; role: Role; org?: string; revoke?: boolean }) =>
    withPlatform(async (p) => {
      const u = await requireUser(p, opts.email);
      if (!u) return;
      const org = opts.org ? await findOrganisation(p.database.db, opts.org) : null;
      if (opts.org && !org) {
        console.error(`No organisation with the id or the name ${opts.org} (or more than one with that name).`);
        process.exitCode = 1;
        return;
      }
      const changed = await p.database.db.transaction(async (tx) => {
        const r = opts.revoke ? await revokeRole(tx, u.id, opts.role, org?.id ?? null) : await grantRole(tx, u.id, opts.role, org?.id ?? null);
        if (r) {
          await audit(tx, { actorId: null, action: opts.revoke ? 'cli.role-revoke' : 'cli.role-grant', outcome: 'success', targetType: 'user', targetId: u.id, details: { role: opts.role, organisationId: org?.id ?? null } });
          await roleChanged(p, tx, { change: opts.revoke ? 'revoke' : 'grant', userId: u.id, role: opts.role, organisationId: org?.id ?? null, actorId: null });
        }
        return r;
      });
      console.log(changed ? `${opts.revoke ? 'Revoked' : 'Granted'} ${opts.role} for ${opts.email}.` : 'Nothing to change.');
    }),
  );
for (const [name, status] of [
  ['disable', 'disabled'],
  ['enable', 'active'],
] as const) {
  user
    .command(name)
    .description(`${name} an account${status === 'disabled' ? ' (ends all its sessions)' : ''}`)
    .requiredOption('--email <email>')
    .action(async (opts: { email: string }) =>
      withPlatform(async (p) => {
        const u = await requireUser(p, opts.email);
        if (!u) return;
        await p.database.db.transaction(async (tx) => {
          await updateUser(tx, u.id, { status });
          if (status === 'disabled') await endAllSessions(tx, u.id);
          await audit(tx, { actorId: null, action: `cli.user-${name}`, outcome: 'success', targetType: 'user', targetId: u.id });
        });
        console.log(`${opts.email}: ${status}.`);
      }),
    );
}
user
  .command('reset-second-factor')
  .description("remove an account's second factor and recovery codes (a lost phone), ending its sessions; a role that requires one asks for a new one at the next sign-in")
  .requiredOption('--email <email>')
  .action(async (opts: { email: string }) =>
    withPlatform(async (p) => {
      const u = await requireUser(p, opts.email);
      if (!u) return;
      if (!(await p.database.db.transaction((tx) => resetSecondFactor(p, tx, u, { actorId: null, action: 'cli.second-factor-reset' })))) {
        console.log(`${opts.email} has no second factor: nothing to change.`);
        return;
      }
      console.log(`${opts.email}: second factor and recovery codes removed, sessions ended, the owner told by e-mail. Confirm who asked before handing over a password link.`);
    }),
  );
user
  .command('setup-link')
  .description('print a one-time link with which the account chooses a new password')
  .requiredOption('--email <email>')
  .action(async (opts: { email: string }) =>
    withPlatform(async (p) => {
      if (await requireUser(p, opts.email)) console.log(await passwordSetupLink(p, opts.email));
    }),
  );

const care = program.command('care').description('care records');
care
  .command('reseal')
  .description('seal care names and notes again under the first key of CARE_DATA_KEYS (after adding a new key first)')
  .action(async () =>
    withPlatform(async (p) => {
      const r = await resealCareData(p.database.db, careCipher(p.config));
      console.log(`Sealed again under key ${careCipher(p.config).activeKeyId}: ${r.resealed}. Opened by no configured key: ${r.unreadable}.`);
      if (r.unreadable) process.exitCode = 1;
    }),
  );
care
  .command('retention')
  .description('apply the retention rules now (the scheduled job does it every night)')
  .action(async () =>
    withPlatform(async (p) => {
      const r = await applyRetention(p.database.db, p.config);
      console.log(`Closed cases anonymised: ${r.anonymised}; deleted: ${r.deleted}.`);
    }),
  );

care
  .command('recount')
  .description('compute afresh what the database keeps for the indicators (after a load that bypassed its triggers)')
  .action(async () =>
    withPlatform(async (p) => {
      const r = await recountIndicatorTables(p.database.db);
      console.log(`Referrals counted: ${r.referrals}, in ${r.days} rows of day, region, organisation and urgency. Screenings whose predecessor was corrected: ${r.screenings}.`);
    }),
  );

const auditCmd = program.command('audit').description('the audit trails');
auditCmd
  .command('verify')
  .description('seal what is final, then recompute the hash chain of each audit trail and report the first broken link')
  .action(async () =>
    withPlatform(async (p) => {
      await sealAuditChains(p.database);
      for (const trail of AUDIT_TRAILS) {
        const r = await verifyAuditChain(p.database, trail);
        if (!r.broken) console.log(`${trail.table}: intact, ${r.entries} entries, head ${r.head}`);
        else {
          const b = r.broken;
          const where = b.kind === 'gap' ? `position ${b.seq}` : b.kind === 'unsealed' ? `entry ${b.rowId}` : `position ${b.seq} (entry ${b.rowId})`;
          console.log(`${trail.table}: BROKEN at ${where}: ${BREAKS[b.kind]}; ${r.entries} entries before it are intact (last good hash ${r.head})`);
          process.exitCode = 1;
        }
      }
    }),
  );

const BREAKS = {
  gap: 'a seal is missing from the chain',
  missing: 'the sealed entry was removed from the trail',
  altered: 'the entry or its seal was changed',
  unsealed: 'an entry without a seal sits among sealed entries (inserted behind the head, or its seal removed)',
};

const badges = program.command('badges').description('Open Badges credentials');
badges
  .command('rotate-key')
  .description('retire the key that signs Open Badges credentials and make a new one (the old key stays published)')
  .action(async () =>
    withPlatform(async (p) => {
      const r = await rotateSigningKey(p.database.db, p.config.secretKeys);
      console.log(`${r.retired ? `Retired key ${r.retired} (still published). ` : ''}New signing key: ${p.config.publicUrl}/badges/keys/${r.created}`);
    }),
  );

const secretCmd = program.command('secret').description('SECRET_KEY');
secretCmd
  .command('reseal')
  .description('seal TOTP secrets, badge signing keys and the external LRS secret again under SECRET_KEY (after a rotation, before removing SECRET_KEY_PREVIOUS)')
  .action(async () =>
    withPlatform(async (p) => {
      const r = await resealUnderSecretKey(p.database.db, p.config.secretKeys, [TOTP_SECRETS, BADGE_SIGNING_KEYS, FORWARDING_SECRET]);
      for (const c of r.columns) console.log(`${c.name}: sealed again ${c.resealed}${c.unreadable ? `, opened by no configured key ${c.unreadable}` : ''}.`);
      if (r.unreadable) {
        console.error('Some values are opened by no configured key: keep the key that sealed them in SECRET_KEY_PREVIOUS and run this again.');
        process.exitCode = 1;
      } else if (p.config.secretKeys.length > 1) {
        console.log('Everything is sealed under SECRET_KEY. SECRET_KEY_PREVIOUS can be removed now; links sent before the rotation (newsletter, attendance) then stop working.');
      }
    }),
  );

await program.parseAsync(process.argv);

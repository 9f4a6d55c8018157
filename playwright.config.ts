import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { DEMO_CARE } from './src/modules/care/demo.js';

const port = Number(process.env.E2E_PORT ?? 3999);
// The mail catcher's ports, configurable so that several runs can share a machine.
const catcherHttpPort = Number(process.env.CATCHER_HTTP_PORT ?? 3998);
const catcherSmtpPort = Number(process.env.CATCHER_SMTP_PORT ?? 2525);
process.env.CATCHER_HTTP_PORT = String(catcherHttpPort);
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'ponte-e2e-'));
// Test workers inherit it: the administrator journey reads its one-time password link from there.
process.env.E2E_DATA_DIR = dataDir;

// Debian's Chromium, never a downloaded browser; flags that keep it off the network it cannot reach.
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

export default defineConfig({
  testDir: 'e2e',
  timeout: 90_000,
  workers: 2,
  reporter: process.env.CI ? [['list'], ['json', { outputFile: '.ci-out/e2e.json' }]] : 'list',
  // Browsers reach Ponte by name, not by address: security keys (WebAuthn) are refused on an IP address.
  use: { baseURL: `http://localhost:${port}`, launchOptions, trace: 'off' },
  projects: [
    { name: 'chromium', use: { javaScriptEnabled: true } },
    { name: 'chromium-no-js', use: { javaScriptEnabled: false }, testIgnore: /admin-journey|editor-journey|offline-journey|policy-journey/ },
  ],
  webServer: [
    {
      command: 'npx tsx e2e/mail-catcher.ts',
      url: `http://127.0.0.1:${catcherHttpPort}/`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: { CATCHER_HTTP_PORT: String(catcherHttpPort), CATCHER_SMTP_PORT: String(catcherSmtpPort) },
    },
    {
      // An administrator for the administration journey, created as an operator would, then the server.
      command: [
        // The demo first, so that its trainer (who runs the demo cohort) can be given a password.
        'node bin/ponte.js seed --demo > /dev/null',
        `node bin/ponte.js user setup-link --email trainer@example.org > ${join(dataDir, 'trainer-link.txt')}`,
        `node bin/ponte.js user create --email e2e-admin@example.org --name "E2E Administrator" --role administrator > ${join(dataDir, 'admin-link.txt')}`,
        `node bin/ponte.js user create --email e2e-editor@example.org --name "E2E Editor" --role editor > ${join(dataDir, 'editor-link.txt')}`,
        `node bin/ponte.js user create --email e2e-newsletter@example.org --name "E2E Newsletter Editor" --role editor > ${join(dataDir, 'newsletter-editor-link.txt')}`,
        // The media and history journey signs in once per project (with and without JavaScript).
        `node bin/ponte.js user create --email e2e-media-js@example.org --name "E2E Media Editor" --role editor > ${join(dataDir, 'media-js-link.txt')}`,
        `node bin/ponte.js user create --email e2e-media-no-js@example.org --name "E2E Media Editor" --role editor > ${join(dataDir, 'media-no-js-link.txt')}`,
        // The authoring journey too (course author).
        `node bin/ponte.js user create --email e2e-author-js@example.org --name "E2E Author" --role course-author > ${join(dataDir, 'author-js-link.txt')}`,
        `node bin/ponte.js user create --email e2e-author-no-js@example.org --name "E2E Author" --role course-author > ${join(dataDir, 'author-no-js-link.txt')}`,
        // And the lesson media journey (course author, then learner of the course they made).
        `node bin/ponte.js user create --email e2e-media-author-js@example.org --name "E2E Media Author" --role course-author > ${join(dataDir, 'media-author-js-link.txt')}`,
        `node bin/ponte.js user create --email e2e-media-author-no-js@example.org --name "E2E Media Author" --role course-author > ${join(dataDir, 'media-author-no-js-link.txt')}`,
        // The SCORM journey (course author, then learner of the course they made).
        `node bin/ponte.js user create --email e2e-scorm-author-js@example.org --name "E2E SCORM Author" --role course-author > ${join(dataDir, 'scorm-author-js-link.txt')}`,
        `node bin/ponte.js user create --email e2e-scorm-author-no-js@example.org --name "E2E SCORM Author" --role course-author > ${join(dataDir, 'scorm-author-no-js-link.txt')}`,
        // A learner who reads lessons offline (a service worker: with JavaScript only).
        `node bin/ponte.js user create --email e2e-offline@example.org --name "E2E Offline Learner" --role learner > ${join(dataDir, 'offline-link.txt')}`,
        // The directory journey: a network coordinator per project (with and without JavaScript).
        `node bin/ponte.js user create --email e2e-coordinator-js@example.org --name "E2E Coordinator" --role network-coordinator > ${join(dataDir, 'coordinator-js-link.txt')}`,
        `node bin/ponte.js user create --email e2e-coordinator-no-js@example.org --name "E2E Coordinator" --role network-coordinator > ${join(dataDir, 'coordinator-no-js-link.txt')}`,
        // The guidelines journey: a coordinator who publishes a guideline, and a member of a demo organisation who records its adoption, per project.
        `node bin/ponte.js user create --email e2e-guidelines-js@example.org --name "E2E Guideline Coordinator" --role network-coordinator > ${join(dataDir, 'guidelines-js-link.txt')}`,
        `node bin/ponte.js user create --email e2e-guidelines-no-js@example.org --name "E2E Guideline Coordinator" --role network-coordinator > ${join(dataDir, 'guidelines-no-js-link.txt')}`,
        `node bin/ponte.js user create --email e2e-member-js@example.org --name "E2E Member" --role care-operator --org "ASL Roma Esempio (demo)" > ${join(dataDir, 'member-js-link.txt')}`,
        `node bin/ponte.js user create --email e2e-member-no-js@example.org --name "E2E Member" --role care-operator --org "CSM Palermo Esempio (demo)" > ${join(dataDir, 'member-no-js-link.txt')}`,
        // The care journey: per project, a reception operator, a clinician of the receiving centre, a mediator
        // agency's operator (all with a second factor) and a coordinator who reads the indicators, in Lazio or Sicily.
        ...(['js', 'no-js'] as const).flatMap((suffix) => {
          const [centre, service, agency] = suffix === 'js' ? [DEMO_CARE.lazioCentre, DEMO_CARE.lazioService, DEMO_CARE.lazioAgency] : [DEMO_CARE.sicilyCentre, DEMO_CARE.sicilyService, DEMO_CARE.sicilyAgency];
          return [
            ['operator', 'care-operator', centre],
            ['clinician', 'care-clinician', service],
            ['agency', 'mediation-agency', agency],
            ['coordinator', 'network-coordinator', null],
          ].map(([who, role, org]) => `node bin/ponte.js user create --email e2e-care-${who}-${suffix}@example.org --name "E2E Care ${who}" --role ${role}${org ? ` --org "${org}"` : ''} > ${join(dataDir, `care-${who}-${suffix}-link.txt`)}`);
        }),
        'node bin/ponte.js start',
      ].join(' && '),
      url: `http://127.0.0.1:${port}/readyz`,
      reuseExistingServer: false,
      // The seed and a dozen `user create` runs (each opens the database) come first.
      timeout: 480_000,
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: `http://localhost:${port}`,
        DATA_DIR: dataDir,
        SMTP_URL: `smtp://127.0.0.1:${catcherSmtpPort}`,
        NODE_ENV: 'test',
        PASSWORD_HASH_COST: '15',
        LOG_LEVEL: 'warn',
        // Each test browses from its own address (X-Forwarded-For), as different people do: rate limits count per address.
        TRUST_PROXY: '127.0.0.1',
        // Small enough that the SCORM journey can show an oversized package refused.
        TRAINING_SCORM_MAX_MB: '1',
        ...(process.env.E2E_DATABASE_URL ? { DATABASE_URL: process.env.E2E_DATABASE_URL } : {}),
      },
    },
  ],
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as OTPAuth from 'otpauth';
import { expect, test } from './test.js';
import { expectAccessible } from './axe.js';

const PASSWORD = 'admin journey passphrase';
let passwordSet = false;
let totp: OTPAuth.TOTP | null = null;

// One account walks both languages in turn (its language preference changes), so the tests run in order.
test.describe.configure({ mode: 'serial' });

// The administration area, page by page, in a left-to-right and a right-to-left language. (The account
// journey covers JavaScript switched off; axe needs JavaScript, so this file runs in the JS project only.)
for (const lang of ['en', 'ar'] as const) {
  test(`administration pages work and pass axe — ${lang}`, async ({ page }) => {
    await page.setExtraHTTPHeaders({ 'x-forwarded-for': `192.0.2.${Math.floor(Math.random() * 250) + 1}` });
    if (!passwordSet) {
      // The one-time link printed by `ponte user create`, as an operator would open it.
      const link = /http:\/\/[^\s]+\/password\/reset\/[A-Za-z0-9_-]+/.exec(readFileSync(join(process.env.E2E_DATA_DIR!, 'admin-link.txt'), 'utf8'));
      await page.goto(new URL(link![0]).pathname);
      await page.fill('#field-password', PASSWORD);
      await page.locator('main button[type="submit"]').click();
      await expect(page).toHaveURL(/\/signin\?notice=password-reset$/);
      passwordSet = true;
    }
    await page.goto('/signin');
    await page.fill('#field-email', 'e2e-admin@example.org');
    await page.fill('#field-password', PASSWORD);
    await page.locator('main button[type="submit"]').click();
    if (!totp) {
      // Administrators must use a second factor: the first sign-in leads to setting it up, and nowhere else.
      await expect(page).toHaveURL(/\/account\/security\?notice=totp-required$/);
      expect((await page.goto('/admin'))!.url()).toMatch(/\/account\/security\?notice=totp-required$/);
      await page.goto('/account/security/totp');
      totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32((await page.getByTestId('totp-secret').textContent())!.trim()), period: 30, digits: 6 });
      await page.fill('#field-code', totp.generate());
      await page.locator('main button[type="submit"]').click();
      await expect(page.locator('.recovery-codes code')).toHaveCount(10);
      await page.goto('/account');
    } else {
      await expect(page).toHaveURL(/\/signin\/second-factor/);
      // A code of the next time step: the one used at enrolment cannot be used again.
      await page.fill('#field-code', totp.generate({ timestamp: Date.now() + 30_000 }));
      await page.locator('main form[action="/signin/second-factor"] button').click();
    }
    await expect(page).toHaveURL(/\/account$/);
    // Switch the interface language through the switcher (it becomes the account's preference).
    await page.locator('details.language-switcher summary').click();
    await page.locator(`button[name="locale"][value="${lang}"]`).click();
    await expect(page.locator('html')).toHaveAttribute('lang', lang);

    for (const path of ['/admin', '/admin/users', '/admin/organisations', '/admin/organisations/new', '/admin/roles', '/admin/outbox', '/admin/jobs', '/admin/audit', '/admin/xapi', '/account/data', '/account/email', '/account/password']) {
      const res = await page.goto(path);
      expect(res!.status(), path).toBe(200);
      await expectAccessible(page);
    }
    // A user's page, an organisation's page, and a form sent with errors.
    await page.goto('/admin/users?q=e2e-admin');
    await page.locator('main table a').first().click();
    await expect(page).toHaveURL(/\/admin\/users\/[0-9a-f-]{36}$/);
    await expectAccessible(page);
    await page.goto('/admin/organisations');
    await page.locator('main table a').first().click();
    await expect(page).toHaveURL(/\/admin\/organisations\/[0-9a-f-]{36}$/);
    await expectAccessible(page);
    await page.goto('/admin/organisations/new');
    await page.locator('main form button[type="submit"]').click();
    await expect(page.locator('.error-summary')).toBeVisible();
    await expectAccessible(page);
    // The xAPI page's forwarding form, refused: an address inside the network, with the reason beside the field.
    await page.goto('/admin/xapi');
    await page.fill('#field-endpoint', 'https://169.254.169.254/latest/');
    await page.fill('#field-key', 'key');
    await page.fill('#field-secret', 'secret');
    await page.locator('form[action="/admin/xapi/forwarding"] button[type="submit"]').click();
    await expect(page.locator('#field-endpoint-error')).toContainText('169.254.169.254');
    await expectAccessible(page);
    // Audit rows of this journey are there.
    await page.goto('/admin/audit?action=auth.signin');
    await expect(page.locator('main table tbody tr').first()).toContainText('auth.signin');
  });
}

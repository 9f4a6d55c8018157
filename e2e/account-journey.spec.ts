import { expect, test } from './test.js';
import * as OTPAuth from 'otpauth';
import { expectAccessible } from './axe.js';
import { mailLink } from './mail.js';

const LANGUAGES = [
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'it', name: 'Italiano', dir: 'ltr' },
  { code: 'de', name: 'Deutsch', dir: 'ltr' },
  { code: 'es', name: 'Español', dir: 'ltr' },
  { code: 'el', name: 'Ελληνικά', dir: 'ltr' },
  { code: 'ar', name: 'العربية', dir: 'rtl' },
] as const;

for (const lang of LANGUAGES) {
  test(`sign up, verify, sign in, switch language, enrol TOTP and a security key, sign out — ${lang.code}`, async ({ browser }, info) => {
    const hasJs = info.project.use.javaScriptEnabled !== false;
    const ip = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
    const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': ip }, javaScriptEnabled: hasJs });
    const page = await context.newPage();
    const email = `e2e-${lang.code}-${hasJs ? 'js' : 'nojs'}-${Date.now()}@example.org`;
    const password = 'lantern river pepper';

    // The home page in English (the browser asks for English), then switch language with the switcher.
    await page.goto('/?lang=en');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expectAccessible(page, hasJs);
    await page.locator('details.language-switcher summary').click();
    await page.locator(`button[name="locale"][value="${lang.code}"]`).click();
    await expect(page.locator('html')).toHaveAttribute('lang', lang.code);
    await expect(page.locator('html')).toHaveAttribute('dir', lang.dir);
    await expectAccessible(page, hasJs);

    // Sign up, in the chosen language; a first attempt with a too-short password keeps what was typed.
    await page.goto('/signup');
    await expectAccessible(page, hasJs);
    await page.fill('#field-name', 'Journey Tester');
    await page.fill('#field-email', email);
    await page.fill('#field-password', 'short');
    await page.locator('main button[type="submit"]').click();
    await expect(page.locator('.error-summary')).toBeVisible();
    await expect(page.locator('#field-email')).toHaveValue(email);
    await expectAccessible(page, hasJs);
    await page.fill('#field-password', password);
    if (hasJs) {
      // The strength of the new password is told as it is typed, and it can be shown and hidden again.
      await expect(page.locator('.password-strength')).toHaveAttribute('data-level', '3');
      const toggle = page.locator('button.password-toggle');
      await toggle.click();
      await expect(page.locator('#field-password')).toHaveAttribute('type', 'text');
      await expect(toggle).toHaveAttribute('aria-pressed', 'true');
      await expectAccessible(page, hasJs);
      await toggle.click();
      await expect(page.locator('#field-password')).toHaveAttribute('type', 'password');
    } else {
      await expect(page.locator('button.password-toggle')).toBeHidden();
    }
    await page.selectOption('#field-profession', 'cultural-mediator');
    await page.locator('main button[type="submit"]').click();
    await expect(page).toHaveURL(/\/signup\/sent$/);
    await expectAccessible(page, hasJs);

    // Verify through the link in the e-mail.
    await page.goto(await mailLink(email, '/verify/'));
    await expectAccessible(page, hasJs);
    await page.locator('main button[type="submit"]').click();
    await expect(page).toHaveURL(/\/signin\?notice=email-verified$/);

    // Sign in.
    await expectAccessible(page, hasJs);
    await page.fill('#field-email', email);
    await page.fill('#field-password', password);
    await page.locator('main button[type="submit"]').click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.locator('html')).toHaveAttribute('lang', lang.code);
    await expect(page.locator('#field-name')).toHaveValue('Journey Tester');
    await expectAccessible(page, hasJs);

    // Enrol TOTP.
    await page.goto('/account/security');
    await expectAccessible(page, hasJs);
    await page.goto('/account/security/totp');
    await expectAccessible(page, hasJs);
    const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), period: 30, digits: 6 });
    await page.fill('#field-code', totp.generate());
    await page.locator('main button[type="submit"]').click();
    await expect(page.locator('.recovery-codes code')).toHaveCount(10);
    await expectAccessible(page, hasJs);

    // Sessions page, then sign out from the account menu.
    await page.goto('/account/sessions');
    await expectAccessible(page, hasJs);
    await page.locator('details.account-menu summary').click();
    await page.locator('form[action="/signout"] button').click();
    await expect(page).toHaveURL(/\/$/);
    await page.goto('/account');
    await expect(page).toHaveURL(/\/signin\?next=%2Faccount$/);

    // Signing in again now asks for the second factor.
    await page.fill('#field-email', email);
    await page.fill('#field-password', password);
    await page.locator('main button[type="submit"]').click();
    await expect(page).toHaveURL(/\/signin\/second-factor/);
    await expectAccessible(page, hasJs);
    await page.fill('#field-code', totp.generate({ timestamp: Date.now() + 30_000 }));
    await page.locator('main form[action="/signin/second-factor"] button').click();
    await expect(page).toHaveURL(/\/account$/);

    // A security key beside the app (Chromium's virtual authenticator stands for a USB key); without JavaScript the
    // page says what a key needs instead of showing a form that cannot work.
    await page.goto('/account/security');
    if (!hasJs) {
      await expect(page.locator('form[data-webauthn]')).toBeHidden();
      await expect(page.locator('[data-webauthn-unsupported]')).toBeVisible();
      await context.close();
      return;
    }
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', { options: { protocol: 'ctap2', transport: 'usb', hasResidentKey: false, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true } });
    await expect(page.locator('[data-webauthn-unsupported]')).toBeHidden();
    await page.fill('#field-name', 'Journey key');
    await page.locator('form[data-webauthn="register"] button').click();
    await expect(page).toHaveURL(/\/account\/security\?notice=key-added$/);
    await expect(page.locator('main table')).toContainText('Journey key');
    await expectAccessible(page, hasJs);

    // Signing in again: the key answers the second step, no code typed.
    await page.locator('details.account-menu summary').click();
    await page.locator('form[action="/signout"] button').click();
    await page.goto('/signin');
    await page.fill('#field-email', email);
    await page.fill('#field-password', password);
    await page.locator('main button[type="submit"]').click();
    await expect(page).toHaveURL(/\/signin\/second-factor/);
    await expect(page.locator('form[data-webauthn="authenticate"]')).toBeVisible();
    await expectAccessible(page, hasJs);
    await page.locator('form[data-webauthn="authenticate"] button').click();
    await expect(page).toHaveURL(/\/account$/);
    await context.close();
  });
}

test('error pages follow the browser’s language and are accessible', async ({ browser }, info) => {
  const hasJs = info.project.use.javaScriptEnabled !== false;
  const context = await browser.newContext({ locale: 'el-GR', javaScriptEnabled: hasJs });
  const page = await context.newPage();
  const res = await page.goto('/definitely/not/here');
  expect(res!.status()).toBe(404);
  await expect(page.locator('html')).toHaveAttribute('lang', 'el');
  await expectAccessible(page, hasJs);
  await context.close();
});

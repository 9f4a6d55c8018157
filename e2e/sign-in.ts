import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import * as OTPAuth from 'otpauth';

/**
 * Signs in a user that the Playwright set-up created with `ponte user create` (its one-time link in
 * E2E_DATA_DIR/`linkFile`): sets the password through the link, then signs in with it. A care role cannot be
 * used without a second factor: such a user is kept on the security page, enrols TOTP there, and the TOTP
 * generator is returned for later sign-ins.
 */
export async function signInWithSetupLink(page: Page, linkFile: string, email: string, password: string) {
  const link = /http:\/\/[^\s]+\/password\/reset\/[A-Za-z0-9_-]+/.exec(readFileSync(join(process.env.E2E_DATA_DIR!, linkFile), 'utf8'))!;
  await page.goto(new URL(link[0]).pathname);
  await page.fill('#field-password', password);
  await page.locator('main button[type="submit"]').click();
  await page.fill('#field-email', email);
  await page.fill('#field-password', password);
  await page.locator('main button[type="submit"]').click();
  await expect(page).toHaveURL(/\/account(\/security\?notice=totp-required)?$/);
  if (!page.url().includes('totp-required')) return null;
  await page.goto('/account/security/totp');
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32((await page.getByTestId('totp-secret').textContent())!.trim()), period: 30, digits: 6 });
  await page.fill('#field-code', totp.generate());
  await page.locator('main button[type="submit"]').click();
  await expect(page.locator('.recovery-codes code')).toHaveCount(10);
  return totp;
}

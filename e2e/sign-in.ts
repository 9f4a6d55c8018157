import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';

/**
 * Signs in a user that the Playwright set-up created with `ponte user create` (its one-time link in
 * E2E_DATA_DIR/`linkFile`): sets the password through the link, then signs in with it.
 */
export async function signInWithSetupLink(page: Page, linkFile: string, email: string, password: string) {
  const link = /http:\/\/[^\s]+\/password\/reset\/[A-Za-z0-9_-]+/.exec(readFileSync(join(process.env.E2E_DATA_DIR!, linkFile), 'utf8'))!;
  await page.goto(new URL(link[0]).pathname);
  await page.fill('#field-password', password);
  await page.locator('main button[type="submit"]').click();
  await page.fill('#field-email', email);
  await page.fill('#field-password', password);
  await page.locator('main button[type="submit"]').click();
  await expect(page).toHaveURL(/\/account$/);
}

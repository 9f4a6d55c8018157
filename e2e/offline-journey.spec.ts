import { expect, test } from './test.js';
import { expectAccessible } from './axe.js';
import { signInWithSetupLink } from './sign-in.js';

// A learner opens two lessons, loses the connection, reads the first again, marks it completed offline and goes
// on to the next; back online, the completion reaches the server. Service workers need JavaScript, so this
// journey runs in the JavaScript project only (without scripts the pages simply need the network).
test('a lesson opened once can be read offline, and progress made offline is sent when back online', async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ locale: 'en' });
  const page = await context.newPage();
  await signInWithSetupLink(page, 'offline-link.txt', 'e2e-offline@example.org', 'offline journey passphrase');

  await page.goto('/training/courses/psychcare-guidelines');
  await page.locator('main form[action$="/enrol"] button').click();
  await expect(page).toHaveURL(/\/learn\/psychcare-guidelines/);
  const lessons = await page.locator('main .outline__lesson a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname));
  const [first, second] = lessons as [string, string];
  await page.goto(first);
  // The service worker takes over the learner's pages once registered; from then on, pages it serves are kept.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await page.goto(second);
  await page.goto(first);
  const title = await page.locator('main h1').textContent();

  await context.setOffline(true);
  await page.goto(first);
  await expect(page.locator('main h1')).toHaveText(title!);
  await expect(page.locator('#offline-reading')).toBeVisible();
  await expectAccessible(page);
  await page.locator('main .lesson__end button').click();
  await expect(page).toHaveURL(new RegExp(`${second}\\?offline=saved$`));
  await expect(page.locator('#offline-saved')).toBeVisible();
  await expectAccessible(page);

  // Back online: the outbox is sent, and the course page shows the first lesson completed.
  await context.setOffline(false);
  await page.evaluate(() => navigator.serviceWorker.controller?.postMessage('flush'));
  await expect
    .poll(async () => {
      await page.goto('/learn/psychcare-guidelines');
      return page.locator(`main .outline__lesson--done a[href="${first}"]`).count();
    })
    .toBe(1);
  await context.close();
});

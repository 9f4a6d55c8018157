// This journey looks for the policy's refusals itself: it uses Playwright's own test, without the guard of ./test.js.
import { expect, test } from '@playwright/test';

test('a page runs its own scripts and refuses any script element without its nonce, even one from Ponte’s origin', async ({ page }) => {
  const refusals: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) refusals.push(m.text());
  });
  // A same-origin file that would run as a script if the policy let it (as a SCORM package's file could).
  await page.route('**/assets/gadget.js', (route) => route.fulfill({ contentType: 'text/javascript', body: 'document.title = "gadget";' }));
  // What an HTML injection would add to the page, as it leaves the server with its own headers: a same-origin
  // script (a SCORM package's file would be one), an inline script and an event handler.
  await page.route('**/news', async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace(
      '</main>',
      '<script src="/assets/gadget.js"></script><script>document.title = "injected"</script><img src="/missing.png" alt="" onerror="document.title = \'handler\'"></main>',
    );
    await route.fulfill({ response, body: html });
  });
  await page.goto('/news');
  await expect(page.locator('main h1')).toBeVisible();
  expect(await page.title()).toMatch(/^News/);
  expect(refusals.length).toBeGreaterThanOrEqual(3);
  expect(refusals.some((r) => r.includes('/assets/gadget.js'))).toBe(true);
  expect(refusals.every((r) => r.includes("'strict-dynamic'"))).toBe(true);

  // The page's own script (with the nonce) ran: Escape closes the language menu it opened.
  await page.locator('details.language-switcher summary').click();
  await expect(page.locator('details.language-switcher')).toHaveAttribute('open', '');
  await page.keyboard.press('Escape');
  await expect(page.locator('details.language-switcher')).not.toHaveAttribute('open', '');
});

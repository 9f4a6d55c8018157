import { expect, test as base, type BrowserContext } from '@playwright/test';

export { expect };
export type { Browser, Page } from '@playwright/test';

/**
 * Playwright's test, which also fails when a page of the journey breaks its Content-Security-Policy: a script
 * refused for want of the answer's nonce, a style or frame refused. Every browser context of the test is watched,
 * the default one and those a journey opens (several people, each their own context).
 */
export const test = base.extend<{ policyGuard: void }>({
  policyGuard: [
    async ({ browser, context }, use) => {
      const violations: string[] = [];
      const watch = (c: BrowserContext) =>
        c.on('console', (m) => {
          if (/Content Security Policy/i.test(m.text())) violations.push(`${m.location().url}: ${m.text()}`);
        });
      watch(context);
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args) => {
        const c = await newContext(...args);
        watch(c);
        return c;
      };
      try {
        await use();
      } finally {
        browser.newContext = newContext;
      }
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});

import { expect, test, type Page } from './test.js';
import { expectAccessible } from './axe.js';
import { signInWithSetupLink } from './sign-in.js';

const address = () => ({ 'x-forwarded-for': `203.0.113.${Math.floor(Math.random() * 250) + 1}` });
const submit = (page: Page, label: string | RegExp) => page.locator('main button', { hasText: label }).first().click();

// A coordinator writes a guideline, publishes it, publishes a second version with a changed recommendation,
// and the public diff between the two shows what changed, word by word.
test('a coordinator publishes a new guideline version and the diff shows what changed', async ({ browser }, info) => {
  const hasJs = info.project.use.javaScriptEnabled !== false;
  const suffix = hasJs ? 'js' : 'no-js';
  const slug = `e2e-guideline-${suffix}`;
  const context = await browser.newContext({ locale: 'en', javaScriptEnabled: hasJs, extraHTTPHeaders: address() });
  const page = await context.newPage();
  await signInWithSetupLink(page, `guidelines-${suffix}-link.txt`, `e2e-guidelines-${suffix}@example.org`, 'guideline pass phrase 2026');

  await page.goto('/guidelines/manage');
  await expectAccessible(page, hasJs);
  await page.fill('#field-title', `Mediation in first interviews (${suffix})`);
  await page.fill('#field-slug', slug);
  await submit(page, 'Create the guideline');
  await expect(page.locator('main h1')).toContainText('Mediation in first interviews');
  await expectAccessible(page, hasJs);
  await page.fill('#field-label', '1.0');
  await submit(page, 'Start the draft');

  // The draft's structure: one chapter, one section, one recommendation.
  await expect(page.locator('main')).toContainText('Add a chapter');
  await page.fill('#field-title', 'First contact');
  await submit(page, 'Add a chapter');
  await page.locator('main a', { hasText: 'Add a section' }).click();
  await page.fill('#field-title', 'Interviews');
  await page.locator('main button[type="submit"]').last().click();
  await page.locator('main a', { hasText: 'Add a recommendation' }).click();
  await expectAccessible(page, hasJs);
  await page.fill('#field-statement', 'Offer a trained cultural mediator at the first interview.');
  await page.fill('#field-rationale', 'People describe distress more fully in their own language.');
  await page.locator('input[name="strength"][value="strong"]').check();
  await page.selectOption('select[name="evidence"]', 'moderate');
  await page.locator('input[name="roles"][value="reception-operator"]').check();
  await page.locator('input[name="steps"][value="identification"]').check();
  await page.locator('main form button[type="submit"]').last().click();
  await expect(page.locator('main')).toContainText('Offer a trained cultural mediator at the first interview.');

  // Publish 1.0, then start 1.1 and change the recommendation.
  await page.goto('/guidelines/manage');
  await page.locator('main a', { hasText: `Mediation in first interviews (${suffix})` }).click();
  await submit(page, 'Publish version 1.0');
  await expect(page.locator('main')).toContainText('1.0');
  await page.fill('#field-label', '1.1');
  await submit(page, 'Start the draft');
  await page.locator('main a', { hasText: /^Edit R1$/ }).click();
  await page.fill('#field-statement', 'Offer a trained cultural mediator of the person’s choosing at the first interview.');
  await submit(page, /^Save$/);
  await expect(page.locator('main')).toContainText('of the person’s choosing');
  await page.goto('/guidelines/manage');
  await page.locator('main a', { hasText: `Mediation in first interviews (${suffix})` }).click();
  await page.locator('input[name="confirm"]').check();
  await submit(page, 'Publish version 1.1');
  await expectAccessible(page, hasJs);

  // The public page compares the two versions.
  await page.goto(`/guidelines/${slug}`);
  await expectAccessible(page, hasJs);
  await page.selectOption('select[name="from"]', '1.0');
  await page.selectOption('select[name="to"]', '1.1');
  await page.locator('main form[method="get"] button').click();
  await expect(page).toHaveURL(/\/diff\?from=1\.0&to=1\.1/);
  await expect(page.locator('main h1')).toContainText('Changes from version 1.0 to version 1.1');
  await expect(page.locator('main ins', { hasText: 'of the person’s choosing' })).toBeVisible();
  await expectAccessible(page, hasJs);
  await context.close();
});

// A member of a reception centre records how far it applies a recommendation; the region's cell changes.
test('an organisation records its adoption and the regional heat map changes', async ({ browser }, info) => {
  const hasJs = info.project.use.javaScriptEnabled !== false;
  const suffix = hasJs ? 'js' : 'no-js';
  const [organisation, region] = hasJs ? ['ASL Roma Esempio (demo)', 'IT-62'] : ['CSM Palermo Esempio (demo)', 'IT-82'];
  const context = await browser.newContext({ locale: 'en', javaScriptEnabled: hasJs, extraHTTPHeaders: address() });
  const page = await context.newPage();
  await signInWithSetupLink(page, `member-${suffix}-link.txt`, `e2e-member-${suffix}@example.org`, 'member pass phrase 2026');

  const adoption = '/guidelines/psychosocial-support-refugees-demo/adoption';
  const cell = page.locator(`td.heat[data-recommendation="R4"][data-region="${region}"]`);
  await page.goto(adoption);
  await expectAccessible(page, hasJs);
  const before = (await cell.innerText()).trim();

  await page.locator('main a', { hasText: `Assess adoption for ${organisation}` }).click();
  await expectAccessible(page, hasJs);
  // Whatever it said before, the new answer moves the cell: implemented, or planned if it was implemented.
  const implemented = page.locator('input[name="status-R4"][value="implemented"]');
  const next = (await implemented.isChecked()) ? 'planned' : 'implemented';
  await page.locator(`input[name="status-R4"][value="${next}"]`).check();
  await page.fill('#field-evidence-R4', 'Screening offered in the second week, with a mediator.');
  await submit(page, 'Save the assessment');

  await page.goto(adoption);
  await expect(cell).not.toHaveText(before);
  await page.goto(`${adoption}/regions/${region}`);
  await expect(page.locator('main')).toContainText(organisation);
  await expectAccessible(page, hasJs);

  // The organisation is a member of its regional network: its people see the working space and the minutes.
  const network = hasJs ? 'lazio' : 'sicilia';
  await page.goto('/networks');
  await expectAccessible(page, hasJs);
  await page.goto(`/networks/${network}`);
  await expect(page.locator('main')).toContainText(organisation);
  await expectAccessible(page, hasJs);
  await page.locator('main a', { hasText: 'Open the working space' }).click();
  await expect(page).toHaveURL(new RegExp(`/networks/${network}/space$`));
  await expectAccessible(page, hasJs);
  await page.locator('main a[href*="/meetings/"]').first().click();
  await expect(page.locator('main h1')).toBeVisible();
  await expectAccessible(page, hasJs);
  await context.close();
});

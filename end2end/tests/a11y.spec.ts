// Accessibility: an axe-core scan (WCAG 2.0/2.1/2.2 A and AA rules) of every page in
// both languages and both themes: every pairing after hydration on desktop, two
// pairings that cover both languages and both themes on a phone and for the
// server-rendered markup with the wasm bundle blocked (axe needs JavaScript to run, so
// the no-JavaScript projects cannot scan; blocking the wasm shows axe the same markup
// a browser without JavaScript gets).
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { storageFor, waitForHydration, type AccountName } from '../support';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const LANGUAGES = ['en', 'da'] as const;
const THEMES = ['light', 'dark'] as const;

const PAGES: { path: string; account: AccountName | null }[] = [
  { path: '/', account: 'owner' },
  { path: '/revenue?period=last_12_months', account: 'owner' },
  { path: '/invoices', account: 'owner' },
  { path: '/receivables', account: 'owner' },
  { path: '/customers', account: 'owner' },
  { path: '/bills', account: 'owner' },
  { path: '/payments', account: 'owner' },
  { path: '/invoices?status=paid&sort=customer&dir=asc&page=2', account: 'owner' },
  { path: '/members', account: 'owner' },
  { path: '/billing', account: 'owner' },
  { path: '/connection', account: 'owner' },
  { path: '/sync', account: 'owner' },
  { path: '/audit', account: 'owner' },
  { path: '/admin', account: 'admin' },
  { path: '/sign-in', account: null },
  { path: '/sign-up', account: null },
  { path: '/no/such/page', account: null },
];

async function expectNoViolations(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const violations = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(violations, `axe violations on ${what}`).toEqual([]);
  // The scan really ran its rules, contrast included (in both themes).
  expect(results.passes.map((rule) => rule.id), `axe ran on ${what}`).toContain('color-contrast');
}

async function setPreferences(context: BrowserContext, baseURL: string, lang: string, theme: string) {
  await context.addCookies([
    { name: 'll_lang', value: lang, url: baseURL },
    { name: 'll_theme', value: theme, url: baseURL },
  ]);
}

for (const { path, account } of PAGES) {
  test.describe(`accessibility of ${path}`, () => {
    if (account) test.use({ storageState: storageFor(account) });

    test('has no axe violations in either language or theme', async ({
      page,
      context,
      baseURL,
      javaScriptEnabled,
      isMobile,
    }) => {
      test.skip(!javaScriptEnabled, 'axe runs as JavaScript in the page');
      const base = baseURL ?? 'http://127.0.0.1:3000';
      for (const lang of LANGUAGES) {
        for (const theme of THEMES) {
          // Every language and theme is scanned on each viewport, but not every pairing
          // everywhere: colours do not depend on the language, and a phone's layout not
          // on the theme, so the pairs left out repeat rules already run.
          const diagonal = (lang === 'en') === (theme === 'light');
          if (isMobile && diagonal) continue;
          await setPreferences(context, base, lang, theme);
          await page.goto(path);
          await waitForHydration(page);
          await expectNoViolations(page, `${path} (${lang}, ${theme}, hydrated)`);
          if (!isMobile && diagonal) {
            // The markup a browser without JavaScript gets: same page, wasm blocked.
            await page.route('**/pkg/*.wasm', (route) => route.abort());
            await page.goto(path);
            await expect(page.locator('html[data-hydrated]')).toHaveCount(0);
            await expectNoViolations(page, `${path} (${lang}, ${theme}, server-rendered)`);
            await page.unroute('**/pkg/*.wasm');
          }
        }
      }
    });
  });
}

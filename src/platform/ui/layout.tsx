import type { ComponentChildren } from 'preact';
import { hasRole } from '../access.js';
import { LOCALES, LOCALE_NAMES } from '../i18n/index.js';
import { usePage } from './context.js';
import { navVisible } from '../platform.js';

export interface LayoutProps {
  title: string;
  children: ComponentChildren;
  /** Funding statements and other module-provided footer content. */
  footer?: ComponentChildren;
  /** Extra tags for <head> (feeds, canonical links, Open Graph…). */
  head?: ComponentChildren;
  /** Error pages show the request id, which finds the log line. */
  showRequestId?: boolean;
}

export function Layout({ title, children, footer, head, showRequestId }: LayoutProps) {
  const { t, locale, dir, assets, requestId, footerLinks, nonce } = usePage();
  return (
    <html lang={locale} dir={dir}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title === 'Ponte' ? title : `${title} · Ponte`}</title>
        <link rel="stylesheet" href={assets.css} />
        {assets.js && <script type="module" nonce={nonce} src={assets.js} />}
        {head}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('nav.skipToContent')}
        </a>
        <header class="site-header">
          <div class="site-header__inner">
            <a class="site-header__brand" href="/">
              Ponte
            </a>
            <PrimaryNav />
            <div class="site-header__tools">
              <form action="/search" method="get" role="search" class="site-search">
                <label for="site-search-q" class="visually-hidden">
                  {t('search.query')}
                </label>
                <input id="site-search-q" type="search" name="q" maxLength={200} />
                <button type="submit">{t('search.submit')}</button>
              </form>
              <LanguageSwitcher />
              <AccountMenu />
            </div>
          </div>
        </header>
        <main id="main" class="page" tabIndex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          {footer && <div class="site-footer__slot">{footer}</div>}
          {footerLinks.length > 0 && (
            <nav class="site-footer__nav" aria-label={t('nav.footer')}>
              <ul>
                {footerLinks.map((l) => (
                  <li key={l.href}>
                    <a href={l.href}>{l.label}</a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          <p class="site-footer__meta">
            {t('footer.about')} {showRequestId && <span class="site-footer__request">{t('footer.requestId', { id: requestId })}</span>}
          </p>
        </footer>
      </body>
    </html>
  );
}

function PrimaryNav() {
  const { t, principal, path, navigation } = usePage();
  const links = [{ href: '/', label: t('nav.home') }, ...navigation.primary.filter((l) => navVisible(principal, l)).map((l) => ({ href: l.href, label: t(l.labelKey) }))];
  if (hasRole(principal, 'administrator')) links.push({ href: '/admin', label: t('nav.admin') });
  return (
    <nav class="primary-nav" aria-label={t('nav.primary')}>
      <ul>
        {links.map((l) => {
          const current = l.href === '/' ? path === '/' || path.startsWith('/?') : path.startsWith(l.href);
          return (
            <li key={l.href}>
              <a href={l.href} aria-current={current ? 'page' : undefined}>
                {l.label}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/** A disclosure with one button per language: works without JavaScript and needs no auto-submitting select. */
function LanguageSwitcher() {
  const { t, locale, csrfToken, path } = usePage();
  return (
    <details class="menu language-switcher">
      <summary>
        <span class="visually-hidden">{t('nav.language')}: </span>
        <span lang={locale}>{LOCALE_NAMES[locale]}</span>
      </summary>
      <form action="/language" method="post" class="menu__panel">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <input type="hidden" name="next" value={path} />
        <ul>
          {LOCALES.map((l) => (
            <li key={l}>
              <button type="submit" name="locale" value={l} lang={l} aria-current={l === locale ? 'true' : undefined} class="menu__item">
                {LOCALE_NAMES[l]}
              </button>
            </li>
          ))}
        </ul>
      </form>
    </details>
  );
}

function AccountMenu() {
  const { t, principal, csrfToken, path, navigation } = usePage();
  if (!principal) {
    const next = path === '/' || path.startsWith('/signin') || path.startsWith('/signup') ? '' : `?next=${encodeURIComponent(path)}`;
    return (
      <ul class="account-links">
        <li>
          <a href={`/signin${next}`}>{t('nav.signIn')}</a>
        </li>
        <li>
          <a href="/signup">{t('nav.signUp')}</a>
        </li>
      </ul>
    );
  }
  return (
    <details class="menu account-menu">
      <summary>
        <span class="visually-hidden">{t('nav.account')}: </span>
        {principal.name || principal.email}
      </summary>
      <div class="menu__panel">
        <ul>
          {navigation.account
            .filter((l) => navVisible(principal, l))
            .map((l) => (
              <li key={l.href}>
                <a class="menu__item" href={l.href}>
                  {t(l.labelKey)}
                </a>
              </li>
            ))}
          <li>
            <a class="menu__item" href="/account">
              {t('account.profile.title')}
            </a>
          </li>
          <li>
            <a class="menu__item" href="/account/security">
              {t('account.security.title')}
            </a>
          </li>
          <li>
            <a class="menu__item" href="/account/sessions">
              {t('account.sessions.title')}
            </a>
          </li>
          <li>
            <form action="/signout" method="post">
              <input type="hidden" name="_csrf" value={csrfToken} />
              <button type="submit" class="menu__item">
                {t('nav.signOut')}
              </button>
            </form>
          </li>
        </ul>
      </div>
    </details>
  );
}

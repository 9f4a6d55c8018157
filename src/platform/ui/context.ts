import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Principal } from '../access.js';
import type { Platform } from '../platform.js';
import type { Locale, Translate } from '../i18n/index.js';

/** What every component may know about the request it renders for. */
export interface PageContextValue {
  t: Translate;
  locale: Locale;
  dir: 'ltr' | 'rtl';
  principal: Principal | null;
  csrfToken: string;
  /** Goes on every script element: the page's Content-Security-Policy runs no script without it. */
  nonce: string;
  /** Path and query of the current page, for "next" links and the language switcher. */
  path: string;
  requestId: string;
  assets: { css: string; js: string | null; map: { css: string; js: string } };
  navigation: Platform['navigation'];
  /** The footer's links, fixed and editor-managed, with labels in the page's language. */
  footerLinks: { href: string; label: string }[];
  formatDate: (d: Date, style?: 'date' | 'datetime') => string;
  formatNumber: (n: number) => string;
}

export const PageContext = createContext<PageContextValue | null>(null);

export function usePage(): PageContextValue {
  const v = useContext(PageContext);
  if (!v) throw new Error('usePage outside a rendered page');
  return v;
}

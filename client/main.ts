// Progressive enhancement only: every page works without this file.
import { passwordStrength } from './password-strength.js';

// Move focus to the error summary after a failed submission, so screen-reader and keyboard users land on it.
const summary = document.querySelector<HTMLElement>('.error-summary');
if (summary) summary.focus();

// Close an open menu (language, account) when the user presses Escape or clicks elsewhere.
document.addEventListener('keydown', (e) => {
  if (e.key !== 'Escape') return;
  for (const d of document.querySelectorAll<HTMLDetailsElement>('details.menu[open]')) {
    d.open = false;
    d.querySelector('summary')?.focus();
  }
});
document.addEventListener('click', (e) => {
  for (const d of document.querySelectorAll<HTMLDetailsElement>('details.menu[open]')) if (!d.contains(e.target as Node)) d.open = false;
});

// Time on a lesson (continuing-education credits need it): while the page is visible, report the seconds spent
// every 30 seconds and when the page is hidden; on coming back, a report of zero restarts the count on the
// server, so that time away is never counted.
const lesson = document.querySelector<HTMLElement>('[data-lesson]');
const csrf = document.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value;
if (lesson?.dataset.lesson && csrf) {
  let visibleSince: number | null = document.visibilityState === 'visible' ? Date.now() : null;
  let pending = 0;
  const report = (always: boolean) => {
    if (visibleSince !== null) pending += (Date.now() - visibleSince) / 1000;
    visibleSince = document.visibilityState === 'visible' ? Date.now() : null;
    const seconds = Math.floor(pending);
    if (seconds < 1 && !always) return;
    pending -= seconds;
    void fetch('/api/learning/time', {
      method: 'POST',
      keepalive: true,
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify({ lesson: lesson.dataset.lesson, seconds }),
    }).catch(() => undefined);
  };
  setInterval(() => report(false), 30_000);
  document.addEventListener('visibilitychange', () => report(document.visibilityState === 'visible'));
}

// Learners' pages work offline once opened: the service worker keeps them and holds progress made offline until
// the network is back (client/sw.ts). The page says when it is read offline and when progress was kept.
if ('serviceWorker' in navigator && location.pathname.startsWith('/learn/')) {
  const flush = () => navigator.serviceWorker.controller?.postMessage('flush');
  navigator.serviceWorker.register('/sw.js', { scope: '/learn/' }).then(flush, () => undefined);
  window.addEventListener('online', flush);
}
const note = (id: string, shown: boolean) => document.getElementById(id)?.toggleAttribute('hidden', !shown);
note('offline-reading', !navigator.onLine);
window.addEventListener('offline', () => note('offline-reading', true));
window.addEventListener('online', () => note('offline-reading', false));
if (new URLSearchParams(location.search).get('offline') === 'saved') note('offline-saved', true);

// Password fields: a button to show what was typed (ASVS 2.1.12), and under a new password an estimate of its
// strength (2.1.8). The server renders both hidden; without this script the fields work as they are.
for (const button of document.querySelectorAll<HTMLButtonElement>('[data-password-toggle]')) {
  const input = document.getElementById(button.dataset.passwordToggle!) as HTMLInputElement | null;
  if (!input) continue;
  button.hidden = false;
  button.addEventListener('click', () => {
    const shown = input.type === 'text';
    input.type = shown ? 'password' : 'text';
    button.setAttribute('aria-pressed', String(!shown));
    button.textContent = (shown ? button.dataset.show : button.dataset.hide) ?? '';
  });
  // Sent as a password field, so that the browser never keeps it in its form history.
  input.form?.addEventListener('submit', () => (input.type = 'password'));
}
for (const meter of document.querySelectorAll<HTMLElement>('[data-password-strength]')) {
  const input = document.getElementById(meter.dataset.passwordStrength!) as HTMLInputElement | null;
  if (!input) continue;
  const levels = JSON.parse(meter.dataset.levels ?? '[]') as string[];
  const minLength = Number(meter.dataset.minLength);
  input.addEventListener('input', () => {
    const level = passwordStrength(input.value, minLength);
    meter.hidden = input.value === '';
    meter.dataset.level = String(level);
    meter.textContent = levels[level] ?? '';
  });
}

// Security keys and passkeys (WebAuthn): a form marked data-webauthn asks the browser for a new key (register) or
// for a key's signature (authenticate) with the options the server gives for this session, then sends the answer
// in its `credential` field. The forms stay hidden where the browser cannot do it; the page says so instead.
type JsonCredentials = typeof PublicKeyCredential & {
  parseCreationOptionsFromJSON?(o: unknown): PublicKeyCredentialCreationOptions;
  parseRequestOptionsFromJSON?(o: unknown): PublicKeyCredentialRequestOptions;
};
const Credentials = (window as { PublicKeyCredential?: JsonCredentials }).PublicKeyCredential;
if (Credentials?.parseCreationOptionsFromJSON && Credentials.parseRequestOptionsFromJSON && csrf) {
  for (const note of document.querySelectorAll<HTMLElement>('[data-webauthn-unsupported]')) note.hidden = true;
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-webauthn]')) {
    form.hidden = false;
    const field = form.querySelector<HTMLInputElement>('input[name="credential"]')!;
    const failed = form.querySelector<HTMLElement>('[data-webauthn-error]');
    const name = form.querySelector<HTMLInputElement>('input[name="name"]');
    form.addEventListener('submit', async (e) => {
      // A missing name is the server's to point out, before any key is made.
      if (field.value || (name && !name.value.trim())) return;
      e.preventDefault();
      if (failed) failed.hidden = true;
      try {
        const answer = await fetch(form.dataset.options!, { method: 'POST', headers: { 'x-csrf-token': csrf } });
        if (!answer.ok) throw new Error(String(answer.status));
        const options: unknown = await answer.json();
        const credential = (
          form.dataset.webauthn === 'register'
            ? await navigator.credentials.create({ publicKey: Credentials.parseCreationOptionsFromJSON!(options) })
            : await navigator.credentials.get({ publicKey: Credentials.parseRequestOptionsFromJSON!(options) })
        ) as (PublicKeyCredential & { toJSON(): unknown }) | null;
        if (!credential) throw new Error('no credential');
        field.value = JSON.stringify(credential.toJSON());
        form.submit();
      } catch {
        if (failed) failed.hidden = false;
      }
    });
  }
}

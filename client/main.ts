// Progressive enhancement only: every page works without this file.

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

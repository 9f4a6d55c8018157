import type { ComponentChildren, JSX } from 'preact';
import { PASSWORD_MIN_LENGTH } from '../auth/password-rules.js';
import { usePage } from './context.js';

/** Field errors are message keys (with optional values) translated at render time. */
export type FieldErrors = Record<string, string>;

/**
 * A form with its CSRF token. `webauthn` marks a form that asks a security key (client/main.ts): it stays hidden
 * until the script finds a browser that can, fetches the options from `options`, and sends the key's answer in
 * the field `credential`; a note after it says what a key needs, for browsers where the form stays hidden.
 */
export function Form(props: { action: string; method?: 'post' | 'get'; children: ComponentChildren; class?: string; enctype?: string; 'aria-label'?: string; webauthn?: { mode: 'register' | 'authenticate'; options: string } }) {
  const { csrfToken, t } = usePage();
  const method = props.method ?? 'post';
  const form = (
    <form action={props.action} method={method} class={props.class} enctype={props.enctype} aria-label={props['aria-label']} novalidate hidden={props.webauthn ? true : undefined} data-webauthn={props.webauthn?.mode} data-options={props.webauthn?.options}>
      {method === 'post' && <input type="hidden" name="_csrf" value={csrfToken} />}
      {props.webauthn && <input type="hidden" name="credential" value="" />}
      {props.webauthn && (
        <p class="field__error" data-webauthn-error hidden role="alert">
          {t('securityKeys.failed')}
        </p>
      )}
      {props.children}
    </form>
  );
  return props.webauthn ? (
    <>
      {form}
      <p data-webauthn-unsupported>{t('securityKeys.unsupported')}</p>
    </>
  ) : (
    form
  );
}

export function Button(props: { children: ComponentChildren; variant?: 'primary' | 'secondary' | 'danger' | 'link'; type?: 'submit' | 'button'; name?: string; value?: string }) {
  return (
    <button type={props.type ?? 'submit'} class={`button button--${props.variant ?? 'primary'}`} name={props.name} value={props.value}>
      {props.children}
    </button>
  );
}

export function ButtonLink(props: { href: string; children: ComponentChildren; variant?: 'primary' | 'secondary' }) {
  return (
    <a class={`button button--${props.variant ?? 'secondary'}`} href={props.href}>
      {props.children}
    </a>
  );
}

export function ErrorSummary({ errors }: { errors: FieldErrors }) {
  const { t } = usePage();
  const entries = Object.entries(errors);
  if (!entries.length) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">{t('form.errorSummary', { count: entries.length })}</h2>
      <ul>
        {entries.map(([field, key]) => (
          <li key={field}>
            <a href={field === '_form' ? '#main' : `#field-${field}`}>{t(key)}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldBase {
  name: string;
  label: string;
  error?: string;
  hint?: string;
  required?: boolean;
  /** Marks the label "(optional)" in a form where most fields are required. */
  optional?: boolean;
  /** The language and direction of what is typed, when they are not the page's (a translation, an original). */
  lang?: string;
  dir?: 'ltr' | 'rtl';
}

/** A field's hint and error, with the ids that its control names in aria-describedby. */
export function FieldMessages({ id, hint, error }: { id: string; hint?: string; error?: string }) {
  const { t } = usePage();
  return (
    <>
      {hint && (
        <p class="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field__error" id={`${id}-error`}>
          <span class="visually-hidden">{t('form.errorPrefix')} </span>
          {t(error)}
        </p>
      )}
    </>
  );
}

/** Label, hint and error of a field, wired to its control by id; `control` receives aria-describedby. */
function FieldFrame({ props, control }: { props: FieldBase; control: (ids: { id: string; describedBy?: string }) => ComponentChildren }) {
  const { t } = usePage();
  const id = `field-${props.name}`;
  const describedBy = [props.hint && `${id}-hint`, props.error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${props.error ? ' field--error' : ''}`}>
      <label for={id}>
        {props.label}
        {props.optional && <span class="field__optional"> {t('form.optional')}</span>}
      </label>
      <FieldMessages id={id} hint={props.hint} error={props.error} />
      {control({ id, describedBy })}
    </div>
  );
}

export function Field(
  props: FieldBase & {
    type?: 'text' | 'email' | 'password' | 'search' | 'url' | 'number' | 'tel' | 'date' | 'datetime-local';
    value?: string | null;
    autocomplete?: string;
    inputMode?: JSX.HTMLAttributes['inputMode'];
    maxLength?: number;
    spellcheck?: boolean;
  },
) {
  const { t } = usePage();
  return (
    <FieldFrame
      props={props}
      control={({ id, describedBy }) => [
        <input
          key="input"
          id={id}
          name={props.name}
          type={props.type ?? 'text'}
          value={props.type === 'password' ? undefined : (props.value ?? undefined)}
          autocomplete={props.autocomplete}
          inputMode={props.inputMode}
          maxLength={props.maxLength}
          spellcheck={props.spellcheck}
          lang={props.lang}
          dir={props.dir}
          required={props.required}
          aria-required={props.required ? 'true' : undefined}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={props.type === 'password' && props.autocomplete === 'new-password' ? [describedBy, `${id}-strength`].filter(Boolean).join(' ') : describedBy}
        />,
        // ASVS 2.1.12 and 2.1.8: a control to show what was typed, and for a new password an estimate of its
        // strength. Both need the page's script (client/main.ts), which unhides them; without it the field works.
        props.type === 'password' && (
          <button key="show" type="button" class="password-toggle" hidden aria-controls={id} aria-pressed="false" data-password-toggle={id} data-show={t('field.password.show')} data-hide={t('field.password.hide')}>
            {t('field.password.show')}
          </button>
        ),
        props.type === 'password' && props.autocomplete === 'new-password' && (
          <p key="strength" class="password-strength" id={`${id}-strength`} hidden aria-live="polite" data-password-strength={id} data-min-length={PASSWORD_MIN_LENGTH} data-levels={JSON.stringify([t('field.password.strength.short'), t('field.password.strength.weak'), t('field.password.strength.fair'), t('field.password.strength.strong')])} />
        ),
      ]}
    />
  );
}

export function SelectField(props: FieldBase & { value?: string | null; options: { value: string; label: string }[]; emptyLabel?: string; autocomplete?: string }) {
  return (
    <FieldFrame
      props={props}
      control={({ id, describedBy }) => (
        <select id={id} name={props.name} autocomplete={props.autocomplete} aria-invalid={props.error ? 'true' : undefined} aria-describedby={describedBy}>
          {props.emptyLabel !== undefined && <option value="">{props.emptyLabel}</option>}
          {props.options.map((o) => (
            <option key={o.value} value={o.value} selected={o.value === props.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}

/** A file to upload; the form needs enctype="multipart/form-data". */
export function FileField(props: FieldBase & { accept?: string }) {
  return (
    <FieldFrame
      props={props}
      control={({ id, describedBy }) => (
        <input id={id} name={props.name} type="file" accept={props.accept} required={props.required} aria-required={props.required ? 'true' : undefined} aria-invalid={props.error ? 'true' : undefined} aria-describedby={describedBy} />
      )}
    />
  );
}

export function TextAreaField(props: FieldBase & { value?: string | null; rows?: number; maxLength?: number }) {
  return (
    <FieldFrame
      props={props}
      control={({ id, describedBy }) => (
        <textarea id={id} name={props.name} rows={props.rows ?? 6} maxLength={props.maxLength} lang={props.lang} dir={props.dir} required={props.required} aria-invalid={props.error ? 'true' : undefined} aria-describedby={describedBy}>
          {props.value ?? ''}
        </textarea>
      )}
    />
  );
}

export function CheckboxField(props: { name: string; label: string; checked?: boolean; hint?: string; value?: string; error?: string; required?: boolean; disabled?: boolean }) {
  const { t } = usePage();
  const id = `field-${props.name}`;
  const describedBy = [props.hint && `${id}-hint`, props.error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field field--checkbox${props.error ? ' field--error' : ''}`}>
      {props.error && (
        <p class="field__error" id={`${id}-error`}>
          <span class="visually-hidden">{t('form.errorPrefix')} </span>
          {t(props.error)}
        </p>
      )}
      <input id={id} type="checkbox" name={props.name} value={props.value ?? 'on'} checked={props.checked} required={props.required} disabled={props.disabled} aria-invalid={props.error ? 'true' : undefined} aria-describedby={describedBy} />
      <label for={id}>{props.label}</label>
      {props.hint && (
        <p class="field__hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
    </div>
  );
}

type GroupProps = { name: string; legend: string; hint?: string; options: { value: string; label: string }[]; error?: string };

/** Options under one legend, as checkboxes or radio buttons, with the group's hint and error. */
function OptionGroup(props: GroupProps & { type: 'checkbox' | 'radio'; isChecked: (value: string) => boolean }) {
  const id = `field-${props.name}`;
  return (
    <fieldset class={`field field--group${props.error ? ' field--error' : ''}`} id={id} aria-describedby={[props.hint && `${id}-hint`, props.error && `${id}-error`].filter(Boolean).join(' ') || undefined}>
      <legend>{props.legend}</legend>
      <FieldMessages id={id} hint={props.hint} error={props.error} />
      {props.options.map((o, i) => (
        <div class="field--checkbox" key={o.value}>
          <input id={`${id}-${i}`} type={props.type} name={props.name} value={o.value} checked={props.isChecked(o.value)} />
          <label for={`${id}-${i}`}>{o.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** Several checkboxes under one legend; the form sends each ticked value under the same name. */
export const CheckboxGroup = (props: GroupProps & { checked: string[] }) => <OptionGroup {...props} type="checkbox" isChecked={(v) => props.checked.includes(v)} />;

/** Radio buttons under one legend: one of the options, sent under the name. */
export const RadioGroup = (props: GroupProps & { checked?: string | null }) => <OptionGroup {...props} type="radio" isChecked={(v) => props.checked === v} />;

export function Alert(props: { kind?: 'info' | 'success' | 'warning' | 'error'; title?: string; children?: ComponentChildren }) {
  const kind = props.kind ?? 'info';
  return (
    <div class={`alert alert--${kind}`} role={kind === 'error' || kind === 'warning' ? 'alert' : 'status'}>
      {props.title && <p class="alert__title">{props.title}</p>}
      {props.children}
    </div>
  );
}

export function Card(props: { title: string; href?: string; children?: ComponentChildren; headingLevel?: 2 | 3 }) {
  const H = props.headingLevel === 3 ? 'h3' : 'h2';
  return (
    <article class="card">
      <H class="card__title">{props.href ? <a href={props.href}>{props.title}</a> : props.title}</H>
      {props.children}
    </article>
  );
}

export function Breadcrumbs({ items }: { items: { href?: string; label: string }[] }) {
  const { t } = usePage();
  return (
    <nav class="breadcrumbs" aria-label={t('nav.breadcrumbs')}>
      <ol>
        {items.map((item, i) => (
          <li key={i}>
            {item.href && i < items.length - 1 ? (
              <a href={item.href}>{item.label}</a>
            ) : (
              <span aria-current={i === items.length - 1 ? 'page' : undefined}>{item.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** Navigation tabs: each tab is a link to its own page, so they work without JavaScript. */
export function Tabs({ items, label }: { items: { href: string; label: string; current: boolean }[]; label: string }) {
  return (
    <nav class="tabs" aria-label={label}>
      <ul>
        {items.map((item) => (
          <li key={item.href}>
            <a href={item.href} aria-current={item.current ? 'page' : undefined}>
              {item.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export interface Column<T> {
  header: string;
  cell: (row: T) => ComponentChildren;
  numeric?: boolean;
}

export function Table<T>({ caption, columns, rows, empty }: { caption: string; columns: Column<T>[]; rows: T[]; empty?: string }) {
  const { t } = usePage();
  return (
    <div class="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table class="table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" class={c.numeric ? 'numeric' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length}>{empty ?? t('table.empty')}</td>
            </tr>
          ) : (
            rows.map((row, r) => (
              <tr key={r}>
                {columns.map((c, i) => (
                  <td key={i} class={c.numeric ? 'numeric' : undefined}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

/** Page links; `href(n)` builds the URL of page n keeping the current filters. */
export function Pagination({ page, pageSize, total, href }: { page: number; pageSize: number; total: number; href: (page: number) => string }) {
  const { t, formatNumber } = usePage();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  const shown = [...new Set([1, page - 1, page, page + 1, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  return (
    <nav class="pagination" aria-label={t('pagination.label')}>
      <ul>
        {page > 1 && (
          <li>
            <a href={href(page - 1)} rel="prev">
              {t('pagination.previous')}
            </a>
          </li>
        )}
        {shown.map((n, i) => (
          <li key={n}>
            {i > 0 && shown[i - 1]! < n - 1 && <span class="pagination__gap">…</span>}
            {n === page ? (
              <span aria-current="page">{formatNumber(n)}</span>
            ) : (
              <a href={href(n)} aria-label={t('pagination.page', { page: n })}>
                {formatNumber(n)}
              </a>
            )}
          </li>
        ))}
        {page < pages && (
          <li>
            <a href={href(page + 1)} rel="next">
              {t('pagination.next')}
            </a>
          </li>
        )}
      </ul>
      <p class="pagination__summary">{t('pagination.summary', { page, pages, total })}</p>
    </nav>
  );
}

/** A link with query parameters; empty ones are left out. */
export const queryHref = (base: string, params: Record<string, string | number | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${base}?${s}` : base;
};

/** Definition list for "label: value" facts. */
export function Facts({ items }: { items: [string, ComponentChildren][] }) {
  return (
    <dl class="facts">
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A file's size in the reader's language ("1.2 MB", "340 kB"). */
export function useFileSize() {
  const { locale } = usePage();
  return (bytes: number) => {
    const [unit, value] = bytes >= 1024 * 1024 ? (['megabyte', bytes / (1024 * 1024)] as const) : (['kilobyte', Math.max(1, bytes / 1024)] as const);
    return new Intl.NumberFormat(locale, { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
  };
}

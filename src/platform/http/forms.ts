import { z } from 'zod';
import type { FieldErrors } from '../ui/components.js';

export type FormValues = Record<string, string>;

export type FormResult<T> = { ok: true; data: T; values: FormValues } | { ok: false; errors: FieldErrors; values: FormValues };

/** Fields never echoed back into a page: passwords, and whatever a route names (e.g. one-time codes). */
const isPassword = (field: string) => /password/i.test(field);

/**
 * Validates a submitted form. Messages in the schema are catalogue keys; the first problem of each field is
 * kept. `values` echoes what the user typed (strings only, secrets dropped) to refill the form.
 */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown, secret: (field: string) => boolean = isPassword): FormResult<z.infer<S>> {
  const raw = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const values: FormValues = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === '_csrf' || secret(k)) continue;
    values[k] = typeof v === 'string' ? v : Array.isArray(v) ? String(v[v.length - 1] ?? '') : '';
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data, values };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path.length ? String(issue.path[0]) : '_form';
    if (!errors[field]) errors[field] = issue.message.startsWith('errors.') ? issue.message : 'errors.invalid';
  }
  return { ok: false, errors, values };
}

/** A single text field from a form: trims, refuses arrays and control characters. */
export const text = (opts: { max?: number; required?: boolean } = {}) => {
  const base = z
    .string({ message: 'errors.invalid' })
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .max(opts.max ?? 200, 'errors.tooLong')
        .refine((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(s), 'errors.invalid'),
    );
  // An optional field may be absent from the submission altogether: it reads as empty.
  return opts.required === false ? z.preprocess((v) => v ?? '', base) : base.pipe(z.string().min(1, 'errors.required'));
};

/** An item's web address: lower-case words joined by hyphens. */
const SLUG = /^[a-z0-9][a-z0-9-]{0,80}$/;
/** A new item's web address, as typed in a form. */
export const slugField = () => z.string({ message: 'errors.slug' }).trim().toLowerCase().regex(SLUG, 'errors.slug');
/** An item's web address in a URL path. */
export const slugParam = z.string().regex(SLUG);

export const email = () =>
  z
    .string({ message: 'errors.required' })
    .transform((s) => s.trim().toLowerCase())
    .pipe(z.string().min(1, 'errors.required').max(254, 'errors.tooLong').email('errors.email'));

/** A password field: never trimmed (spaces are allowed characters). */
export const password = () => z.string({ message: 'errors.required' }).min(1, 'errors.required').max(1024, 'errors.tooLong');

/** A local date and time as typed (2026-05-14 09:30, or with a T as browsers send it); the time zone is another field. */
export const localDateTime = () =>
  z
    .string({ message: 'errors.dateTime' })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}$/, 'errors.dateTime');

export const checkbox = () => z.enum(['on', 'true'], { message: 'errors.invalid' }).optional().transform((v) => v !== undefined);

/** Checkboxes sharing a name (CheckboxGroup): none, one or several of the allowed values, each once. */
export const choices = <T extends string>(allowed: readonly T[]) =>
  z
    .preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string({ message: 'errors.choose' })).max(allowed.length * 2, 'errors.choose'))
    .refine((list) => list.every((x) => (allowed as readonly string[]).includes(x)), 'errors.choose')
    .transform((list) => [...new Set(list)] as T[]);

/** The strings a repeated field sent, to tick the same boxes again when a form comes back with errors. */
export const repeated = (v: unknown): string[] => ([] as unknown[]).concat(v ?? []).filter((x): x is string => typeof x === 'string');

/** Page numbers from query strings: anything odd becomes page 1. */
/** Passwords and one-time codes: for forms that ask for a second factor. */
export const isPasswordOrCode = (field: string) => isPassword(field) || field === 'code';

export const pageParam = (v: unknown): number => {
  const n = typeof v === 'string' ? Number.parseInt(v, 10) : NaN;
  return Number.isFinite(n) && n >= 1 && n <= 100_000 ? n : 1;
};

/** A local path to go back to after a form; anything else (another site, a scheme) becomes fallback. */
export function safeNext(next: unknown, fallback = '/'): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || /[\u0000-\u001F]/.test(next) || next.length > 2000) return fallback;
  return next;
}

/** A file from a multipart form (see the multipart registration in app.ts). */
export interface UploadedFile {
  filename: string;
  mimetype: string;
  data: Buffer;
}

/** A required file field (an empty file input reads as missing). */
export const fileField = () => z.custom<UploadedFile>((v) => !!v && typeof v === 'object' && Buffer.isBuffer((v as UploadedFile).data) && typeof (v as UploadedFile).filename === 'string', 'errors.file');
/** A file field that may be left empty (undefined then). */
export const optionalFileField = () => z.preprocess((v) => v ?? undefined, fileField().optional());

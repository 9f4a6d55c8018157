import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { z } from 'zod';
import { HttpError } from '../../platform/http/errors.js';
import { checkbox, fileField, parseForm, text, type FormValues } from '../../platform/http/forms.js';
import type { Locale } from '../../platform/i18n/index.js';
import type { Platform } from '../../platform/platform.js';
import type { FieldErrors } from '../../platform/ui/components.js';
import { findRecommendation } from '../guidelines/service.js';
import type { CareActor } from './access.js';
import type { BandInput } from './instruments.js';
import { completeScreening, getScreening, importInstrument, listInstruments, saveAnswers, screeningAsFhir, setInstrumentStatus, startScreening, type ScreeningView } from './screenings.js';
import { getResident } from './residents.js';
import { careCipher } from './crypto.js';
import { SCREENING_MODES } from './schema.js';
import { AdministerPage, InstrumentsPage, ResultPage, StartScreeningPage, type FollowUp } from './views/screenings.js';
import { contentDisposition } from '../../platform/storage.js';

/** Refusals of the screening service, as messages next to the fields they concern. */
const START_ERRORS: Record<string, [field: string, key: string]> = {
  'no-consent': ['_form', 'care.screening.errors.noConsent'],
  'resident-closed': ['_form', 'care.screening.errors.closed'],
  'instrument-not-found': ['instrumentId', 'errors.choose'],
  'instrument-retired': ['instrumentId', 'care.screening.errors.retired'],
  'language-unavailable': ['language', 'care.screening.errors.language'],
  'invalid-mode': ['mode', 'errors.choose'],
  'mediator-language-required': ['mediatorLanguage', 'care.screening.errors.mediatorLanguage'],
};
const MAX_QUESTIONNAIRE_BYTES = 2 * 1024 * 1024;

/** "moderate 8 14 Moderate distress" per line → bands for a Questionnaire that has none. */
export function parseBandLines(textValue: string): BandInput[] | null {
  const lines = textValue.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const bands: BandInput[] = [];
  for (const line of lines) {
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]{0,63})\s+(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)\s+(.{1,200})$/.exec(line);
    if (!m) return null;
    bands.push({ code: m[1]!, min: Number(m[2]), max: Number(m[3]), label: m[4]!.trim() });
  }
  return bands;
}

export function screeningRoutes(app: FastifyInstance, p: Platform) {
  const db = () => p.database.db;
  const cipher = careCipher(p.config);
  const operators = { config: { access: { roles: ['care-operator'] as const } } };
  const admins = { config: { access: { roles: ['administrator'] as const } } };
  const uuid = z.string().uuid();
  const params = (req: FastifyRequest) => req.params as Record<string, string>;
  const actor = (req: FastifyRequest): CareActor => ({ principal: req.principal!, requestId: req.id });
  const idParam = (req: FastifyRequest, name = 'id') => {
    const v = params(req)[name];
    if (!uuid.safeParse(v).success) throw new HttpError(404, 'error.404.body');
    return v!;
  };

  /** The resident a page is about, opened (and audited) for the caller; 404 otherwise. Only the centre's own operators act on it. */
  const residentOf = async (req: FastifyRequest, id: string, opts: { toAct: boolean }) => {
    const found = await db().transaction((tx) => getResident(tx, cipher, actor(req), id));
    if (!found || (opts.toAct && found.basis !== 'own-organisation')) throw new HttpError(404, 'error.404.body');
    const own = found.basis === 'own-organisation';
    return { id: found.resident.id, caseCode: found.resident.caseCode, languages: found.resident.languages, mediatorNeeded: found.resident.mediatorNeeded, canAct: own && found.resident.status === 'open' && !found.resident.anonymisedAt };
  };

  const startPage = async (req: FastifyRequest, reply: FastifyReply, residentId: string, values: FormValues, errors: FieldErrors, status: number) =>
    reply.page(h(StartScreeningPage, { resident: await residentOf(req, residentId, { toAct: true }), instruments: await listInstruments(db()), values, errors }), { status });

  app.get('/care/residents/:id/screenings/new', operators, async (req, reply) => startPage(req, reply, idParam(req), {}, {}, 200));

  app.post('/care/residents/:id/screenings', operators, async (req, reply) => {
    const id = idParam(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = Object.fromEntries(['instrumentId', 'language', 'mode', 'mediatorLanguage'].map((k) => [k, typeof body[k] === 'string' ? (body[k] as string).slice(0, 100) : ''])) as FormValues;
    if (!uuid.safeParse(values.instrumentId).success) return startPage(req, reply, id, values, { instrumentId: 'errors.choose' }, 400);
    const mode = (SCREENING_MODES as readonly string[]).includes(values.mode!) ? (values.mode as (typeof SCREENING_MODES)[number]) : null;
    if (!mode) return startPage(req, reply, id, values, { mode: 'errors.choose' }, 400);
    const r = await startScreening(db(), actor(req), id, { instrumentId: values.instrumentId!, language: values.language!, mode, mediatorLanguage: values.mediatorLanguage || null });
    if (!r.ok && r.error === 'not-found') throw new HttpError(404, 'error.404.body');
    if (!r.ok) {
      const [field, key] = START_ERRORS[r.error]!;
      return startPage(req, reply, id, values, { [field]: key }, 400);
    }
    return reply.redirect(`/care/screenings/${r.screening.id}`, 303);
  });

  const viewOf = async (req: FastifyRequest): Promise<ScreeningView> => {
    const r = await getScreening(db(), cipher, actor(req), idParam(req));
    if (!r.ok) throw new HttpError(404, 'error.404.body');
    return r;
  };

  /** The recommendations of the band, in the version in force, in the reader's language. */
  const followUpsOf = async (view: ScreeningView, locale: Locale): Promise<FollowUp[]> =>
    Promise.all(
      (view.band?.recommendations ?? []).map(async (ref) => {
        const found = await findRecommendation(db(), ref.guideline, 'current', ref.identifier, locale);
        return {
          ...ref,
          href: found ? `/guidelines/${ref.guideline}/${found.version.label}/recommendations/${found.recommendation.identifier}` : null,
          statement: found?.recommendation.text?.value.statement ?? null,
        };
      }),
    );

  const screeningPage = async (req: FastifyRequest, reply: FastifyReply, view: ScreeningView, extra: { errors?: FieldErrors; missing?: string[] } = {}, status = 200) => {
    const resident = await residentOf(req, view.screening.residentId, { toAct: false });
    if (view.screening.status === 'in-progress' && resident.canAct) return reply.page(h(AdministerPage, { view, resident, ...extra }), { status });
    return reply.page(h(ResultPage, { view, resident, followUps: await followUpsOf(view, req.locale), canRefer: resident.canAct && view.screening.status === 'completed' }), { status });
  };

  app.get('/care/screenings/:id', operators, async (req, reply) => screeningPage(req, reply, await viewOf(req)));

  app.post('/care/screenings/:id', operators, async (req, reply) => {
    const id = idParam(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    // Each question's answer comes as a.<linkId>: one value, or several for a question that allows them.
    const answers: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(body)) {
      if (!k.startsWith('a.')) continue;
      answers[k.slice(2)] = ([] as unknown[]).concat(v).filter((x): x is string => typeof x === 'string');
    }
    const saved = await saveAnswers(db(), cipher, actor(req), id, answers);
    if (!saved.ok && saved.error === 'not-found') throw new HttpError(404, 'error.404.body');
    if (!saved.ok && saved.error === 'completed') return reply.redirect(`/care/screenings/${id}`, 303);
    if (!saved.ok && saved.error === 'no-consent') return screeningPage(req, reply, await viewOf(req), { errors: { _form: 'care.screening.errors.noConsent' } }, 409);
    if (!saved.ok) return screeningPage(req, reply, await viewOf(req), { errors: { _form: 'care.screening.errors.answers' } }, 400);
    if (body.action !== 'complete') return reply.redirect(`/care/screenings/${id}`, 303);
    const done = await completeScreening(db(), cipher, actor(req), id);
    if (!done.ok && done.error === 'missing') return screeningPage(req, reply, await viewOf(req), { errors: { _form: 'care.screening.errors.missing' }, missing: done.missing }, 400);
    if (!done.ok && done.error === 'no-consent') return screeningPage(req, reply, await viewOf(req), { errors: { _form: 'care.screening.errors.noConsent' } }, 409);
    return reply.redirect(`/care/screenings/${id}`, 303);
  });

  app.get('/care/screenings/:id/fhir.json', operators, async (req, reply) => {
    const r = await screeningAsFhir(db(), cipher, actor(req), idParam(req), p.config.publicUrl);
    if (!r.ok) throw new HttpError(404, 'error.404.body');
    return reply
      .type('application/fhir+json; charset=utf-8')
      .header('content-disposition', contentDisposition('attachment', `questionnaire-response-${idParam(req)}.json`))
      .header('cache-control', 'no-store')
      .send(JSON.stringify(r.resource, null, 2));
  });

  // ---- Instruments (administrators) -------------------------------------------------------------------

  const instrumentsPage = async (reply: FastifyReply, extra: { values?: FormValues; errors?: FieldErrors; problems?: string[]; warnings?: string[]; notice?: string | null } = {}, status = 200) =>
    reply.page(h(InstrumentsPage, { instruments: await listInstruments(db(), { includeRetired: true }), ...extra }), { status });

  app.get('/care/settings/instruments', admins, async (req, reply) => instrumentsPage(reply, { notice: (req.query as Record<string, unknown>).notice === 'saved' ? 'saved' : null }));

  const importSchema = z.object({
    file: fileField(),
    bands: text({ max: 5000, required: false }),
    cutoff: text({ max: 12, required: false }).refine((v) => v === '' || /^-?\d+(\.\d+)?$/.test(v), 'errors.number'),
    licence: text({ max: 1000, required: false }),
    requireAll: checkbox(),
  });

  app.post('/care/settings/instruments', { config: { access: { roles: ['administrator'] as const }, multipartOptions: { limits: { fileSize: MAX_QUESTIONNAIRE_BYTES, files: 1 } } } }, async (req, reply) => {
    const form = parseForm(importSchema, req.body);
    if (!form.ok) return instrumentsPage(reply, { values: form.values, errors: form.errors }, 400);
    const d = form.data;
    const bands = d.bands ? parseBandLines(d.bands) : undefined;
    if (bands === null) return instrumentsPage(reply, { values: form.values, errors: { bands: 'care.instruments.errors.bands' } }, 400);
    let json: unknown;
    try {
      json = JSON.parse(d.file.data.toString('utf8'));
    } catch {
      return instrumentsPage(reply, { values: form.values, errors: { file: 'care.instruments.errors.json' } }, 400);
    }
    const r = await importInstrument(db(), actor(req), json, { ...(bands ? { bands } : {}), ...(d.cutoff ? { cutoff: Number(d.cutoff) } : {}), ...(d.licence ? { licence: d.licence } : {}), requireAll: d.requireAll });
    if (!r.ok) return instrumentsPage(reply, { values: form.values, errors: { file: r.error === 'exists' ? 'care.instruments.errors.exists' : 'care.instruments.errors.invalid' }, problems: r.errors }, r.error === 'exists' ? 409 : 400);
    return instrumentsPage(reply, { notice: 'imported', warnings: r.warnings });
  });

  app.post('/care/settings/instruments/:id/status', admins, async (req, reply) => {
    const status = (req.body as Record<string, unknown>)?.status;
    if (status !== 'active' && status !== 'retired') throw new HttpError(400, 'errors.choose');
    const r = await setInstrumentStatus(db(), actor(req), idParam(req), status);
    if (!r.ok) throw new HttpError(404, 'error.404.body');
    return reply.redirect('/care/settings/instruments?notice=saved', 303);
  });
}

import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import { countryName } from '../../platform/i18n/countries.js';
import { languageName, translator, type Locale } from '../../platform/i18n/index.js';
import { openResident, type CareActor } from './access.js';
import { placeOf, type CareCipher } from './crypto.js';
import { textIn } from './instruments.js';
import { consents, instruments, referralEvents, referralMessages, referrals, screenings } from './schema.js';
import { eraseResident } from './retention.js';
import { openAnswers } from './screenings.js';
import { openVulnerabilities } from './residents.js';

type Item = { label: string; value: string };
type Section = { heading: string; items: Item[] };

/**
 * Everything Ponte holds about a resident, for the resident (GDPR access and portability), worded in the language
 * they read: each section and label translated, each value as the resident would understand it. Only the resident's
 * own centre exports it; the export is audited like any read.
 */
export async function exportResidentData(db: DbOrTx, cipher: CareCipher, actor: CareActor, residentId: string, lang: Locale): Promise<{ caseCode: string; document: { title: string; generatedAt: string; language: Locale; sections: Section[] } } | null> {
  const opened = await openResident(db, actor, residentId, 'resident.export');
  if (!opened || opened.basis !== 'own-organisation') return null;
  const r = opened.resident;
  const t = translator(lang);
  const day = (d: Date | string | null) => (d ? new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(typeof d === 'string' ? new Date(`${d}T00:00:00Z`) : d) : '—');
  const yesNo = (b: boolean) => (b ? t('care.yes') : t('care.no'));
  const sections: Section[] = [
    {
      heading: t('care.resident.details'),
      items: [
        { label: t('care.resident.caseCode'), value: r.caseCode },
        { label: t('care.resident.name'), value: cipher.openOptional(r.nameSealed, placeOf('care_residents', 'name_sealed', r.id)) ?? '—' },
        { label: t('care.resident.birthYear'), value: r.birthYear ? String(r.birthYear) : '—' },
        { label: t('care.resident.gender'), value: t(`care.gender.${r.gender}`) },
        { label: t('care.resident.countryOfOrigin'), value: r.countryOfOrigin ? countryName(lang, r.countryOfOrigin) : '—' },
        { label: t('care.resident.languages'), value: r.languages.map((l) => languageName(lang, l)).join(', ') || '—' },
        { label: t('care.resident.mediatorNeeded'), value: yesNo(r.mediatorNeeded) },
        { label: t('care.resident.arrivalDate'), value: day(r.arrivalDate) },
        { label: t('care.resident.vulnerabilities'), value: openVulnerabilities(cipher, r.id, r.vulnerabilities).join(', ') || '—' },
        { label: t('care.residents.status'), value: t(`care.residents.statusValue.${r.status}`) },
      ],
    },
  ];
  for (const c of await db.select().from(consents).where(eq(consents.residentId, r.id)).orderBy(asc(consents.recordedAt))) {
    sections.push({
      heading: `${t('care.consent.title')}: ${t(`care.consent.purposeValue.${c.purpose}`)}`,
      items: [
        { label: t('care.consent.givenOn'), value: day(c.givenOn) },
        { label: t('care.consent.language'), value: languageName(lang, c.language) },
        { label: t('care.consent.mediatorPresent'), value: yesNo(c.mediatorPresent) },
        { label: t('care.consent.state'), value: c.withdrawnAt ? t('care.consent.withdrawnOn', { date: day(c.withdrawnAt), channel: t(`care.consent.channel.${c.withdrawalChannel ?? 'other'}`) }) : t('care.consent.active') },
      ],
    });
  }
  const screened = await db.select({ s: screenings, definition: instruments.definition }).from(screenings).innerJoin(instruments, eq(instruments.id, screenings.instrumentId)).where(eq(screenings.residentId, r.id)).orderBy(asc(screenings.startedAt));
  for (const { s, definition } of screened) {
    const answers = openAnswers(cipher, s.id, s.answers);
    const band = definition.bands.find((b) => b.code === s.band);
    sections.push({
      heading: `${t('care.screening.title')}: ${textIn(definition.title, lang)}`,
      items: [
        { label: t('care.screening.date'), value: day(s.completedAt ?? s.startedAt) },
        { label: t('care.screening.score'), value: s.score === null ? '—' : String(s.score) },
        { label: t('care.screening.band'), value: band ? textIn(band.label, lang) : '—' },
        // Each question and the answer given, in the resident's language.
        ...definition.items
          .filter((i) => i.type === 'choice' && answers[i.linkId]?.length)
          .map((i) => ({ label: textIn(i.text, lang), value: answers[i.linkId]!.map((code) => textIn(i.options.find((o) => o.code === code)?.display, lang) || code).join(', ') })),
      ],
    });
  }
  for (const ref of await db.select().from(referrals).where(eq(referrals.residentId, r.id)).orderBy(asc(referrals.createdAt))) {
    const events = await db.select().from(referralEvents).where(eq(referralEvents.referralId, ref.id)).orderBy(asc(referralEvents.at));
    const messages = await db.select().from(referralMessages).where(eq(referralMessages.referralId, ref.id)).orderBy(asc(referralMessages.createdAt));
    sections.push({
      heading: `${t('care.referral.one')}: ${ref.serviceName}`,
      items: [
        { label: t('care.referral.urgency'), value: t(`care.urgency.${ref.urgency}`) },
        { label: t('care.referral.statusLabel'), value: t(`care.referral.status.${ref.status}`) },
        { label: t('care.referral.reason'), value: cipher.open(ref.reasonSealed, placeOf('care_referrals', 'reason_sealed', ref.id)) ?? '—' },
        { label: t('care.referral.requestedAt'), value: day(ref.requestedAt) },
        { label: t('care.referral.firstAppointment'), value: day(ref.firstAppointmentAt) },
        ...events.map((e) => ({ label: day(e.at), value: e.step ? t(`care.referral.step.${e.step}`) : t(`care.referral.status.${e.toStatus}`) })),
        ...messages.map((m) => ({ label: `${t('care.referral.message')} · ${day(m.createdAt)}`, value: cipher.open(m.bodySealed, placeOf('care_referral_messages', 'body_sealed', m.id)) ?? '—' })),
      ],
    });
  }
  return { caseCode: r.caseCode, document: { title: t('care.subject.exportTitle', { code: r.caseCode }), generatedAt: new Date().toISOString(), language: lang, sections } };
}

/**
 * Erases a resident at their request, when the centre's operator confirms with the case code: the record, consents,
 * screenings, referrals, messages and bookings go; the audit trail keeps the ids.
 */
export async function eraseAtRequest(db: DbOrTx, actor: CareActor, residentId: string, confirmation: string): Promise<{ ok: true; organisationId: string } | { ok: false; error: 'not-found' | 'confirmation' }> {
  const opened = await openResident(db, actor, residentId, 'resident.erase-request', 'write');
  if (!opened || opened.basis !== 'own-organisation') return { ok: false, error: 'not-found' };
  if (confirmation.trim() !== opened.resident.caseCode) return { ok: false, error: 'confirmation' };
  await eraseResident(db, actor, residentId, opened.resident.organisationId);
  return { ok: true, organisationId: opened.resident.organisationId };
}

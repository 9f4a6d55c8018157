import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../access.js';
import { GENDERS, PROFESSIONS } from '../identity/users.js';
import { NOTICES as ACCOUNT_NOTICES } from '../../modules/accounts/routes.js';
import { NOTICES as ADMIN_NOTICES } from '../../modules/admin/routes.js';
import { DIRECTORY_NOTICES } from '../../modules/directory/routes.js';
import { PHONE_TYPES, SERVICE_STATUSES } from '../../modules/directory/schema.js';
import { EDITOR_NOTICES } from '../../modules/portal/news-routes.js';
import { ECM_PROBLEMS } from '../../modules/training/assessments.js';
import { AUTHOR_NOTICES, PUBLISH_REFUSALS } from '../../modules/training/author-routes.js';
import { ASSESSMENT_KINDS, BLOCK_KINDS, COURSE_LEVELS, CREDIT_SCHEMES, LIVE_SESSION_KINDS, LIVE_SESSION_MODES, QUESTION_KINDS, QUESTIONNAIRE_KINDS, QUESTIONNAIRES, SHORT_ANSWER_GRADINGS, TOPICS } from '../../modules/training/content.js';
import { GRADES } from '../../modules/training/views/grading.js';
import { LIVE_NOTICES } from '../../modules/training/live-routes.js';
import { DIMENSIONS } from '../../modules/training/reports.js';
import { BLOCKED, NOTICES as TRAINING_NOTICES } from '../../modules/training/routes.js';
import { TRANSLATION_STATES } from '../../modules/training/translating.js';
import { ADOPTION_STATUSES, COMMENT_STATUSES, EVIDENCE_LEVELS, GUIDELINE_ROLES, PATHWAY_STEPS, STRENGTHS, VERSION_STATUSES } from '../../modules/guidelines/schema.js';
import { ERROR_KEYS as GUIDELINE_ERRORS } from '../../modules/guidelines/service.js';
import { EDITOR_NOTICES as GUIDELINE_EDITOR_NOTICES } from '../../modules/guidelines/views/editor.js';
import { NETWORK_NOTICES } from '../../modules/networks/routes.js';
import { AGREEMENT_KINDS, ATTENDANCE, MEETING_STATUSES, MEMBER_ROLES } from '../../modules/networks/schema.js';
import { CARE_NOTICES } from '../../modules/care/routes.js';
import { APPOINTMENT_STATUSES, CONSENT_PURPOSES, REFERRAL_STATUSES, RESIDENT_GENDERS, SCREENING_MODES, URGENCIES, WITHDRAWAL_CHANNELS } from '../../modules/care/schema.js';
import { CANCEL_REASONS, FAIL_REASONS, HOLD_REASONS, OUTCOMES, REFERRAL_ACTIONS, REJECT_REASONS } from '../../modules/care/referrals.js';
import { COUNTRIES, countryName } from './countries.js';
import { catalogue, directionOf, LOCALES, negotiateLocale, translator } from './index.js';

const srcDir = fileURLToPath(new URL('../../', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Message keys the code asks for: literal t('…') calls, plus keys built from the domain's value lists. */
function usedKeys(): Set<string> {
  const keys = new Set<string>();
  for (const file of sourceFiles(srcDir)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9.-]+)'/g)) keys.add(m[1]!);
    for (const m of text.matchAll(/'((?:errors|error|notice)\.[a-zA-Z0-9.-]+)'/g)) keys.add(m[1]!);
  }
  for (const p of PROFESSIONS) keys.add(`profession.${p}`);
  for (const g of GENDERS) keys.add(`gender.${g}`);
  for (const r of ROLES) keys.add(`role.${r}`);
  for (const s of ['400', '401', '403', '404', '413', '415', '429', '500']) keys.add(`error.${s}.title`);
  for (const n of ACCOUNT_NOTICES) keys.add(`notice.${n}`);
  for (const n of ADMIN_NOTICES) keys.add(`admin.notice.${n}`);
  for (const n of EDITOR_NOTICES) keys.add(`portal.editor.notice.${n}`);
  for (const l of COURSE_LEVELS) keys.add(`training.level.${l}`);
  for (const x of TOPICS) keys.add(`training.topic.${x}`);
  for (const x of CREDIT_SCHEMES) keys.add(`training.scheme.${x}`);
  for (const x of ['done', 'visited', 'new']) keys.add(`training.lessonState.${x}`);
  for (const n of TRAINING_NOTICES) keys.add(`training.notice.${n}`);
  for (const k of ASSESSMENT_KINDS) keys.add(`training.test.${k}`).add(`training.test.${k}.lead`);
  for (const b of BLOCKED) keys.add(`training.test.blocked.${b}`);
  for (const v of ['true', 'false']) keys.add(`training.test.${v}`);
  for (const k of QUESTIONNAIRE_KINDS) {
    keys.add(`training.questionnaire.${k}`).add(`training.questionnaire.${k}.invite`);
    for (const item of QUESTIONNAIRES[k].items) keys.add(`training.questionnaire.item.${item.id}`);
  }
  for (const n of [1, 2, 3, 4, 5]) keys.add(`training.questionnaire.scale.${n}`);
  for (const d of DIMENSIONS) keys.add(`training.report.by.${d}`).add(`training.report.dimension.${d}`);
  for (const k of LIVE_SESSION_KINDS) keys.add(`training.live.kind.${k}`);
  for (const m of LIVE_SESSION_MODES) keys.add(`training.live.mode.${m}`);
  for (const n of LIVE_NOTICES) keys.add(`training.live.notice.${n}`);
  for (const n of AUTHOR_NOTICES) keys.add(`training.author.notice.${n}`);
  for (const r of PUBLISH_REFUSALS) keys.add(`training.author.publish.${r}`);
  for (const p of ECM_PROBLEMS) keys.add(`training.author.${p}`);
  for (const k of BLOCK_KINDS) keys.add(`training.author.blockKind.${k}`);
  for (const k of QUESTION_KINDS) keys.add(`training.author.questionKind.${k}`);
  for (const g of SHORT_ANSWER_GRADINGS) keys.add(`training.author.grading.${g}`);
  for (const g of GRADES) keys.add(`training.grading.${g}`);
  for (const x of TRANSLATION_STATES) keys.add(`training.author.state.${x}`);
  for (const x of SERVICE_STATUSES) keys.add(`directory.status.${x}`);
  for (const x of PHONE_TYPES) keys.add(`directory.phoneType.${x}`);
  for (const x of DIRECTORY_NOTICES) keys.add(`directory.notice.${x}`);
  for (const x of ['member', 'verification']) keys.add(`directory.source.${x}`);
  for (const x of ['confirmed', 'proposed']) keys.add(`directory.org.answer.${x}`);
  for (const x of ['pending', 'accepted', 'rejected']) keys.add(`directory.proposal.${x}`);
  for (const x of VERSION_STATUSES) keys.add(`guidelines.status.${x}`).add(`guidelines.participation.versionStatus.${x}`);
  for (const x of STRENGTHS) keys.add(`guidelines.strength.${x}`);
  for (const x of [...EVIDENCE_LEVELS, 'none']) keys.add(`guidelines.level.${x}`);
  for (const x of GUIDELINE_ROLES) keys.add(`guidelines.role.${x}`);
  for (const x of PATHWAY_STEPS) keys.add(`guidelines.step.${x}`);
  for (const x of ['added', 'removed', 'changed', 'unchanged']) keys.add(`guidelines.diff.change.${x}`);
  for (const x of ['added', 'removed', 'renamed', 'moved', 'introChanged']) keys.add(`guidelines.diff.part.${x}`);
  for (const x of GUIDELINE_ERRORS) keys.add(x);
  for (const x of GUIDELINE_EDITOR_NOTICES) keys.add(`guidelines.editor.notice.${x}`);
  for (const x of ['missing', 'up-to-date', 'out-of-date']) keys.add(`guidelines.editor.state.${x}`);
  for (const x of ['title', 'partTitle', 'summary', 'intro', 'changeNote', 'statement', 'rationale']) keys.add(`guidelines.editor.field.${x}`);
  for (const x of ADOPTION_STATUSES) keys.add(`guidelines.participation.adoptionStatus.${x}`);
  for (const x of COMMENT_STATUSES) keys.add(`guidelines.participation.commentStatus.${x}`);
  for (const x of ['answered', 'closed', 'endorsed', 'withdrawn']) keys.add(`guidelines.participation.notice.${x}`);
  for (const x of AGREEMENT_KINDS) keys.add(`networks.agreementKind.${x}`);
  for (const x of ATTENDANCE) keys.add(`networks.attendance.${x}`);
  for (const x of MEETING_STATUSES) keys.add(`networks.meetingStatus.${x}`);
  for (const x of MEMBER_ROLES) keys.add(`networks.role.${x}`);
  for (const x of NETWORK_NOTICES) keys.add(`networks.notice.${x}`);
  for (const x of ['due', 'overdue']) keys.add(`mail.networks.action.${x}.subject`).add(`mail.networks.action.${x}.intro`);
  for (const x of CARE_NOTICES) keys.add(`care.notice.${x}`);
  for (const x of RESIDENT_GENDERS) keys.add(`care.gender.${x}`);
  for (const x of CONSENT_PURPOSES) keys.add(`care.consent.purposeValue.${x}`);
  for (const x of WITHDRAWAL_CHANNELS) keys.add(`care.consent.channel.${x}`);
  for (const x of ['open', 'closed']) keys.add(`care.residents.statusValue.${x}`);
  for (const x of SCREENING_MODES) keys.add(`care.screening.modeValue.${x}`);
  for (const x of URGENCIES) keys.add(`care.urgency.${x}`);
  for (const x of REFERRAL_STATUSES) keys.add(`care.referral.status.${x}`);
  for (const x of APPOINTMENT_STATUSES) keys.add(`care.referral.appointmentStatus.${x}`);
  for (const x of REFERRAL_ACTIONS) keys.add(`care.referral.action.${x}`);
  for (const [family, list] of [['rejectReason', REJECT_REASONS], ['cancelReason', CANCEL_REASONS], ['holdReason', HOLD_REASONS], ['failReason', FAIL_REASONS], ['outcome', OUTCOMES]] as const) for (const x of list) keys.add(`care.referral.${family}.${x}`);
  for (const x of ['read', 'write']) keys.add(`care.audit.accessValue.${x}`);
  for (const x of ['success', 'denied']) keys.add(`care.audit.outcomeValue.${x}`);
  for (const x of ['own-organisation', 'referral-recipient', 'break-glass', 'data-subject-request', 'retention', 'none']) keys.add(`care.audit.basisValue.${x}`);
  return keys;
}

describe('message catalogues', () => {
  const en = catalogue('en');

  it('has every key the code uses in English', () => {
    const missing = [...usedKeys()].filter((k) => !(k in en));
    expect(missing).toEqual([]);
  });

  for (const locale of LOCALES) {
    it(`is complete and well-formed in ${locale}`, () => {
      const c = catalogue(locale);
      expect(Object.keys(c).filter((k) => !(k in en))).toEqual([]);
      expect(Object.keys(en).filter((k) => !(k in c))).toEqual([]);
      for (const [key, message] of Object.entries(c)) {
        // Placeholders must survive translation (languages with more plural forms repeat them more often),
        // and every message formats with its placeholders given.
        const names = (m: string) => [...new Set([...m.matchAll(/\{(\w+)[,}]/g)].map((x) => x[1]!))].sort();
        const values = Object.fromEntries(names(en[key]!).map((n) => [n, 3]));
        expect(() => new IntlMessageFormat(message, locale).format(values), `${locale} ${key}`).not.toThrow();
        expect(names(message), `${locale} ${key}`).toEqual(names(en[key]!));
      }
    });
  }

  it('formats plurals per language', () => {
    expect(translator('en')('admin.users.caption', { total: 1 })).toBe('1 user');
    expect(translator('en')('admin.users.caption', { total: 2 })).toBe('2 users');
    expect(translator('it')('admin.users.caption', { total: 2 })).not.toBe(translator('en')('admin.users.caption', { total: 2 }));
  });
});

describe('choosing the language', () => {
  it('prefers the user’s choice, then the URL, then Accept-Language, then English', () => {
    expect(negotiateLocale({ preference: 'de', url: 'it', acceptLanguage: 'es' })).toBe('de');
    expect(negotiateLocale({ preference: null, url: 'it', acceptLanguage: 'es' })).toBe('it');
    expect(negotiateLocale({ url: 'klingon', acceptLanguage: 'fr-FR;q=0.9, el;q=0.8, en;q=0.5' })).toBe('el');
    expect(negotiateLocale({ acceptLanguage: 'ar-EG' })).toBe('ar');
    expect(negotiateLocale({ acceptLanguage: '*;q=0.1, garbage;;q=x' })).toBe('en');
    expect(negotiateLocale({})).toBe('en');
  });

  it('sets right-to-left for Arabic', () => {
    expect(directionOf('ar')).toBe('rtl');
    expect(directionOf('el')).toBe('ltr');
  });

  it('offers each country once, under a name of its own, in every language', () => {
    for (const locale of LOCALES) {
      const names = COUNTRIES.map((c) => countryName(locale, c));
      expect(names.filter((n, i) => names.indexOf(n) !== i), locale).toEqual([]);
      expect(names.filter((n, i) => n === COUNTRIES[i]), locale).toEqual([]);
    }
  });
});

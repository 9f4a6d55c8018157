import { eq } from 'drizzle-orm';
import type { Platform } from './platform/platform.js';
import { contentChanged } from './platform/content-version.js';
import { grantRole } from './platform/identity/organisations.js';
import { createEmailToken } from './platform/identity/tokens.js';
import { createUser, findUserByEmail } from './platform/identity/users.js';
import { organisations, organisationTypes, regions } from './platform/schema.js';
import { seedPortalDemo } from './modules/portal/demo.js';
import { seedDemoDocuments } from './modules/portal/demo-documents.js';
import { seedDemoEvents } from './modules/portal/demo-events.js';
import { seedDemoNews } from './modules/portal/demo-news.js';
import { seedTrainingDemo } from './modules/training/demo.js';
import { seedDirectoryDemo } from './modules/directory/demo.js';
import { seedAdoptionDemo } from './modules/guidelines/demo-adoption.js';
import { seedGuidelinesDemo } from './modules/guidelines/demo.js';
import { seedNetworksDemo } from './modules/networks/demo.js';
import { careCipher } from './modules/care/crypto.js';
import { seedCareDemo } from './modules/care/demo.js';

export const DEMO_ADMIN_EMAIL = 'admin@example.org';

/** Organisation types are data; these are the ones the two seed systems need (names per UI language). */
const TYPES: { code: string; names: Record<string, string> }[] = [
  { code: 'reception-centre', names: { en: 'Reception centre (e.g. CAS)', it: 'Centro di accoglienza (es. CAS)', de: 'Aufnahmeeinrichtung (z. B. CAS)', es: 'Centro de acogida (p. ej. CAS)', el: 'Κέντρο υποδοχής (π.χ. CAS)', ar: 'مركز استقبال (مثل CAS)' } },
  { code: 'integration-project', names: { en: 'Reception and integration project (SAI)', it: 'Progetto di accoglienza e integrazione (SAI)', de: 'Aufnahme- und Integrationsprojekt (SAI)', es: 'Proyecto de acogida e integración (SAI)', el: 'Έργο υποδοχής και ένταξης (SAI)', ar: 'مشروع استقبال وإدماج (SAI)' } },
  { code: 'first-reception', names: { en: 'First reception centre or hotspot', it: 'Centro di prima accoglienza o hotspot', de: 'Erstaufnahmeeinrichtung oder Hotspot', es: 'Centro de primera acogida o hotspot', el: 'Κέντρο πρώτης υποδοχής ή hotspot', ar: 'مركز استقبال أولي أو نقطة ساخنة' } },
  { code: 'local-health-authority', names: { en: 'Local health authority (ASL)', it: 'Azienda sanitaria locale (ASL)', de: 'Lokale Gesundheitsbehörde (ASL)', es: 'Autoridad sanitaria local (ASL)', el: 'Τοπική υγειονομική αρχή (ASL)', ar: 'السلطة الصحية المحلية (ASL)' } },
  { code: 'community-mental-health-centre', names: { en: 'Community mental-health centre (CSM)', it: 'Centro di salute mentale (CSM)', de: 'Gemeindepsychiatrisches Zentrum (CSM)', es: 'Centro de salud mental comunitario (CSM)', el: 'Κοινοτικό κέντρο ψυχικής υγείας (CSM)', ar: 'مركز مجتمعي للصحة النفسية (CSM)' } },
  { code: 'addiction-service', names: { en: 'Addiction service (SerD)', it: 'Servizio per le dipendenze (SerD)', de: 'Suchthilfedienst (SerD)', es: 'Servicio de adicciones (SerD)', el: 'Υπηρεσία εξαρτήσεων (SerD)', ar: 'خدمة علاج الإدمان (SerD)' } },
  { code: 'family-clinic', names: { en: 'Family clinic (consultorio)', it: 'Consultorio familiare', de: 'Familienberatungsstelle (consultorio)', es: 'Centro de orientación familiar (consultorio)', el: 'Οικογενειακό ιατρείο (consultorio)', ar: 'عيادة الأسرة (consultorio)' } },
  { code: 'ngo', names: { en: 'Non-governmental organisation', it: 'Organizzazione non governativa', de: 'Nichtregierungsorganisation', es: 'Organización no gubernamental', el: 'Μη κυβερνητική οργάνωση', ar: 'منظمة غير حكومية' } },
  { code: 'mediator-agency', names: { en: 'Cultural mediation agency', it: 'Agenzia di mediazione culturale', de: 'Agentur für Sprach- und Kulturmittlung', es: 'Agencia de mediación cultural', el: 'Φορέας πολιτισμικής διαμεσολάβησης', ar: 'وكالة وساطة ثقافية' } },
  { code: 'university', names: { en: 'University', it: 'Università', de: 'Universität', es: 'Universidad', el: 'Πανεπιστήμιο', ar: 'جامعة' } },
  { code: 'research-institute', names: { en: 'Research institute', it: 'Istituto di ricerca', de: 'Forschungsinstitut', es: 'Instituto de investigación', el: 'Ερευνητικό ινστιτούτο', ar: 'معهد أبحاث' } },
  { code: 'other', names: { en: 'Other organisation', it: 'Altra organizzazione', de: 'Andere Organisation', es: 'Otra organización', el: 'Άλλος οργανισμός', ar: 'منظمة أخرى' } },
];

const REGIONS = [
  { country: 'IT', code: 'IT-62', name: 'Lazio' },
  { country: 'IT', code: 'IT-25', name: 'Lombardia' },
  { country: 'IT', code: 'IT-72', name: 'Campania' },
  { country: 'IT', code: 'IT-82', name: 'Sicilia' },
];

/**
 * Organisations named in the public facts of the two seed systems; the care organisations are fictional
 * and say so in their names.
 */
const ORGANISATIONS: { name: string; typeCode: string; country: string; region?: string }[] = [
  { name: 'Ethno-Medizinisches Zentrum e.V.', typeCode: 'ngo', country: 'DE' },
  { name: 'Zadig', typeCode: 'other', country: 'IT' },
  { name: 'Prolepsis Institute', typeCode: 'other', country: 'GR' },
  { name: 'Partner organisation (Spain)', typeCode: 'other', country: 'ES' },
  { name: 'Partner organisation (Cyprus)', typeCode: 'other', country: 'CY' },
  { name: 'IPRS – Istituto Psicoanalitico per le Ricerche Sociali', typeCode: 'research-institute', country: 'IT' },
  { name: 'Crossing Dialogues', typeCode: 'other', country: 'IT' },
  { name: 'CAS Villa Esempio (demo)', typeCode: 'reception-centre', country: 'IT', region: 'IT-62' },
  { name: 'CSM Distretto Esempio (demo)', typeCode: 'community-mental-health-centre', country: 'IT', region: 'IT-62' },
  { name: 'Mediazione Esempio (demo)', typeCode: 'mediator-agency', country: 'IT', region: 'IT-62' },
];

export async function isSeeded(p: Platform): Promise<boolean> {
  return !!(await findUserByEmail(p.database.db, DEMO_ADMIN_EMAIL));
}

/** Seeds the demo instance once; returns false when it was already there. */
export async function seedDemo(p: Platform): Promise<boolean> {
  return p.database.db.transaction(async (tx) => {
    if (await findUserByEmail(tx, DEMO_ADMIN_EMAIL)) return false;
    await tx
      .insert(organisationTypes)
      .values(TYPES.map((x, i) => ({ ...x, sort: i })))
      .onConflictDoNothing();
    await tx.insert(regions).values(REGIONS).onConflictDoNothing();
    const regionIds = new Map((await tx.select().from(regions)).map((r) => [r.code, r.id]));
    for (const o of ORGANISATIONS) {
      const exists = await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.name, o.name));
      if (!exists.length) await tx.insert(organisations).values({ name: o.name, typeCode: o.typeCode, country: o.country, regionId: o.region ? regionIds.get(o.region) : null });
    }
    await seedPortalDemo(tx);
    await seedDemoDocuments(tx, p.storage);
    await seedDemoNews(tx);
    await seedDemoEvents(tx);
    await seedTrainingDemo(tx, p);
    await seedDirectoryDemo(tx);
    await seedGuidelinesDemo(tx);
    await seedAdoptionDemo(tx);
    await seedNetworksDemo(tx);
    await seedCareDemo(tx, careCipher(p.config));
    await contentChanged(tx);
    const admin = await createUser(tx, { email: DEMO_ADMIN_EMAIL, passwordHash: null, name: 'Demo Administrator', locale: 'en', verified: true });
    await grantRole(tx, admin.id, 'administrator', null);
    return true;
  });
}

/** A one-time link with which the demo administrator chooses a password (valid for 7 days). */
export async function passwordSetupLink(p: Platform, email = DEMO_ADMIN_EMAIL): Promise<string | null> {
  const user = await findUserByEmail(p.database.db, email);
  if (!user) return null;
  const token = await createEmailToken(p.database.db, user.id, 'reset', { ttlMs: 7 * 24 * 3600_000 });
  return `${p.config.publicUrl}/password/reset/${token}`;
}

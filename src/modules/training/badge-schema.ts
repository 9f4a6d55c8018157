import { integer, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../../platform/db/columns.js';

/**
 * The instance's keys for signing Open Badges credentials (Ed25519). One is active (no `retiredAt`); retired
 * keys stay published so that credentials they signed keep verifying. The private key is sealed with a key
 * derived from SECRET_KEY (AES-256-GCM, platform/auth/crypto.ts), so a copy of the database alone cannot sign.
 */
export const badgeSigningKeys = pgTable('training_badge_signing_keys', {
  /** The key's id: the last segment of its `kid` URL (`/badges/keys/:id`). */
  id: text('id').primaryKey(),
  algorithm: text('algorithm', { enum: ['EdDSA'] }).notNull(),
  /** The public key as a JWK (kty, crv, x): never holds `d`. */
  publicJwk: jsonb('public_jwk').$type<{ kty: string; crv: string; x: string }>().notNull(),
  /** The private key (PKCS#8 DER, base64url) sealed for the purpose `badge-signing-key`. */
  privateKeySealed: text('private_key_sealed').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  retiredAt: ts('retired_at'),
});

/**
 * Each certificate's place in a revocation status list (W3C Bitstring Status List): list number and bit index,
 * allocated at random within the list when its credential is first made. Deliberately not a foreign key: when a
 * certificate is deleted (its account was), its row stays and its bit reads as revoked, so the index is never
 * given to another certificate and the old credential stops verifying as valid.
 */
export const badgeStatusEntries = pgTable(
  'training_badge_status_entries',
  {
    certificateId: uuid('certificate_id').primaryKey(),
    list: integer('list').notNull(),
    index: integer('index').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [unique('training_badge_status_entries_slot').on(t.list, t.index)],
);

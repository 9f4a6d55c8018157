import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import { iso, type JsonValue } from '../../platform/personal-data.js';
import { mediaImages } from './schema.js';

/**
 * What the media library holds about one person (platform/personal-data.ts), under `media` in "download my
 * data": `imagesUploaded[]`, the images they are recorded as having uploaded (file name, when).
 */
export async function mediaPersonalData(db: DbOrTx, userId: string): Promise<{ [key: string]: JsonValue }> {
  const rows = await db.select({ name: mediaImages.name, createdAt: mediaImages.createdAt }).from(mediaImages).where(eq(mediaImages.createdBy, userId)).orderBy(asc(mediaImages.createdAt), asc(mediaImages.id));
  return { imagesUploaded: rows.map((r) => ({ name: r.name, uploadedAt: iso(r.createdAt) })) };
}

import { z } from 'zod';

const uuid = z.string().uuid();

/** The answer a reader gave to a knowledge check (its GET form), to show that option's feedback. */
export type CheckAnswer = { block: string; option: number } | null;

/**
 * What a reader chose on a lesson page through its address (the learner's page and the author's preview): the
 * answer to a knowledge check (`?check=<block>&option=<n>`, its GET form) and the SCO picked from a SCORM
 * block's list of parts (`?scorm=<block>&sco=<n>`). Anything else reads as no choice.
 */
export function readerChoices(query: Record<string, unknown>): { check: CheckAnswer; sco: { blockId: string; sco: number } | null } {
  const checked = uuid.safeParse(query.check);
  const option = typeof query.option === 'string' && /^\d{1,2}$/.test(query.option) ? Number(query.option) : null;
  const scorm = uuid.safeParse(query.scorm);
  const sco = typeof query.sco === 'string' && /^\d{1,3}$/.test(query.sco) ? Number(query.sco) : null;
  return {
    check: checked.success && option !== null && option < 20 ? { block: checked.data, option } : null,
    sco: scorm.success && sco !== null ? { blockId: scorm.data.toLowerCase(), sco } : null,
  };
}

import { afterAll, beforeAll, expect, it } from 'vitest';
import { signedInAs, testApp } from '../../../test/helpers.js';
import { seedDemo } from '../../demo.js';
import { learnerCourse } from './learning.js';
import { lessonsInOrder } from './versions.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  ctx = await testApp();
  await seedDemo(ctx.platform);
});
afterAll(async () => ctx?.close());

it('seeds the guidelines course with a pathway diagram and a checklist handout in Italian and English', async () => {
  const learner = await signedInAs(ctx, 'demo-media@example.org', 'learner');
  await learner.post('/training/courses/psychcare-guidelines/enrol');
  const user = (await ctx.platform.database.db.query.users.findFirst({ where: (u, { eq }) => eq(u.email, 'demo-media@example.org') }))!;
  const lc = (await learnerCourse(ctx.platform.database.db, user.id, 'psychcare-guidelines', 'en'))!;
  const lesson = lessonsInOrder(lc.snapshot)[0]!.lesson;
  const page = await learner.get(`/learn/psychcare-guidelines/lessons/${lesson.id}`);
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain('alt="Diagram of the pathway in four stages joined by arrows: identification, taking charge, treatment and rehabilitation, certification."');
  const handout = /href="(\/training\/files\/[0-9a-f-]+)\?download=1">Download first-interview-checklist\.pdf/.exec(page.body);
  expect(handout).not.toBeNull();
  const pdf = await learner.get(handout![1]!);
  expect(pdf.headers['content-type']).toBe('application/pdf');
  expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  // In Italian, the Italian handout.
  await learner.post('/language', { locale: 'it' });
  expect((await learner.get(`/learn/psychcare-guidelines/lessons/${lesson.id}`)).body).toContain('lista-di-controllo-primo-colloquio.pdf');
});

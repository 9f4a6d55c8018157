/// <reference lib="webworker" />
// The service worker of learners' pages (scope /learn/): lessons once opened can be read again offline, and
// progress made offline (time on a lesson, a lesson marked as completed) waits in an outbox until the network
// is back. Signing out clears all of it (Clear-Site-Data). Nothing here is needed for the pages to work.

declare const self: ServiceWorkerGlobalScope;
export {};

const CACHE = 'ponte-learning-v1';
const OUTBOX_DB = 'ponte-outbox';
const STORE = 'requests';

/** Learner pages kept for reading offline: a course's page and its lessons. */
const PAGE = /^\/learn\/[a-z0-9][a-z0-9-]*(\/lessons\/[0-9a-f-]{36})?$/;
/** What those pages load and never changes at the same address: stylesheets, scripts, images, captions. */
const STATIC = /^\/(assets\/[^/]+|media\/[0-9a-f-]{36}\/\d+\.(webp|png|jpg))$|\/captions\/[0-9a-f-]{36}\/[a-z]{2}\.vtt$/;
/** Progress that can wait: time reports and lessons marked as completed. */
const QUEUEABLE = /^\/(api\/learning\/time|learn\/[a-z0-9-]+\/lessons\/[0-9a-f-]{36}\/complete)$/;

self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === 'GET' && request.mode === 'navigate' && PAGE.test(url.pathname)) event.respondWith(networkFirst(request));
  else if (request.method === 'GET' && STATIC.test(url.pathname)) event.respondWith(cacheFirst(request));
  else if (request.method === 'POST' && QUEUEABLE.test(url.pathname)) event.respondWith(sendOrQueue(request));
});

self.addEventListener('message', (event) => {
  if (event.data === 'flush') event.waitUntil(flush());
});
self.addEventListener('sync', (event) => {
  const e = event as ExtendableEvent & { tag: string };
  if (e.tag === 'ponte-outbox') e.waitUntil(flush());
});

/** The page from the network (kept for later), or as last kept when the network fails. */
async function networkFirst(request: Request): Promise<Response> {
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) {
      const cache = await caches.open(CACHE);
      await cache.put(pageKey(request.url), response.clone());
      void flush();
    }
    return response;
  } catch {
    const kept = await caches.match(pageKey(request.url));
    return kept ?? Response.error();
  }
}

/** A page is kept under its address without the query (a knowledge check's answer, a notice). */
const pageKey = (href: string) => {
  const url = new URL(href);
  return url.origin + url.pathname;
};

async function cacheFirst(request: Request): Promise<Response> {
  const kept = await caches.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await (await caches.open(CACHE)).put(request, response.clone());
  return response;
}

interface Queued {
  id?: number;
  url: string;
  body: string;
  contentType: string;
  csrf: string | null;
}

/**
 * Sends progress; when the network fails, keeps it to send later and answers as the server would have: a time
 * report is accepted, a completed lesson leads on to the page the form names (`then`), marked as saved offline.
 */
async function sendOrQueue(request: Request): Promise<Response> {
  const copy = request.clone();
  try {
    return await fetch(request);
  } catch {
    const body = await copy.text();
    await enqueue({ url: copy.url, body, contentType: copy.headers.get('content-type') ?? '', csrf: copy.headers.get('x-csrf-token') });
    const registration = self.registration as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } };
    await registration.sync?.register('ponte-outbox').catch(() => undefined);
    if (new URL(copy.url).pathname === '/api/learning/time') return new Response(null, { status: 202 });
    const then = new URLSearchParams(body).get('then');
    const next = then && then.startsWith('/learn/') ? then : new URL(copy.url).pathname.replace(/\/complete$/, '');
    return Response.redirect(`${next}?offline=saved`, 303);
  }
}

function openOutbox(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(OUTBOX_DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: 'id', autoIncrement: true });
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

function inStore<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return openOutbox().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const req = run(tx.objectStore(STORE));
        tx.oncomplete = () => {
          db.close();
          resolve(req.result);
        };
        tx.onerror = () => reject(tx.error);
      }),
  );
}

const enqueue = (item: Queued) => inStore('readwrite', (s) => s.add(item));

let flushing: Promise<void> | null = null;
/** Sends what waits in the outbox, oldest first; stops at the first network failure (the rest waits). */
function flush(): Promise<void> {
  flushing ??= (async () => {
    try {
      const items = await inStore<Queued[]>('readonly', (s) => s.getAll() as IDBRequest<Queued[]>);
      for (const item of items) {
        const headers: Record<string, string> = { 'content-type': item.contentType };
        if (item.csrf) headers['x-csrf-token'] = item.csrf;
        try {
          // A completed lesson's answer is a redirect; it is not followed (the learner is elsewhere by now).
          await fetch(item.url, { method: 'POST', body: item.body, headers, credentials: 'same-origin', redirect: 'manual' });
        } catch {
          return;
        }
        // Sent: the server has judged it (a refusal would be refused again), so it leaves the outbox.
        await inStore('readwrite', (s) => s.delete(item.id!));
      }
    } finally {
      flushing = null;
    }
  })();
  return flushing;
}

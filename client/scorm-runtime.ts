// The SCORM runtime of a package's page (docs/scorm.md). Ponte puts this script first in every HTML page of a
// package it serves, in the page's own sandboxed (opaque) origin: the page finds the API in its own window, as
// SCORM's search for it begins there, without any frame of Ponte's origin being reachable from the package.
// The runtime is scorm-again; this script gives it the learner's kept CMI data and Ponte's commit address.
import { Scorm12API, Scorm2004API } from 'scorm-again';

interface Start {
  version: '1.2' | '2004';
  cmi: Record<string, string>;
  /** Where commits go; null for an author's preview, whose data is not kept. */
  commit: string | null;
}

const script = document.currentScript as HTMLScriptElement | null;
// The launch's address (/scorm/<token>/), which Ponte wrote on the script's tag: no cookie is needed.
const base = script?.dataset.launch ? new URL(script.dataset.launch, script.src).href : null;

function start(): Start | null {
  if (!base) return null;
  // Synchronous on purpose: the SCO looks for the API as its scripts start, right after this one.
  const xhr = new XMLHttpRequest();
  xhr.open('GET', `${base}start`, false);
  try {
    xhr.send();
  } catch {
    return null;
  }
  return xhr.status === 200 ? (JSON.parse(xhr.responseText) as Start) : null;
}

const s = start();
if (s) {
  const settings = {
    autocommit: true,
    autocommitSeconds: 30,
    lmsCommitUrl: s.commit ?? false,
    dataCommitFormat: 'flattened' as const,
    terminateCommitParam: 'terminate',
    logLevel: 5 as const,
  };
  const w = window as unknown as { API?: unknown; API_1484_11?: unknown };
  // Typed loosely: the package's declarations do not resolve BaseAPI's methods under NodeNext.
  type Loadable = { loadFromFlattenedJSON(json: Record<string, string>, element?: string): void };
  const api = s.version === '1.2' ? new Scorm12API(settings) : new Scorm2004API(settings);
  (api as unknown as Loadable).loadFromFlattenedJSON(s.cmi, '');
  if (s.version === '1.2') w.API = api;
  else w.API_1484_11 = api;
}

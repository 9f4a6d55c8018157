// Real SCORM packages made for the tests: a manifest and one HTML SCO whose "Finish" button finds the API by
// walking window.parent, as SCORM's discovery algorithm does, and reports a status and a score.
import { strToU8, zipSync, type Zippable } from 'fflate';

const page = (title: string, script: string) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${title}</title><script src="sco.js"></script></head>
<body>
<main>
<h1>${title}</h1>
<p id="entry">Entry: <span id="entry-value">?</span>; kept: <span id="kept">none</span></p>
<button type="button" id="progress">Save progress</button>
<button type="button" id="finish">Finish</button>
<p id="state" role="status"></p>
</main>
<script>${script}</script>
</body>
</html>`;

/** Scripts in a separate file as real packages ship them (the inline one only starts it). */
const sco12 = `
function findAPI(win) { var n = 0; while (win.API == null && win.parent != null && win.parent != win && n++ < 10) win = win.parent; return win.API; }
window.addEventListener('DOMContentLoaded', function () {
  var api = findAPI(window);
  if (!api) { document.getElementById('state').textContent = 'No API'; return; }
  api.LMSInitialize('');
  document.getElementById('entry-value').textContent = api.LMSGetValue('cmi.core.entry') || '(empty)';
  document.getElementById('kept').textContent = api.LMSGetValue('cmi.suspend_data') || 'none';
  document.getElementById('state').textContent = 'Started';
  document.getElementById('progress').onclick = function () {
    api.LMSSetValue('cmi.core.lesson_status', 'incomplete');
    api.LMSSetValue('cmi.core.lesson_location', 'page-2');
    api.LMSSetValue('cmi.suspend_data', 'step=2');
    api.LMSSetValue('cmi.core.exit', 'suspend');
    api.LMSCommit('');
    document.getElementById('state').textContent = 'Saved';
  };
  document.getElementById('finish').onclick = function () {
    api.LMSSetValue('cmi.core.score.raw', '85');
    api.LMSSetValue('cmi.core.score.min', '0');
    api.LMSSetValue('cmi.core.score.max', '100');
    api.LMSSetValue('cmi.core.lesson_status', 'passed');
    api.LMSSetValue('cmi.core.session_time', '0000:01:30.00');
    api.LMSCommit('');
    api.LMSFinish('');
    document.getElementById('state').textContent = 'Finished';
  };
});`;

const sco2004 = `
function findAPI(win) { var n = 0; while (win.API_1484_11 == null && win.parent != null && win.parent != win && n++ < 10) win = win.parent; return win.API_1484_11; }
window.addEventListener('DOMContentLoaded', function () {
  var api = findAPI(window);
  if (!api) { document.getElementById('state').textContent = 'No API'; return; }
  api.Initialize('');
  document.getElementById('entry-value').textContent = api.GetValue('cmi.entry') || '(empty)';
  document.getElementById('kept').textContent = api.GetValue('cmi.suspend_data') || 'none';
  document.getElementById('state').textContent = 'Started';
  document.getElementById('progress').onclick = function () {
    api.SetValue('cmi.completion_status', 'incomplete');
    api.SetValue('cmi.location', 'page-2');
    api.SetValue('cmi.suspend_data', 'step=2');
    api.SetValue('cmi.exit', 'suspend');
    api.Commit('');
    document.getElementById('state').textContent = 'Saved';
  };
  document.getElementById('finish').onclick = function () {
    api.SetValue('cmi.score.scaled', '0.9');
    api.SetValue('cmi.score.raw', '90');
    api.SetValue('cmi.completion_status', 'completed');
    api.SetValue('cmi.success_status', 'passed');
    api.SetValue('cmi.session_time', 'PT2M');
    api.SetValue('cmi.exit', 'normal');
    api.Commit('');
    api.Terminate('');
    document.getElementById('state').textContent = 'Finished';
  };
});`;

export const manifest12 = (opts: { launch?: string; mastery?: number; doctype?: boolean } = {}) =>
  `<?xml version="1.0" encoding="UTF-8"?>${opts.doctype ? '\n<!DOCTYPE manifest [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' : ''}
<manifest identifier="ponte.test.sco12" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>Talking with interpreters${opts.doctype ? ' &b;' : ''}</title>
      <item identifier="item1" identifierref="res1" isvisible="true">
        <title>Briefing an interpreter</title>
        ${opts.mastery !== undefined ? `<adlcp:masteryscore>${opts.mastery}</adlcp:masteryscore>` : ''}
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res1" type="webcontent" adlcp:scormtype="sco" href="${opts.launch ?? 'index.html'}">
      <file href="index.html"/><file href="sco.js"/>
    </resource>
  </resources>
</manifest>`;

export const manifest2004 = () => `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="ponte.test.sco2004" version="1"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>Trauma-informed first contact</title>
      <item identifier="item1" identifierref="res1" parameters="?lang=en"><title>First contact</title></item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res0" type="webcontent" adlcp:scormType="asset" href="shared/readme.html"><file href="shared/readme.html"/></resource>
    <resource identifier="res1" type="webcontent" adlcp:scormType="sco" href="content/start.html">
      <file href="content/start.html"/><file href="content/sco.js"/>
    </resource>
  </resources>
</manifest>`;

export const zip = (files: Zippable) => Buffer.from(zipSync(files));

/** A SCORM 1.2 package: one SCO that reports "passed" with a score of 85. */
export const scorm12Package = (opts: { mastery?: number } = {}) =>
  zip({
    'imsmanifest.xml': strToU8(manifest12(opts)),
    'index.html': strToU8(page('Briefing an interpreter', 'document.title += " (SCORM 1.2)";')),
    'sco.js': strToU8(sco12),
  });

/** A SCORM 2004 (4th edition) package: one SCO in a folder, reporting completed, passed and a scaled score of 0.9. */
export const scorm2004Package = () =>
  zip({
    'imsmanifest.xml': strToU8(manifest2004()),
    content: { 'start.html': strToU8(page('First contact', 'document.title += " (SCORM 2004)";')), 'sco.js': strToU8(sco2004) },
    shared: { 'readme.html': strToU8('<!doctype html><title>Read me</title><p>Shared</p>') },
  });

/**
 * A SCORM 1.2 package of three SCOs, as authoring tools export a module of several parts: two in a nested item
 * (the second with a mastery score of 80), one after it, each its own page and each finishing with its own score.
 */
export const manifestMultiSco = () => `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="ponte.test.multi" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>Cultural mediation in three parts</title>
      <item identifier="module1">
        <title>Before the session</title>
        <item identifier="part1" identifierref="res1"><title>Preparing the room</title></item>
        <item identifier="part2" identifierref="res2"><title>Agreeing on roles</title><adlcp:masteryscore>80</adlcp:masteryscore></item>
      </item>
      <item identifier="part3" identifierref="res3"><title>After the session</title></item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res1" type="webcontent" adlcp:scormtype="sco" href="part1/index.html"><file href="part1/index.html"/></resource>
    <resource identifier="res2" type="webcontent" adlcp:scormtype="sco" href="part2/index.html"><file href="part2/index.html"/></resource>
    <resource identifier="res3" type="webcontent" adlcp:scormtype="sco" href="part3/index.html"><file href="part3/index.html"/></resource>
    <resource identifier="shared" type="webcontent" adlcp:scormtype="asset" href="sco.js"><file href="sco.js"/></resource>
  </resources>
</manifest>`;

const multiPage = (title: string, score: number) =>
  page(title, `document.title += " (part)";`)
    .replace('<script src="sco.js">', '<script src="../sco.js">')
    .replace('</main>', `</main><script>window.FINAL_SCORE = '${score}';</script>`);

/** The multi-SCO package: each part reports "passed" with its own score (70, 90 and 100; part two's mastery is 80). */
export const scormMultiScoPackage = () =>
  zip({
    'imsmanifest.xml': strToU8(manifestMultiSco()),
    part1: { 'index.html': strToU8(multiPage('Preparing the room', 70)) },
    part2: { 'index.html': strToU8(multiPage('Agreeing on roles', 90)) },
    part3: { 'index.html': strToU8(multiPage('After the session', 100)) },
    'sco.js': strToU8(sco12.replace("api.LMSSetValue('cmi.core.score.raw', '85');", "api.LMSSetValue('cmi.core.score.raw', window.FINAL_SCORE || '85');")),
  });

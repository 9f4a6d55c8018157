import { registerPersonalData } from '../../platform/personal-data.js';
import { addNav } from '../../platform/platform.js';
import { guidelinesPersonalData } from './consultation.js';
import type { Module } from '../../platform/http/app.js';
import { editorRoutes } from './editor-routes.js';
import { participationRoutes } from './participation-routes.js';
import { readingRoutes } from './reading-routes.js';

/**
 * Guidelines: public reading (versions, recommendations with permalink and citation, diff, PDF), the editors'
 * pages (drafts, structure, translations, status), and participation (consultation comments, adoption
 * self-assessments with the regional heat map, endorsements).
 */
export const guidelinesModule: Module = {
  name: 'guidelines',
  setup(p) {
    registerPersonalData(p, 'guidelines', guidelinesPersonalData);
  },
  routes(app, p) {
    addNav(p.navigation.primary, { href: '/guidelines', labelKey: 'guidelines.title' });
    editorRoutes(app, p);
    participationRoutes(app, p);
    readingRoutes(app, p);
  },
};

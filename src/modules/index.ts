import type { Module } from '../platform/http/app.js';
import { accountsModule } from './accounts/routes.js';
import { careModule } from './care/routes.js';
import { directoryModule } from './directory/routes.js';
import { guidelinesModule } from './guidelines/routes.js';
import { networksModule } from './networks/routes.js';
import { adminModule } from './admin/routes.js';
import { newsletterModule } from './newsletter/routes.js';
import { mediaModule } from './media/routes.js';
import { portalModule } from './portal/routes.js';
import { searchModule } from './search/routes.js';
import { systemModule } from './system/routes.js';
import { trainingModule } from './training/routes.js';
import { xapiModule } from './xapi/routes.js';

/** Every module, in the order their routes are registered. */
export const modules: Module[] = [systemModule, portalModule, mediaModule, newsletterModule, trainingModule, directoryModule, guidelinesModule, networksModule, careModule, searchModule, accountsModule, adminModule, xapiModule];

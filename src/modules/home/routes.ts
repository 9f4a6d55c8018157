import { h } from 'preact';
import type { Module } from '../../platform/http/app.js';
import { HomePage } from './views/home.js';

/** The instance's front page (the portal module will give it projects and news). */
export const homeModule: Module = {
  name: 'home',
  routes(app) {
    app.get('/', { config: { access: 'public' } }, async (_req, reply) => reply.page(h(HomePage, {})));
  },
};

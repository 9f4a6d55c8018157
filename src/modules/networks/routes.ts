import { addNav } from '../../platform/platform.js';
import type { Module } from '../../platform/http/app.js';

export const networksModule: Module = {
  name: 'networks',
  routes(app, p) {
    addNav(p.navigation.primary, { href: '/networks', labelKey: 'networks.title' });
    void app;
  },
};

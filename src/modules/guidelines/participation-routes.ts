import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';

export function participationRoutes(app: FastifyInstance, p: Platform) {
  void app;
  void p;
}

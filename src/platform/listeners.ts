import type { Platform } from './platform.js';

/**
 * Listeners that modules register once per platform (in their `setup`) for something the platform does, named so
 * that one registered twice is a mistake caught at start.
 */
export function listenerRegistry<Listener>(what: string) {
  const listeners = new WeakMap<Platform, { name: string; listen: Listener }[]>();
  return {
    add(p: Platform, name: string, listen: Listener): void {
      const list = listeners.get(p) ?? [];
      if (list.some((l) => l.name === name)) throw new Error(`${what} listener ${name} is already registered`);
      listeners.set(p, [...list, { name, listen }]);
    },
    of: (p: Platform): Listener[] => (listeners.get(p) ?? []).map((l) => l.listen),
  };
}

#!/usr/bin/env node
// Entry for `npx ponte …` and `npm start`: runs the compiled server (dist/), building it first when a source
// is newer (see bin/build.js).
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { buildServer, root, stale } from './build.js';

if (stale()) await buildServer();
await import(pathToFileURL(join(root, 'dist/cli.js')).href);

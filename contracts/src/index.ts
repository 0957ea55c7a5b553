export * from './access';
export * from './errors';
export * from './ids';
export * from './manifest';
export * from './registry';
export * from './problems';
export * from './module';
export * from './relay';
export * from './webhooks';
export * from './services/core-directory';

import * as path from 'node:path';

/** Absolute paths of the JSON schemas this package ships. */
export const schemaFiles = Object.freeze({
  registry: path.join(__dirname, '..', 'schemas', 'registry.schema.json'),
  moduleManifest: path.join(__dirname, '..', 'schemas', 'module-manifest.schema.json'),
});

import type { Actor } from '@rustok/contracts';

/**
 * The actor of operator commands and seeds: whoever can run `rustok` on the
 * server already holds the database, so it acts as a platform operator.
 */
export const SYSTEM_ACTOR: Actor = Object.freeze({ kind: 'operator', id: 'cli', tenantId: null, platform: true, permissions: new Set(['*']) });

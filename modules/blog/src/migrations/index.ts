import type { ModuleMigration } from '@rustok/contracts';
import { entriesMigration } from './0001-entries';
import { taxonomyMigration } from './0002-taxonomy';
import { revisionsMigration } from './0003-revisions';
import { commentsMigration } from './0004-comments';

/** In order; never edit one that has been applied (its checksum is recorded), add a new one. */
export const blogMigrations: readonly ModuleMigration[] = [entriesMigration, taxonomyMigration, revisionsMigration, commentsMigration];

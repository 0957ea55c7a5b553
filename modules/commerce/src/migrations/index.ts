import type { ModuleMigration } from '@rustok/contracts';
import { productsMigration } from './0001-products';
import { optionsAndVariantsMigration } from './0002-options-and-variants';
import { pricesAndStockMigration } from './0003-prices-and-stock';
import { categoriesAndMediaMigration } from './0004-categories-and-media';
import { searchMigration } from './0005-search';

/** In order; never edit one that has been applied (its checksum is recorded), add a new one. */
export const commerceMigrations: readonly ModuleMigration[] = [productsMigration, optionsAndVariantsMigration, pricesAndStockMigration, categoriesAndMediaMigration, searchMigration];

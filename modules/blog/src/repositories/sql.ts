import { schemaNameFor, type ModelsFacade } from '@rustok/contracts';
import type { Transaction } from 'sequelize';

/**
 * The blog's schema, for statements written as SQL: the application's
 * search_path is not ours, so tables are always qualified.
 */
export const SCHEMA = schemaNameFor('blog');

/**
 * Runs the blog's SQL through `ctx.models.query`: each text is a prepared
 * statement, and every statement names its tenant explicitly (it also
 * selects the right index); row-level security holds it to the scope's
 * tenant anyway. With a transaction it runs there; without one (the
 * storefront's reads), in the scope's transaction if there is one, else on
 * a pooled connection that already carries the tenant: one round trip.
 */
export class Sql {
  constructor(private readonly query: ModelsFacade['query']) {}

  rows<T>(text: string, bind: readonly unknown[], transaction: Transaction | null): Promise<T[]> {
    return this.query<T>(text, bind, transaction === null ? {} : { transaction });
  }

  async one<T>(text: string, bind: readonly unknown[], transaction: Transaction | null): Promise<T | null> {
    return (await this.rows<T>(text, bind, transaction))[0] ?? null;
  }
}

/** Numbered bind parameters for statements assembled from optional parts. */
export class Binds {
  readonly values: unknown[] = [];

  /** `$n` for `value`, cast when given (`add(ids, 'uuid[]')` → `$3::uuid[]`). */
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return `$${this.values.length}${cast === undefined ? '' : `::${cast}`}`;
  }
}

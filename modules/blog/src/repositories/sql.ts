import { createHash } from 'node:crypto';
import { schemaNameFor } from '@rustok/contracts';
import type { Sequelize, Transaction } from 'sequelize';

/**
 * The blog's schema, for statements written as SQL: the application's
 * search_path is not ours, so tables are always qualified.
 */
export const SCHEMA = schemaNameFor('blog');

/** The pg client sequelize keeps on a transaction (`connection`; not in its public types). */
interface PgConnection {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/** Distinct statement texts are few (a list's filters combine into a few dozen); names are remembered, not rehashed. */
const MAX_NAMES = 1000;

/**
 * Runs SQL on the connection of a transaction. Every statement names its
 * tenant explicitly (it also selects the right index); row-level security
 * holds it to the transaction's tenant anyway.
 *
 * Statements go to the transaction's pg client as named prepared
 * statements, as the kernel's outbox writes do: PostgreSQL then parses and
 * plans each text once per connection instead of on every request, which on
 * the storefront's short reads costs more than executing them. The client
 * was configured by sequelize, so values are parsed exactly as through
 * sequelize.query, which remains the fallback when no client is exposed.
 */
export class Sql {
  private readonly names = new Map<string, string>();

  constructor(private readonly sequelize: Sequelize) {}

  async rows<T>(text: string, bind: readonly unknown[], transaction: Transaction): Promise<T[]> {
    const connection = (transaction as unknown as { connection?: Partial<PgConnection> }).connection;
    if (typeof connection?.query === 'function') {
      const result = await (connection as PgConnection).query({ name: this.nameOf(text), text, values: [...bind] });
      return result.rows as T[];
    }
    const [result] = await this.sequelize.query(text, { bind: [...bind], transaction });
    return result as T[];
  }

  async one<T>(text: string, bind: readonly unknown[], transaction: Transaction): Promise<T | null> {
    return (await this.rows<T>(text, bind, transaction))[0] ?? null;
  }

  private nameOf(text: string): string {
    let name = this.names.get(text);
    if (name === undefined) {
      name = `blog_${createHash('sha1').update(text).digest('base64url').slice(0, 22)}`;
      if (this.names.size >= MAX_NAMES) this.names.clear();
      this.names.set(text, name);
    }
    return name;
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

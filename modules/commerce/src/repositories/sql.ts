import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';

/** What a statement parameter built with `Params` may be; anything else is a programming error. */
export type SqlValue = string | number | bigint | boolean | null | Date | readonly string[];

/** One statement: text with `$1…$n` placeholders, and their values (run by `ctx.models.query`). */
export interface Statement {
  text: string;
  values: unknown[];
}

/**
 * Collects a statement's parameters while its text is assembled from
 * optional parts: each value becomes the next `$n`. Texts then depend only
 * on which parts a query uses, never on values, so each is prepared once.
 */
export class Params {
  readonly values: unknown[] = [];

  /** `$n` for `value`, cast when given (`add(ids, 'uuid[]')` → `$3::uuid[]`). */
  add(value: SqlValue, cast?: string): string {
    this.values.push(value);
    return `$${this.values.length}${cast === undefined ? '' : `::${cast}`}`;
  }

  /** A tagged template whose interpolations become parameters: params.sql`p.id = ${id}::uuid`. */
  sql(strings: TemplateStringsArray, ...values: SqlValue[]): string {
    let text = strings[0] as string;
    values.forEach((value, index) => {
      text += this.add(value) + (strings[index + 1] as string);
    });
    return text;
  }

  statement(text: string): Statement {
    return { text, values: this.values };
  }
}

/**
 * Runs SQL with bind parameters on the connection of `transaction` (inside
 * `ctx.models.transaction`, so the tenant is set) and returns its rows.
 */
export async function rows<T>(transaction: Transaction, text: string, bind: unknown[] = []): Promise<T[]> {
  const sequelize = (transaction as unknown as { sequelize: Sequelize }).sequelize;
  const [result] = await sequelize.query(text, { bind, transaction, type: QueryTypes.RAW, raw: true });
  return result as T[];
}

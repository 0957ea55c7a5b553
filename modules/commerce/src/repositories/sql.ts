import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { TENANT_SETTING } from '@rustok/contracts';

/** What a value inlined into SQL may be; anything else is a programming error. */
export type SqlValue = string | number | bigint | boolean | null | Date | readonly string[];

/**
 * A PostgreSQL literal for `value`. Only the read path inlines values (see
 * `tenantRead`); strings are quoted with quotes doubled, and written as E''
 * with backslashes doubled when they contain one, which reads the same
 * whatever `standard_conforming_strings` is. NUL cannot be stored in text,
 * so it is refused rather than silently cut.
 */
export function literal(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`Cannot inline ${value} into SQL.`);
    return String(value);
  }
  if (value instanceof Date) return quote(value.toISOString());
  if (Array.isArray(value)) return value.length === 0 ? "'{}'" : `ARRAY[${value.map((item) => quote(item)).join(',')}]`;
  return quote(value as string);
}

function quote(text: string): string {
  if (text.includes('\u0000')) throw new TypeError('Text with a NUL character cannot be sent to PostgreSQL.');
  const doubled = text.replace(/'/g, "''");
  return text.includes('\\') ? `E'${doubled.replace(/\\/g, '\\\\')}'` : `'${doubled}'`;
}

/** A tagged template that inlines each interpolated value as a literal: sql`... WHERE id = ${id}::uuid`. */
export function sql(strings: TemplateStringsArray, ...values: SqlValue[]): string {
  let text = strings[0] as string;
  values.forEach((value, index) => {
    text += literal(value) + (strings[index + 1] as string);
  });
  return text;
}

/**
 * Runs one read for a tenant in a single round trip: the tenant setting that
 * row-level security reads and the SELECT travel as one simple-protocol
 * message, which PostgreSQL runs as one implicit transaction, so the setting
 * (local to it) holds for the SELECT and is gone afterwards. A managed
 * transaction would cost BEGIN, set, SELECT and COMMIT — four round trips on
 * the hottest path. Values must be inlined (simple protocol has no
 * parameters): build `select` with `sql`.
 */
export async function tenantRead<T>(sequelize: Sequelize, tenantId: string, select: string): Promise<T[]> {
  const [, results] = await sequelize.query(`SELECT set_config('${TENANT_SETTING}', ${literal(tenantId)}, true);\n${select}`, { type: QueryTypes.RAW, raw: true });
  const selected = (results as unknown as Array<{ rows: T[] }>)[1];
  if (selected === undefined) throw new Error('tenantRead expects exactly one SELECT statement.');
  return selected.rows;
}

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

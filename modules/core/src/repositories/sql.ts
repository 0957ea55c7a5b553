import type { Model, ModelStatic, Transaction } from 'sequelize';
import { schemaNameFor } from '@rustok/contracts';

/** Core's PostgreSQL schema, for the few statements written as SQL (tables qualified: the app's search_path is not ours). */
export const SCHEMA = schemaNameFor('core');

/**
 * Runs SQL on the connection of `transaction` and returns its rows. Used
 * where a model cannot say it (upserts with RETURNING, joins); the statement
 * still names its tenant explicitly, and row-level security holds it anyway.
 */
export async function rows<T>(model: ModelStatic<Model>, sql: string, bind: unknown[], transaction: Transaction): Promise<T[]> {
  const sequelize = model.sequelize;
  if (sequelize === undefined) throw new Error(`Model ${model.name} is not attached to a Sequelize instance.`);
  const [result] = await sequelize.query(sql, { bind, transaction });
  return result as T[];
}


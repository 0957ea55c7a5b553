import type { Transaction } from 'sequelize';
import type { CommerceModels } from '../models';
import type { CategoryRow } from '../models/category';
import type { PreparedCategoryTranslation } from '../services/inputs/categories';
import { uuidv7 } from '@rustok/contracts';
import { rows } from './sql';

export class CategoryRepository {
  constructor(private readonly models: Pick<CommerceModels, 'Category'>) {}

  /**
   * Serializes changes of one tenant's tree until the transaction ends. A
   * cycle check reads the ancestors of the new parent; without the lock two
   * concurrent moves (A under B, B under A) could each pass on a tree the
   * other is about to change.
   */
  async lockTree(transaction: Transaction): Promise<void> {
    await rows(transaction, "SELECT pg_advisory_xact_lock(hashtext('commerce.category-tree'), hashtext(rustok.current_tenant_id()::text))");
  }

  async findById(id: string, transaction: Transaction): Promise<CategoryRow | null> {
    return (await this.models.Category.findOne({ where: { id }, raw: true, transaction })) as CategoryRow | null;
  }

  /** Ids among `ids` that exist (in this tenant). */
  async existing(ids: readonly string[], transaction: Transaction): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    return new Set((await rows<{ id: string }>(transaction, 'SELECT id FROM commerce.categories WHERE id = ANY($1::uuid[])', [ids])).map((row) => row.id));
  }

  async handlesLike(base: string, transaction: Transaction): Promise<Set<string>> {
    const found = await rows<{ handle: string }>(transaction, "SELECT handle FROM commerce.categories WHERE handle = $1 OR handle ~ ('^' || $1 || '-[0-9]+$')", [base]);
    return new Set(found.map((row) => row.handle));
  }

  async handleTaken(handle: string, exceptId: string | null, transaction: Transaction): Promise<boolean> {
    return (await rows(transaction, 'SELECT 1 FROM commerce.categories WHERE handle = $1 AND id IS DISTINCT FROM $2::uuid', [handle, exceptId])).length > 0;
  }

  /** `id` and all its ancestors, walking up from it. */
  async selfAndAncestors(id: string, transaction: Transaction): Promise<Set<string>> {
    const found = await rows<{ id: string }>(
      transaction,
      `WITH RECURSIVE up AS (
         SELECT id, parent_id FROM commerce.categories WHERE id = $1
         UNION SELECT c.id, c.parent_id FROM commerce.categories c JOIN up ON c.id = up.parent_id
       ) SELECT id FROM up`,
      [id],
    );
    return new Set(found.map((row) => row.id));
  }

  async hasChildren(id: string, transaction: Transaction): Promise<boolean> {
    return (await rows(transaction, 'SELECT 1 FROM commerce.categories WHERE parent_id = $1 LIMIT 1', [id])).length > 0;
  }

  async nextPosition(parentId: string | null, transaction: Transaction): Promise<number> {
    const [row] = await rows<{ next: number }>(transaction, 'SELECT coalesce(max(position) + 1, 0) AS next FROM commerce.categories WHERE parent_id IS NOT DISTINCT FROM $1::uuid', [parentId]);
    return row?.next ?? 0;
  }

  async create(category: { handle: string; parentId: string | null; position: number }, transaction: Transaction): Promise<CategoryRow> {
    return (await this.models.Category.create({ id: uuidv7(), ...category }, { transaction })).get({ plain: true }) as CategoryRow;
  }

  async update(id: string, patch: Partial<Pick<CategoryRow, 'handle' | 'parentId' | 'position'>>, transaction: Transaction): Promise<void> {
    await this.models.Category.update({ ...patch, updatedAt: new Date() }, { where: { id }, transaction });
  }

  async destroy(id: string, transaction: Transaction): Promise<void> {
    await this.models.Category.destroy({ where: { id }, transaction });
  }

  async upsertTranslations(categoryId: string, translations: readonly PreparedCategoryTranslation[], transaction: Transaction): Promise<void> {
    if (translations.length === 0) return;
    await rows(
      transaction,
      `INSERT INTO commerce.category_translations (tenant_id, category_id, locale, name, description, seo_title, seo_description)
       SELECT rustok.current_tenant_id(), $1, t.locale, t.name, t.description, t.seo_title, t.seo_description
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS t(locale, name, description, seo_title, seo_description)
       ON CONFLICT (category_id, locale) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description,
         seo_title = EXCLUDED.seo_title, seo_description = EXCLUDED.seo_description`,
      [categoryId, translations.map((t) => t.locale), translations.map((t) => t.name), translations.map((t) => t.description), translations.map((t) => t.seoTitle), translations.map((t) => t.seoDescription)],
    );
  }
}

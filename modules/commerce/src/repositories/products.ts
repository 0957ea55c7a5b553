import type { Transaction } from 'sequelize';
import type { CommerceModels } from '../models';
import type { ProductRow, ProductStatus } from '../models/product';
import type { PreparedTranslation } from '../services/inputs/products';
import { rows } from './sql';

export type NewProduct = Pick<ProductRow, 'handle' | 'status' | 'vendor' | 'productType' | 'tags' | 'metadata' | 'publishedAt'>;
export type ProductPatch = Partial<NewProduct>;

/**
 * Writes of products and of what hangs off them as a whole (texts,
 * categories, the search and price summaries). Call inside a tenant
 * transaction: `rustok.current_tenant_id()` fills tenant_id in raw inserts,
 * and row-level security checks it.
 */
export class ProductRepository {
  constructor(private readonly models: Pick<CommerceModels, 'Product'>) {}

  /**
   * Serializes handle choices of one tenant until the transaction ends, so
   * two products titled alike never both pick "t-shirt".
   */
  async lockHandles(transaction: Transaction): Promise<void> {
    await rows(transaction, "SELECT pg_advisory_xact_lock(hashtext('commerce.product-handle'), hashtext(rustok.current_tenant_id()::text))");
  }

  /** Handles equal to `base` or of the form `base-<n>`. */
  async handlesLike(base: string, transaction: Transaction): Promise<Set<string>> {
    const found = await rows<{ handle: string }>(transaction, "SELECT handle FROM commerce.products WHERE handle = $1 OR handle ~ ('^' || $1 || '-[0-9]+$')", [base]);
    return new Set(found.map((row) => row.handle));
  }

  async handleTaken(handle: string, exceptId: string | null, transaction: Transaction): Promise<boolean> {
    const found = await rows(transaction, 'SELECT 1 FROM commerce.products WHERE handle = $1 AND id IS DISTINCT FROM $2::uuid', [handle, exceptId]);
    return found.length > 0;
  }

  /** The product, locked against concurrent writes of its variants and options when `lock` is set. */
  async findById(id: string, transaction: Transaction, lock = false): Promise<ProductRow | null> {
    return (await this.models.Product.findOne({ where: { id }, raw: true, transaction, ...(lock ? { lock: transaction.LOCK.UPDATE } : {}) })) as ProductRow | null;
  }

  async create(product: NewProduct, transaction: Transaction): Promise<ProductRow> {
    return (await this.models.Product.create({ ...product }, { transaction })).get({ plain: true }) as ProductRow;
  }

  async update(id: string, patch: ProductPatch, transaction: Transaction): Promise<ProductRow | null> {
    const [, updated] = await this.models.Product.update({ ...patch, updatedAt: new Date() }, { where: { id }, transaction, returning: true });
    return (updated[0]?.get({ plain: true }) as ProductRow | undefined) ?? null;
  }

  /** Marks a change of something hanging off the product (variants, media) on the product. */
  async touch(id: string, transaction: Transaction): Promise<void> {
    await rows(transaction, 'UPDATE commerce.products SET updated_at = now() WHERE id = $1', [id]);
  }

  async setStatus(id: string, status: ProductStatus, publishedAt: Date | null | undefined, transaction: Transaction): Promise<ProductRow | null> {
    return this.update(id, { status, ...(publishedAt === undefined ? {} : { publishedAt }) }, transaction);
  }

  async destroy(id: string, transaction: Transaction): Promise<void> {
    await this.models.Product.destroy({ where: { id }, transaction });
  }

  async upsertTranslations(productId: string, translations: readonly PreparedTranslation[], transaction: Transaction): Promise<void> {
    if (translations.length === 0) return;
    await rows(
      transaction,
      `INSERT INTO commerce.product_translations (tenant_id, product_id, locale, title, description, seo_title, seo_description)
       SELECT rustok.current_tenant_id(), $1, t.locale, t.title, t.description, t.seo_title, t.seo_description
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS t(locale, title, description, seo_title, seo_description)
       ON CONFLICT (product_id, locale) DO UPDATE SET title = EXCLUDED.title, description = EXCLUDED.description,
         seo_title = EXCLUDED.seo_title, seo_description = EXCLUDED.seo_description`,
      [productId, translations.map((t) => t.locale), translations.map((t) => t.title), translations.map((t) => t.description), translations.map((t) => t.seoTitle), translations.map((t) => t.seoDescription)],
    );
  }

  async removeTranslations(productId: string, locales: readonly string[], transaction: Transaction): Promise<void> {
    await rows(transaction, 'DELETE FROM commerce.product_translations WHERE product_id = $1 AND locale = ANY($2::text[])', [productId, locales]);
  }

  /** Makes the product's categories exactly `categoryIds`. */
  async setCategories(productId: string, categoryIds: readonly string[], transaction: Transaction): Promise<void> {
    await rows(transaction, 'DELETE FROM commerce.product_categories WHERE product_id = $1 AND NOT (category_id = ANY($2::uuid[]))', [productId, categoryIds]);
    if (categoryIds.length === 0) return;
    await rows(
      transaction,
      `INSERT INTO commerce.product_categories (tenant_id, product_id, category_id)
       SELECT rustok.current_tenant_id(), $1, c FROM unnest($2::uuid[]) AS c ON CONFLICT DO NOTHING`,
      [productId, categoryIds],
    );
  }

  /**
   * Rewrites the text that tags and SKUs are searched by (a generated
   * tsvector indexes it); called after any change of either.
   */
  async refreshSearchKeys(productIds: readonly string[], transaction: Transaction): Promise<void> {
    await rows(
      transaction,
      `UPDATE commerce.products p SET search_keys = concat_ws(' ', array_to_string(p.tags, ' '),
         (SELECT string_agg(v.sku, ' ' ORDER BY v.position) FROM commerce.variants v WHERE v.product_id = p.id))
       WHERE p.id = ANY($1::uuid[])`,
      [productIds],
    );
  }

  /** Recomputes the lowest and highest variant price per currency; called after any price or variant change. */
  async refreshPriceRanges(productIds: readonly string[], transaction: Transaction): Promise<void> {
    await rows(
      transaction,
      `WITH summary AS (
         SELECT v.product_id, vp.currency, min(vp.amount) AS min_amount, max(vp.amount) AS max_amount
           FROM commerce.variants v JOIN commerce.variant_prices vp ON vp.variant_id = v.id
          WHERE v.product_id = ANY($1::uuid[]) GROUP BY v.product_id, vp.currency
       ), gone AS (
         DELETE FROM commerce.product_price_ranges r WHERE r.product_id = ANY($1::uuid[])
            AND NOT EXISTS (SELECT 1 FROM summary s WHERE s.product_id = r.product_id AND s.currency = r.currency)
       )
       INSERT INTO commerce.product_price_ranges (tenant_id, product_id, currency, min_amount, max_amount)
       SELECT rustok.current_tenant_id(), product_id, currency, min_amount, max_amount FROM summary
       ON CONFLICT (product_id, currency) DO UPDATE SET min_amount = EXCLUDED.min_amount, max_amount = EXCLUDED.max_amount`,
      [productIds],
    );
  }
}

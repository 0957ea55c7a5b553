import type { CommerceTestKernel, TestTenant } from './boot-commerce';
import { ok } from './boot-commerce';

/** Fields most tests read back from a product. */
export const PRODUCT_FIELDS = `id handle status title description locale tags availableForSale
  priceRanges { currency min { amount } max { amount } }
  options { id name values { id value } }
  variants { id sku title selectedOptions { name value } prices { currency price { amount currency decimal } compareAtPrice { amount } } availableForSale }
  media { id url alt } categories { id handle name }`;

export interface ProductShape {
  id: string;
  handle: string;
  status: string;
  title: string;
  description: string | null;
  locale: string | null;
  tags: string[];
  availableForSale: boolean;
  priceRanges: Array<{ currency: string; min: { amount: string }; max: { amount: string } }>;
  options: Array<{ id: string; name: string; values: Array<{ id: string; value: string }> }>;
  variants: Array<{ id: string; sku: string | null; title: string; selectedOptions: Array<{ name: string; value: string }>; prices: Array<{ currency: string; price: { amount: string; currency: string; decimal: string }; compareAtPrice: { amount: string } | null }>; availableForSale: boolean }>;
  media: Array<{ id: string; url: string; alt: string | null }>;
  categories: Array<{ id: string; handle: string; name: string }>;
}

export const CREATE_PRODUCT = `mutation($input: CommerceCreateProductInput!) { commerceCreateProduct(input: $input) { ${PRODUCT_FIELDS} } }`;

/** A T-shirt with sizes S/M/L, EUR and USD prices and some stock: the usual fixture. */
export function tShirtInput(overrides: Record<string, unknown> = {}, skuPrefix = 'TS'): Record<string, unknown> {
  return {
    status: 'ACTIVE',
    vendor: 'Northwind',
    productType: 'T-shirt',
    tags: ['Cotton', 'summer'],
    translations: [
      { locale: 'en', title: 'Classic T-shirt', description: 'A soft cotton t-shirt for every day.' },
      { locale: 'ru', title: 'Классическая футболка', description: 'Мягкая хлопковая футболка на каждый день.' },
    ],
    options: [{ name: 'Size', translations: [{ locale: 'ru', text: 'Размер' }], values: [{ value: 'S' }, { value: 'M' }, { value: 'L' }] }],
    variants: ['S', 'M', 'L'].map((size, i) => ({
      sku: `${skuPrefix}-${size}`,
      options: [{ name: 'Size', value: size }],
      prices: [
        { currency: 'EUR', amount: String(1999 + i * 100), compareAtAmount: '2999' },
        { currency: 'USD', amount: String(2199 + i * 100) },
      ],
      onHand: 10,
    })),
    media: [{ url: 'https://cdn.example.test/t-shirt.jpg', alt: [{ locale: 'en', text: 'A white t-shirt' }, { locale: 'ru', text: 'Белая футболка' }] }],
    ...overrides,
  };
}

export async function createProduct(kernel: CommerceTestKernel, tenant: TestTenant, input: Record<string, unknown>): Promise<ProductShape> {
  return ok(await kernel.request<{ commerceCreateProduct: ProductShape }>(CREATE_PRODUCT, { input }, tenant.owner)).commerceCreateProduct;
}

export async function createCategory(kernel: CommerceTestKernel, tenant: TestTenant, input: { handle?: string; parentId?: string | null; en: string; ru?: string }): Promise<string> {
  const translations = [{ locale: 'en', name: input.en }, ...(input.ru === undefined ? [] : [{ locale: 'ru', name: input.ru }])];
  const created = await kernel.request<{ commerceCreateCategory: { id: string } }>(
    'mutation($input: CommerceCreateCategoryInput!) { commerceCreateCategory(input: $input) { id } }',
    { input: { handle: input.handle, parentId: input.parentId ?? null, translations } },
    tenant.owner,
  );
  return ok(created).commerceCreateCategory.id;
}

export interface EmittedEvent {
  name: string;
  payload: Record<string, unknown>;
}

/** Events commerce wrote to the outbox, oldest first, as `name@version`. */
export async function commerceEvents(kernel: CommerceTestKernel): Promise<EmittedEvent[]> {
  const rows = await kernel.sql<{ name: string; version: number; payload: Record<string, unknown> }>("SELECT name, version, payload FROM rustok.outbox WHERE emitted_by = 'commerce' ORDER BY created_at, id");
  return rows.map((row) => ({ name: `${row.name}@${row.version}`, payload: row.payload }));
}

/** Row counts of the catalog's tables (as the owner, all tenants): proof that a refused write left nothing. */
export async function catalogCounts(kernel: CommerceTestKernel): Promise<Record<string, number>> {
  const tables = ['products', 'product_translations', 'product_options', 'product_option_values', 'variants', 'variant_option_values', 'variant_prices', 'stock_levels', 'stock_adjustments', 'product_media', 'product_categories', 'categories'];
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = Number((await kernel.sql<{ n: string }>(`SELECT count(*) AS n FROM commerce.${table}`))[0]?.n);
  return counts;
}

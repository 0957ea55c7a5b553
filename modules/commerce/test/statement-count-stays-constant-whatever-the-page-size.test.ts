import t from 'tap';
import { bootCommerce, ok } from './helpers/boot-commerce';
import { createCategory, createProduct, tShirtInput } from './helpers/catalog';

/**
 * The read paths batch every nested list through loaders: a page of 2 and a
 * page of 20 products cost the same number of SQL statements. Each budget
 * below is written next to its query; the dispatcher is off so no event
 * polling lands inside a measurement.
 */
const STOREFRONT_LISTING = `query($first: Int!) { commerceProducts(first: $first, locale: "ru") { edges { cursor node {
  id handle title description availableForSale priceRanges { currency min { amount decimal } max { amount } }
  options { name values { value } }
  variants { sku title availableForSale selectedOptions { name value } prices { currency price { amount } compareAtPrice { amount } } }
  media { url alt } categories { handle name } } } pageInfo { hasNextPage endCursor } } }`;
/**
 * 1: the page with everything it shows (texts, price ranges, availability,
 * and the selected parts — variants with prices and options, options, media,
 * categories — as JSON); the part loaders find them there.
 */
const STOREFRONT_LISTING_BUDGET = 1;

const PRODUCT_BY_HANDLE = `query($handle: String!) { commerceProduct(handle: $handle) {
  id title description seoTitle priceRange(currency: "EUR") { min { amount } }
  options { name values { value } } variants { sku title prices { currency price { amount } } selectedOptions { name value } }
  media { url alt } categories { handle name ancestors { handle } } } }`;
/** 1 for the product with its parts + 1 for the ancestors of its categories (a loader one level down). */
const PRODUCT_BY_HANDLE_BUDGET = 2;

const ADMIN_LISTING = `query($first: Int!) { commerceAdminProducts(first: $first) { totalCount edges { node {
  id handle status metadata translations { locale title }
  variants { sku stock { onHand reserved available } lowStockThreshold prices { currency price { amount } } }
  options { name } media { url } categories { handle } } } } }`;
/**
 * core's session check for the signed-in owner (6: START, tenant setting,
 * session, user roles, roles, COMMIT) + 1 page with its parts + 1 totalCount.
 */
const ADMIN_LISTING_BUDGET = 8;

/**
 * Variants reached without a product page go through the loaders: core's
 * session check (6) + the low-stock list (4: START, tenant setting, SELECT,
 * COMMIT) + the variants (1) + their products (1, loader) + those products'
 * variants (1, loader).
 */
const LOW_STOCK = `query($first: Int!) { commerceLowStockVariants(first: $first) { edges { node { sku stock { available } product { handle variants { sku } } } } } }`;
const LOW_STOCK_BUDGET = 13;

t.test('storefront and admin product reads run a constant number of statements for first: 2 and first: 20', async (t) => {
  const kernel = await bootCommerce(t, { env: { RUSTOK_EVENTS_DISPATCH: 'false' } });
  const shop = await kernel.createTenant('shop');
  const parent = await createCategory(kernel, shop, { en: 'Apparel', ru: 'Одежда' });
  const category = await createCategory(kernel, shop, { en: 'T-shirts', ru: 'Футболки', parentId: parent });
  for (let i = 0; i < 22; i += 1) {
    // Stock 1 is at or below the default low-stock threshold (5): every variant is on the low-stock list.
    const input = tShirtInput({ handle: `tee-${i}`, categoryIds: [category], metadata: { n: i } }, `TS${i}`) as { variants: Array<{ onHand: number }> };
    for (const variant of input.variants) variant.onHand = 1;
    await createProduct(kernel, shop, input);
  }

  const measure = async (query: string, variables: Record<string, unknown>, headers: Record<string, string>) => {
    ok(await kernel.request(query, variables, headers)); // warm-up: sessions touched, tenant cached
    const { result, statements } = await kernel.statementsOf(() => kernel.request(query, variables, headers));
    ok(result);
    return statements;
  };

  for (const [name, query, headers, budget] of [
    ['storefront commerceProducts', STOREFRONT_LISTING, shop.visitor, STOREFRONT_LISTING_BUDGET],
    ['admin commerceAdminProducts', ADMIN_LISTING, shop.owner, ADMIN_LISTING_BUDGET],
    ['admin commerceLowStockVariants (loader path)', LOW_STOCK, shop.owner, LOW_STOCK_BUDGET],
  ] as const) {
    const small = await measure(query, { first: 2 }, headers);
    const large = await measure(query, { first: 20 }, headers);
    t.equal(large.length, small.length, `${name}: first 20 runs as many statements as first 2 (${small.length})`);
    t.ok(large.length <= budget, `${name}: ${large.length} statements, budget ${budget}`);
    if (large.length > budget) t.comment(large.join('\n---\n'));
  }

  const byHandle = await measure(PRODUCT_BY_HANDLE, { handle: 'tee-3' }, shop.visitor);
  t.ok(byHandle.length <= PRODUCT_BY_HANDLE_BUDGET, `commerceProduct(handle): ${byHandle.length} statements, budget ${PRODUCT_BY_HANDLE_BUDGET}`);
});

import { randomBytes, randomUUID } from 'node:crypto';
import type { TeardownHost } from '@rustok/kernel/src/testing';
import { bootCommerce, localId, ok, type CommerceTestKernel, type TestTenant } from './boot-commerce';
import { createProduct, tShirtInput } from './catalog';

/** A booted store: one tenant with a region (EUR, DE/FR, 20 % tax excluded), a shipping option and a product. */
export interface Store {
  kernel: CommerceTestKernel;
  tenant: TestTenant;
  regionId: string;
  shippingOptionId: string;
  /** Global ids of the T-shirt's variants S, M, L (EUR 19.99, 20.99, 21.99; 10 each on hand). */
  variants: string[];
  productId: string;
}

export const WEBHOOK_SECRET = 'manual-webhook-secret-for-tests';

export const ADDRESS = { name: 'Ada Lovelace', line1: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' };

export const CART_FIELDS = `id token status currency email promotionCodes
  lines { id variantId sku title quantity unitPrice { amount } subtotal { amount } discount { amount } tax { amount } }
  appliedPromotions { code kind amount { amount } }
  subtotal { amount } discount { amount } shipping { amount } tax { amount } total { amount }`;

export const ORDER_FIELDS = `id number status email currency subtotal { amount } discount { amount } shipping { amount } tax { amount } total { amount }
  lines { sku quantity unitPrice { amount } subtotal { amount } discount { amount } tax { amount } }
  history { from to actorKind actorId reason at } payments { id provider status reference amount { amount } }`;

export async function bootStore(t: TeardownHost, options: { commerce?: Record<string, unknown>; slug?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Store> {
  const kernel = await bootCommerce(t, { commerce: { manualPaymentWebhookSecret: WEBHOOK_SECRET, ...options.commerce }, ...(options.env === undefined ? {} : { env: options.env }) });
  return storeIn(kernel, options.slug ?? 'shop');
}

export async function storeIn(kernel: CommerceTestKernel, slug: string): Promise<Store> {
  const tenant = await kernel.createTenant(slug);
  const product = await createProduct(kernel, tenant, tShirtInput({}, `${slug.toUpperCase()}-TS`));
  await kernel.request('mutation($id: ID!) { commercePublishProduct(id: $id) { id } }', { id: product.id }, tenant.owner);
  const region = ok(
    await kernel.request<{ commerceCreateRegion: { id: string } }>(
      'mutation($input: CommerceRegionInput!) { commerceCreateRegion(input: $input) { id } }',
      { input: { name: 'Europe', currency: 'EUR', countries: ['DE', 'FR'], taxRateBp: 2000, pricesIncludeTax: false } },
      tenant.owner,
    ),
  ).commerceCreateRegion.id;
  const option = ok(
    await kernel.request<{ commerceCreateShippingOption: { id: string } }>(
      'mutation($r: ID!, $input: CommerceShippingOptionInput!) { commerceCreateShippingOption(regionId: $r, input: $input) { id } }',
      { r: region, input: { name: 'Standard', amount: '500', freeOver: '10000' } },
      tenant.owner,
    ),
  ).commerceCreateShippingOption.id;
  return { kernel, tenant, regionId: region, shippingOptionId: option, variants: product.variants.map((v) => v.id), productId: product.id };
}

export interface CartShape {
  id: string;
  token: string;
  status: string;
  lines: Array<{ id: string; variantId: string; quantity: number; subtotal: { amount: string }; discount: { amount: string }; tax: { amount: string } }>;
  appliedPromotions: Array<{ code: string | null; kind: string; amount: { amount: string } }>;
  subtotal: { amount: string };
  discount: { amount: string };
  shipping: { amount: string };
  tax: { amount: string };
  total: { amount: string };
}

export async function createCart(store: Store, headers = store.tenant.visitor, idempotencyKey?: string): Promise<CartShape> {
  return ok(
    await store.kernel.request<{ commerceCreateCart: CartShape }>(
      `mutation($input: CommerceCreateCartInput!, $key: String) { commerceCreateCart(input: $input, idempotencyKey: $key) { ${CART_FIELDS} } }`,
      { input: { regionId: store.regionId }, key: idempotencyKey },
      headers,
    ),
  ).commerceCreateCart;
}

export const ADD_TO_CART = `mutation($token: String!, $input: CommerceAddToCartInput!, $key: String) { commerceAddToCart(cartToken: $token, input: $input, idempotencyKey: $key) { ${CART_FIELDS} } }`;
export const CHECKOUT = `mutation($token: String!, $key: String) { commerceCheckout(cartToken: $token, idempotencyKey: $key) { ${ORDER_FIELDS} } }`;

export async function addToCart(store: Store, token: string, variantId: string, quantity: number, headers = store.tenant.visitor): Promise<CartShape> {
  return ok(await store.kernel.request<{ commerceAddToCart: CartShape }>(ADD_TO_CART, { token, input: { variantId, quantity } }, headers)).commerceAddToCart;
}

/** Address, e-mail and the shipping option: what checkout requires. */
export async function readyForCheckout(store: Store, token: string, email = 'ada@example.test', headers = store.tenant.visitor): Promise<CartShape> {
  ok(await store.kernel.request('mutation($t: String!, $i: CommerceSetShippingAddressInput!) { commerceSetShippingAddress(cartToken: $t, input: $i) { id } }', { t: token, i: { email, shippingAddress: ADDRESS } }, headers));
  return ok(await store.kernel.request<{ commerceSetShippingOption: CartShape }>(`mutation($t: String!, $o: ID!) { commerceSetShippingOption(cartToken: $t, shippingOptionId: $o) { ${CART_FIELDS} } }`, { t: token, o: store.shippingOptionId }, headers)).commerceSetShippingOption;
}

/**
 * Writes `count` carts ready for checkout straight into the database (as the
 * owner), each with `lines` (variant local id, quantity, unit amount): a
 * fast way to set up hundreds of concurrent checkouts. Returns their tokens.
 */
export async function seedCarts(store: Store, count: number, lines: ReadonlyArray<{ variantId: string; quantity: number; unitAmount: number }>, email = 'buyer@example.test'): Promise<string[]> {
  const tokens = Array.from({ length: count }, () => randomBytes(24).toString('base64url'));
  const ids = tokens.map(() => randomUUID());
  await store.kernel.sql(
    `INSERT INTO commerce.carts (id, tenant_id, token, region_id, currency, email, shipping_address, shipping_option_id)
     SELECT c.id, $1, c.token, $2, 'EUR', $3, $4::jsonb, $5 FROM unnest($6::uuid[], $7::text[]) AS c(id, token)`,
    [store.tenant.id, localId(store.regionId), email, JSON.stringify({ ...ADDRESS, line2: null, phone: null }), localId(store.shippingOptionId), ids, tokens],
  );
  for (const line of lines) {
    await store.kernel.sql(
      `INSERT INTO commerce.cart_lines (id, tenant_id, cart_id, variant_id, quantity, unit_amount) SELECT gen_random_uuid(), $1, c, $2, $3, $4 FROM unnest($5::uuid[]) AS c`,
      [store.tenant.id, line.variantId, line.quantity, line.unitAmount, ids],
    );
  }
  return tokens;
}

/** on_hand and reserved of a variant (global id). */
export async function stockOf(store: Store, variantId: string): Promise<{ onHand: number; reserved: number }> {
  const [row] = await store.kernel.sql<{ on_hand: number; reserved: number }>('SELECT on_hand, reserved FROM commerce.stock_levels WHERE variant_id = $1', [localId(variantId)]);
  return { onHand: Number(row?.on_hand), reserved: Number(row?.reserved) };
}

export async function count(store: Store, table: string, where = 'true', bind: unknown[] = []): Promise<number> {
  return Number((await store.kernel.sql<{ n: string }>(`SELECT count(*) AS n FROM commerce.${table} WHERE ${where}`, bind))[0]?.n);
}

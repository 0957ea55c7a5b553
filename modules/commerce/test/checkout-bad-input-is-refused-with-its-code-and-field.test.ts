import t from 'tap';
import { failures } from './helpers/boot-commerce';
import { ADD_TO_CART, addToCart, ADDRESS, bootStore, CHECKOUT, count, createCart, storeIn } from './helpers/checkout-store';

t.test('bad cart and checkout input: each its own code and field, and nothing written', async (t) => {
  const store = await bootStore(t, { commerce: { maxLineQuantity: 5 } });
  const other = await storeIn(store.kernel, 'other');
  const cart = await createCart(store);
  const variant = store.variants[0] as string;
  const add = (variantId: string, quantity: number) => store.kernel.request(ADD_TO_CART, { token: cart.token, input: { variantId, quantity } }, store.tenant.visitor);
  t.same(failures(await add(variant, 0)), [['QUANTITY_INVALID', 'input.quantity']]);
  t.same(failures(await add(variant, -2)), [['QUANTITY_INVALID', 'input.quantity']]);
  t.same(failures(await add(variant, 6)), [['QUANTITY_ABOVE_MAXIMUM', 'input.quantity']]);
  t.same(failures(await add(other.variants[0] as string, 1)), [['VARIANT_NOT_FOUND', 'input.variantId']], "another tenant's variant does not exist here");
  t.equal(await count(store, 'cart_lines'), 0);

  const mismatch = await store.kernel.request('mutation($i: CommerceCreateCartInput!) { commerceCreateCart(input: $i) { id } }', { i: { regionId: store.regionId, currency: 'USD' } }, store.tenant.visitor);
  t.same(failures(mismatch), [['CURRENCY_MISMATCH', 'input.currency']]);

  await addToCart(store, cart.token, variant, 1);
  t.same(failures(await store.kernel.request(CHECKOUT, { token: cart.token }, store.tenant.visitor)), [['EMAIL_REQUIRED', 'email']]);
  const setAddress = (input: Record<string, unknown>) => store.kernel.request('mutation($t: String!, $i: CommerceSetShippingAddressInput!) { commerceSetShippingAddress(cartToken: $t, input: $i) { id } }', { t: cart.token, i: input }, store.tenant.visitor);
  t.same(failures(await setAddress({ email: 'not-an-email', shippingAddress: ADDRESS })), [['EMAIL_INVALID', 'input.email']]);
  t.same(failures(await setAddress({ email: 'a@example.test', shippingAddress: { ...ADDRESS, country: 'US' } })), [['COUNTRY_NOT_IN_REGION', 'input.shippingAddress.country']]);
  t.same(failures(await setAddress({ email: 'a@example.test', shippingAddress: { ...ADDRESS, city: ' ' } })), [['ADDRESS_INVALID', 'input.shippingAddress.city']]);
  await store.kernel.request('mutation($t: String!, $i: CommerceSetShippingAddressInput!) { commerceSetShippingAddress(cartToken: $t, input: $i) { id } }', { t: cart.token, i: { email: 'a@example.test', shippingAddress: ADDRESS } }, store.tenant.visitor);
  t.same(failures(await store.kernel.request(CHECKOUT, { token: cart.token }, store.tenant.visitor)), [['SHIPPING_OPTION_REQUIRED', 'shippingOption']]);
  t.same(failures(await store.kernel.request('mutation($t: String!, $o: ID!) { commerceSetShippingOption(cartToken: $t, shippingOptionId: $o) { id } }', { t: cart.token, o: other.shippingOptionId }, store.tenant.visitor)), [['SHIPPING_OPTION_NOT_FOUND', 'shippingOptionId']]);
  t.equal(await count(store, 'orders'), 0, 'no order was written');
  t.equal(await count(store, 'carts', "status <> 'open'"), 0, 'refused checkouts left the cart open');
  t.same((await store.kernel.sql<{ reserved: number }>('SELECT sum(reserved)::int AS reserved FROM commerce.stock_levels'))[0]?.reserved, 0, 'no stock reserved');
});

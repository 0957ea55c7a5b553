import t from 'tap';
import { failures, localId, ok } from './helpers/boot-commerce';
import { addToCart, bootStore, CHECKOUT, count, createCart, readyForCheckout } from './helpers/checkout-store';

const ADDRESS_FIELDS = 'id label name line1 line2 city postalCode country phone isDefaultShipping isDefaultBilling';
const MY_ADDRESSES = `{ commerceMyAddresses { ${ADDRESS_FIELDS} } }`;
const ADD = `mutation($i: CommerceCustomerAddressInput!) { commerceAddMyAddress(input: $i) { ${ADDRESS_FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $i: CommerceCustomerAddressInput!) { commerceUpdateMyAddress(id: $id, input: $i) { ${ADDRESS_FIELDS} } }`;
const REMOVE = 'mutation($id: ID!) { commerceRemoveMyAddress(id: $id) }';
const SET_DEFAULT = `mutation($id: ID!, $k: CommerceAddressKind!) { commerceSetMyDefaultAddress(id: $id, kind: $k) { ${ADDRESS_FIELDS} } }`;
const SET_ADDRESS = `mutation($t: String!, $i: CommerceSetShippingAddressInput!) { commerceSetShippingAddress(cartToken: $t, input: $i) {
  shippingAddress { name line1 city postalCode country } billingAddress { name city country } } }`;
const MY_ORDERS = '{ commerceMyOrders(first: 50) { edges { node { number email lines { sku } history { to } payments { status } } } } }';

interface SavedAddress {
  id: string;
  label: string | null;
  name: string;
  city: string;
  country: string;
  isDefaultShipping: boolean;
  isDefaultBilling: boolean;
}

const HOME = { label: 'Home', name: 'Ada Lovelace', line1: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115', country: 'de' };
const { label: _label, ...HOME_POSTAL } = HOME;
const OFFICE = { label: 'Office', name: 'Ada Lovelace', line1: '1 rue de Rivoli', city: 'Paris', postalCode: '75001', country: 'FR', phone: '+33 1 23 45 67 89' };

t.test('customers: an address book of their own, saved addresses in carts, and only their own orders', async (t) => {
  const store = await bootStore(t);
  const { kernel, tenant } = store;
  const ada = await kernel.userWithRoles(tenant, 'ada@example.test', ['customer']);
  const bob = await kernel.userWithRoles(tenant, 'bob@example.test', ['customer']);
  const editor = await kernel.userWithRoles(tenant, 'editor@example.test', ['editor']);
  const admin = await kernel.userWithRoles(tenant, 'admin@example.test', ['admin']);
  const book = async (headers: Record<string, string>) => ok(await kernel.request<{ commerceMyAddresses: SavedAddress[] }>(MY_ADDRESSES, {}, headers)).commerceMyAddresses;

  t.test('only a customer of the tenant reaches myOrders and the address book: anonymous is UNAUTHENTICATED, staff without the customer role FORBIDDEN', async (t) => {
    const calls: Array<[string, string, Record<string, unknown>]> = [
      ['commerceMyOrders', MY_ORDERS, {}],
      ['commerceMyAddresses', MY_ADDRESSES, {}],
      ['commerceAddMyAddress', ADD, { i: HOME }],
      ['commerceSetMyDefaultAddress', SET_DEFAULT, { id: 'x', k: 'SHIPPING' }],
      ['commerceRemoveMyAddress', REMOVE, { id: 'x' }],
    ];
    for (const [field, query, variables] of calls) {
      t.equal((await kernel.request(query, variables, tenant.visitor)).errors?.[0]?.extensions?.code, 'UNAUTHENTICATED', `${field}: anonymous`);
      t.equal((await kernel.request(query, variables, editor)).errors?.[0]?.extensions?.code, 'FORBIDDEN', `${field}: an editor`);
      t.equal((await kernel.request(query, variables, admin)).errors?.[0]?.extensions?.code, 'FORBIDDEN', `${field}: an admin (staff, not a customer)`);
    }
    const otherShop = await kernel.createTenant('other-shop');
    const stranger = await kernel.userWithRoles(otherShop, 'ada@example.test', ['customer']);
    // Core knows a session only in its own tenant: here the token names no one.
    t.equal((await kernel.request(MY_ORDERS, {}, { ...stranger, host: tenant.host })).errors?.[0]?.extensions?.code, 'UNAUTHENTICATED', "a customer of another tenant, on this tenant's host");
    t.equal(await count(store, 'customer_addresses'), 0, 'nothing was written');
  });

  let home: SavedAddress;
  let office: SavedAddress;

  t.test('add, list, set defaults, update, remove', async (t) => {
    home = ok(await kernel.request<{ commerceAddMyAddress: SavedAddress }>(ADD, { i: HOME }, ada)).commerceAddMyAddress;
    t.match(home, { label: 'Home', country: 'DE', isDefaultShipping: true, isDefaultBilling: true }, 'the first address becomes both defaults; the country is upper-cased');
    office = ok(await kernel.request<{ commerceAddMyAddress: SavedAddress }>(ADD, { i: { ...OFFICE, defaultShipping: true } }, ada)).commerceAddMyAddress;
    t.match(office, { isDefaultShipping: true, isDefaultBilling: false });
    t.same((await book(ada)).map((a) => [a.label, a.isDefaultShipping, a.isDefaultBilling]), [['Home', false, true], ['Office', true, false]], 'one default of each kind, oldest first');

    const swapped = ok(await kernel.request<{ commerceSetMyDefaultAddress: SavedAddress[] }>(SET_DEFAULT, { id: home.id, k: 'SHIPPING' }, ada)).commerceSetMyDefaultAddress;
    t.same(swapped.map((a) => [a.label, a.isDefaultShipping]), [['Home', true], ['Office', false]]);
    const billing = ok(await kernel.request<{ commerceUpdateMyAddress: SavedAddress }>(UPDATE, { id: office.id, i: { ...OFFICE, city: 'Lyon', defaultBilling: true } }, ada)).commerceUpdateMyAddress;
    t.match(billing, { city: 'Lyon', isDefaultBilling: true, isDefaultShipping: false }, 'update replaces the fields and can move a default');
    t.same((await book(ada)).map((a) => [a.label, a.isDefaultBilling]), [['Home', false], ['Office', true]]);
    t.same(await book(bob), [], "bob's book is empty: he never sees ada's addresses");

    const extra = ok(await kernel.request<{ commerceAddMyAddress: SavedAddress }>(ADD, { i: { ...HOME, label: 'Old flat', city: 'Hamburg', postalCode: '20095' } }, ada)).commerceAddMyAddress;
    t.match(extra, { isDefaultShipping: false, isDefaultBilling: false }, 'later addresses are not defaults unless asked');
    t.equal(ok(await kernel.request<{ commerceRemoveMyAddress: boolean }>(REMOVE, { id: extra.id }, ada)).commerceRemoveMyAddress, true);
    t.same((await book(ada)).map((a) => a.label), ['Home', 'Office']);
  });

  t.test('bad input is refused with its code and field, and changes nothing', async (t) => {
    const before = await book(ada);
    const cases: Array<[string, string, Record<string, unknown>, Record<string, string>, [string, string | undefined]]> = [
      ['an empty name', ADD, { i: { ...HOME, name: '  ' } }, ada, ['ADDRESS_INVALID', 'input.name']],
      ['a country that is no ISO code', ADD, { i: { ...HOME, country: 'Germany' } }, ada, ['COUNTRY_INVALID', 'input.country']],
      ['a label over 100 characters', ADD, { i: { ...HOME, label: 'x'.repeat(101) } }, ada, ['ADDRESS_INVALID', 'input.label']],
      ['an update with a bad postal code', UPDATE, { id: office.id, i: { ...OFFICE, postalCode: '' } }, ada, ['ADDRESS_INVALID', 'input.postalCode']],
      ['an id that is not an address id', UPDATE, { id: store.productId, i: OFFICE }, ada, ['ID_INVALID', 'id']],
      ["bob updating ada's address", UPDATE, { id: office.id, i: { ...OFFICE, city: 'Nice' } }, bob, ['ADDRESS_NOT_FOUND', 'id']],
      ["bob removing ada's address", REMOVE, { id: home.id }, bob, ['ADDRESS_NOT_FOUND', 'id']],
      ["bob making ada's address his default", SET_DEFAULT, { id: home.id, k: 'BILLING' }, bob, ['ADDRESS_NOT_FOUND', 'id']],
    ];
    for (const [name, query, variables, headers, expected] of cases) t.same(failures(await kernel.request(query, variables, headers)), [expected], name);
    t.same(await book(ada), before, "ada's book is as it was");
    t.same(await book(bob), [], 'and bob has none');
  });

  t.test('a saved address (by id) fills a cart, as a copy; only its owner can use it', async (t) => {
    const cart = await createCart(store, ada);
    const set = ok(await kernel.request<{ commerceSetShippingAddress: { shippingAddress: { city: string; country: string; line1: string }; billingAddress: { city: string } } }>(
      SET_ADDRESS,
      { t: cart.token, i: { email: 'ada@example.test', shippingAddressId: home.id, billingAddressId: office.id } },
      ada,
    )).commerceSetShippingAddress;
    t.same([set.shippingAddress.city, set.shippingAddress.line1, set.billingAddress.city], ['Berlin', 'Hauptstraße 1', 'Lyon']);
    ok(await kernel.request(UPDATE, { id: home.id, i: { ...HOME, city: 'Potsdam', postalCode: '14467' } }, ada));
    const [stored] = await kernel.sql<{ city: string }>("SELECT shipping_address->>'city' AS city FROM commerce.carts WHERE token = $1", [cart.token]);
    t.equal(stored?.city, 'Berlin', 'editing the book later leaves the cart as it was');

    const bobsCart = await createCart(store, bob);
    const guestCart = await createCart(store);
    const refusals: Array<[string, string, Record<string, unknown>, Record<string, string>, [string, string]]> = [
      ["bob using ada's address", bobsCart.token, { shippingAddressId: home.id }, bob, ['ADDRESS_NOT_FOUND', 'input.shippingAddressId']],
      ['a guest using a saved address', guestCart.token, { shippingAddressId: home.id }, tenant.visitor, ['CUSTOMER_REQUIRED', 'input.shippingAddressId']],
      ['both the address and its id', cart.token, { shippingAddress: HOME_POSTAL, shippingAddressId: home.id }, ada, ['INPUT_INVALID', 'input.shippingAddressId']],
      ['neither', cart.token, { email: 'ada@example.test' }, ada, ['SHIPPING_ADDRESS_REQUIRED', 'input.shippingAddress']],
      ['a saved billing address of someone else', bobsCart.token, { shippingAddress: HOME_POSTAL, billingAddressId: office.id }, bob, ['ADDRESS_NOT_FOUND', 'input.billingAddressId']],
    ];
    for (const [name, token, input, headers, expected] of refusals) t.same(failures(await kernel.request(SET_ADDRESS, { t: token, i: input }, headers)), [expected], name);
    const american = ok(await kernel.request<{ commerceAddMyAddress: SavedAddress }>(ADD, { i: { name: 'Ada', line1: '1 Main St', city: 'Boston', postalCode: '02108', country: 'US' } }, ada)).commerceAddMyAddress;
    t.same(failures(await kernel.request(SET_ADDRESS, { t: cart.token, i: { shippingAddressId: american.id } }, ada)), [['COUNTRY_NOT_IN_REGION', 'input.shippingAddressId']], 'a saved address outside the region');
    const [after] = await kernel.sql<{ city: string; billing: string }>("SELECT shipping_address->>'city' AS city, billing_address->>'city' AS billing FROM commerce.carts WHERE token = $1", [cart.token]);
    t.same([after?.city, after?.billing], ['Berlin', 'Lyon'], 'refused requests left the cart as it was');
    ok(await kernel.request(REMOVE, { id: american.id }, ada));
  });

  t.test('concurrent default changes leave exactly one default; the book holds at most 50 addresses', async (t) => {
    const ids = [home.id, office.id];
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => kernel.request(SET_DEFAULT, { id: ids[i % 2], k: 'SHIPPING' }, ada)));
    t.same(results.flatMap((r) => failures(r)), [], 'none failed');
    t.equal((await book(ada)).filter((a) => a.isDefaultShipping).length, 1);

    const [row] = await kernel.sql<{ customer_id: string }>('SELECT customer_id FROM commerce.customer_addresses WHERE id = $1', [localId(home.id)]);
    const have = await count(store, 'customer_addresses', 'customer_id = $1', [row?.customer_id]);
    await kernel.sql(
      `INSERT INTO commerce.customer_addresses (id, tenant_id, customer_id, name, line1, city, postal_code, country)
       SELECT gen_random_uuid(), $1, $2, 'Filler', 'Street ' || n, 'Berlin', '10115', 'DE' FROM generate_series(1, $3::int) AS n`,
      [tenant.id, row?.customer_id, 50 - have],
    );
    t.same(failures(await kernel.request(ADD, { i: HOME }, ada)), [['ADDRESS_BOOK_FULL', 'input']], 'the 51st address is refused');
    t.equal(await count(store, 'customer_addresses', 'customer_id = $1', [row?.customer_id]), 50);
    await kernel.sql("DELETE FROM commerce.customer_addresses WHERE name = 'Filler'");
  });

  t.test('myOrders lists the caller’s own orders only — not another customer’s, nor a guest order with their e-mail', async (t) => {
    const buy = async (headers: Record<string, string>, email: string) => {
      const cart = await createCart(store, headers);
      await addToCart(store, cart.token, store.variants[0] as string, 1, headers);
      await readyForCheckout(store, cart.token, email, headers);
      return ok(await kernel.request<{ commerceCheckout: { number: string } }>(CHECKOUT, { token: cart.token }, headers)).commerceCheckout.number;
    };
    const adas = [await buy(ada, 'ada@example.test'), await buy(ada, 'ada@example.test')];
    const bobs = await buy(bob, 'bob@example.test');
    await buy(tenant.visitor, 'ada@example.test');
    const mine = ok(await kernel.request<{ commerceMyOrders: { edges: Array<{ node: { number: string; lines: Array<{ sku: string }>; history: Array<{ to: string }> } }> } }>(MY_ORDERS, {}, ada)).commerceMyOrders;
    t.same(mine.edges.map((e) => e.node.number), [...adas].reverse(), 'newest first, only hers');
    t.ok(mine.edges.every((e) => e.node.lines.length === 1 && e.node.history[0]?.to === 'PENDING'), 'with their lines and history');
    const his = ok(await kernel.request<{ commerceMyOrders: { edges: Array<{ node: { number: string } }> } }>(MY_ORDERS, {}, bob)).commerceMyOrders;
    t.same(his.edges.map((e) => e.node.number), [bobs]);
  });

  t.test('removing the default leaves none of that kind', async (t) => {
    const defaultBilling = (await book(ada)).find((a) => a.isDefaultBilling) as SavedAddress;
    ok(await kernel.request(REMOVE, { id: defaultBilling.id }, ada));
    t.equal((await book(ada)).filter((a) => a.isDefaultBilling).length, 0);
  });
});

import t from 'tap';
import { bootCommerce, failures, ok } from './helpers/boot-commerce';
import { createProduct, PRODUCT_FIELDS, tShirtInput, type ProductShape } from './helpers/catalog';

t.test('variants, options and media of an existing product', async (t) => {
  const kernel = await bootCommerce(t, { env: { RUSTOK_EVENTS_DISPATCH: 'false' } });
  const shop = await kernel.createTenant('shop');
  const product = await createProduct(kernel, shop, tShirtInput());
  const read = async () => ok(await kernel.request<{ commerceAdminProduct: ProductShape }>(`query($id: ID!) { commerceAdminProduct(id: $id) { ${PRODUCT_FIELDS} } }`, { id: product.id }, shop.owner)).commerceAdminProduct;
  const createVariant = (input: Record<string, unknown>) => kernel.request<{ commerceCreateVariant: { sku: string; title: string } }>('mutation($p: ID!, $i: CommerceVariantInput!) { commerceCreateVariant(productId: $p, input: $i) { sku title } }', { p: product.id, i: input }, shop.owner);

  t.same(ok(await createVariant({ sku: 'TS-XL', options: [{ name: 'size', value: 'XL' }], prices: [{ currency: 'EUR', amount: '2499' }], translations: [{ locale: 'ru', title: 'Очень большая' }] })).commerceCreateVariant, { sku: 'TS-XL', title: 'XL' }, 'a new value of an option is added with the variant (option names match case-insensitively)');
  let current = await read();
  t.same(current.options[0]?.values.map((v) => v.value), ['S', 'M', 'L', 'XL'], 'at the end of the option');
  t.same(current.priceRanges.find((r) => r.currency === 'EUR'), { currency: 'EUR', min: { amount: '1999' }, max: { amount: '2499' } }, 'the price range follows');
  t.same(failures(await createVariant({ sku: 'TS-M2', options: [{ name: 'Size', value: 'm' }] })), [['OPTION_COMBINATION_TAKEN', 'input.options']], 'an existing combination (values match case-insensitively)');
  t.same(failures(await createVariant({ sku: 'TS-S', options: [{ name: 'Size', value: 'XS' }] })), [['SKU_TAKEN', 'input.sku']], 'a SKU in use');

  const [s, m] = current.variants;
  const update = (id: string, input: Record<string, unknown>) => kernel.request('mutation($id: ID!, $i: CommerceVariantInput!) { commerceUpdateVariant(id: $id, input: $i) { sku } }', { id, i: input }, shop.owner);
  t.same(failures(await update(s?.id as string, { options: [{ name: 'Size', value: 'M' }] })), [['OPTION_COMBINATION_TAKEN', 'input.options']], "moving a variant onto another's combination");
  t.same(failures(await update(s?.id as string, { onHand: 5 })), [['INPUT_INVALID', 'input.onHand']], 'stock changes only through adjustments');
  ok(await update(m?.id as string, { sku: 'TS-MEDIUM', options: [{ name: 'Size', value: 'XXL' }] }));
  current = await read();
  t.same(current.variants.map((v) => `${v.sku}:${v.selectedOptions[0]?.value}`), ['TS-S:S', 'TS-MEDIUM:XXL', 'TS-L:L', 'TS-XL:XL'], 'a variant changes its SKU and combination');

  const option = current.options[0];
  const values = option?.values ?? [];
  const updateOption = (input: Record<string, unknown>) => kernel.request<{ commerceUpdateProductOption: { name: string; values: Array<{ value: string }> } }>('mutation($id: ID!, $i: CommerceOptionInput!) { commerceUpdateProductOption(id: $id, input: $i) { name values { value } } }', { id: option?.id, i: input }, shop.owner);
  const byValue = (value: string) => values.find((v) => v.value === value)?.id;
  t.same(failures(await updateOption({ name: 'Size', values: [{ id: byValue('S'), value: 'S' }] })), [['OPTION_VALUE_IN_USE', 'input.values']], 'values variants use cannot be dropped');
  const renamed = ok(await updateOption({ name: 'Fit', values: ['XL', 'L', 'S', 'XXL'].map((v) => ({ id: byValue(v), value: v === 'S' ? 'Small' : v })) })).commerceUpdateProductOption;
  t.same(renamed, { name: 'Fit', values: [{ value: 'XL' }, { value: 'L' }, { value: 'Small' }, { value: 'XXL' }] }, 'renamed, reordered, the unused M dropped');
  current = await read();
  t.same(current.variants[0]?.selectedOptions, [{ name: 'Fit', value: 'Small' }], 'variants show the new names');

  const media = ok(await kernel.request<{ commerceAddProductMedia: { id: string; position: number } }>('mutation($p: ID!) { commerceAddProductMedia(productId: $p, input: { url: "https://cdn.test/back.jpg", alt: [{ locale: "en", text: "Back" }] }) { id position } }', { p: product.id }, shop.owner)).commerceAddProductMedia;
  t.equal(media.position, 1, 'new media go last');
  ok(await kernel.request('mutation($id: ID!) { commerceUpdateProductMedia(id: $id, input: { alt: [{ locale: "en", text: "The back" }] }) { id } }', { id: media.id }, shop.owner));
  ok(await kernel.request('mutation($id: ID!) { commerceUpdateProductMedia(id: $id, input: { position: 2 }) { id } }', { id: current.media[0]?.id }, shop.owner));
  t.same((await read()).media.map((m) => m.alt), ['The back', 'A white t-shirt'], 'reordered and re-captioned');
  ok(await kernel.request('mutation($id: ID!) { commerceRemoveProductMedia(id: $id) }', { id: media.id }, shop.owner));
  t.equal((await read()).media.length, 1, 'removed');

  ok(await kernel.request('mutation($id: ID!) { commerceDeleteVariant(id: $id) }', { id: current.variants[3]?.id }, shop.owner));
  current = await read();
  t.same([current.variants.length, current.priceRanges.find((r) => r.currency === 'EUR')?.max.amount], [3, '2199'], 'deleting a variant updates the price range');
  const [keys] = await kernel.sql<{ search_keys: string }>('SELECT search_keys FROM commerce.products');
  t.notMatch(keys?.search_keys, /TS-XL/, 'and the searchable SKUs');
});

import t from 'tap';
import { firstFreeHandle, handleFromTitle } from '../src/domain/handles';
import { bootCommerce, failures, ok } from './helpers/boot-commerce';
import { createProduct } from './helpers/catalog';

t.test('handles from titles: transliterated, lower-case, hyphenated, never empty', async (t) => {
  t.equal(handleFromTitle('Классическая футболка'), 'klassicheskaya-futbolka', 'Cyrillic is transliterated');
  t.equal(handleFromTitle('Ёжик в тумане — 2024!'), 'yozhik-v-tumane-2024');
  t.equal(handleFromTitle('Crème brûlée & Co.'), 'creme-brulee-co', 'diacritics are dropped');
  t.equal(handleFromTitle('東京'), 'dong-jing', 'other scripts too');
  t.equal(handleFromTitle('★★★'), 'item', 'symbols only give a placeholder');
  t.ok(handleFromTitle('word '.repeat(60)).length <= 112, 'long titles are cut');
  t.equal(firstFreeHandle('shirt', new Set(['shirt', 'shirt-2'])), 'shirt-3', 'taken handles are numbered');
});

t.test('a derived handle is unique per tenant, also when products with one title are created at once', async (t) => {
  const kernel = await bootCommerce(t, { env: { RUSTOK_EVENTS_DISPATCH: 'false' } });
  const shop = await kernel.createTenant('shop');
  const input = { translations: [{ locale: 'en', title: 'Classic T-shirt' }, { locale: 'ru', title: 'Классическая футболка' }] };
  const first = await createProduct(kernel, shop, input);
  t.equal(first.handle, 'classic-t-shirt', 'from the default-locale title');
  const ru = await kernel.createTenant('ru-shop', { locales: ['ru', 'en'], defaultLocale: 'ru' });
  t.equal((await createProduct(kernel, ru, input)).handle, 'klassicheskaya-futbolka', 'a Russian-default tenant transliterates its Russian title');
  const concurrent = await Promise.all(Array.from({ length: 6 }, () => createProduct(kernel, shop, input)));
  t.same(concurrent.map((p) => p.handle).sort(), ['classic-t-shirt-2', 'classic-t-shirt-3', 'classic-t-shirt-4', 'classic-t-shirt-5', 'classic-t-shirt-6', 'classic-t-shirt-7'], 'six at once get six numbered handles');
  t.same(failures(await kernel.request('mutation($id: ID!) { commerceUpdateProduct(id: $id, input: { handle: "classic-t-shirt-2" }) { id } }', { id: first.id }, shop.owner)), [['HANDLE_TAKEN', 'input.handle']], "renaming onto another product's handle");
  ok(await kernel.request('mutation($id: ID!) { commerceUpdateProduct(id: $id, input: { handle: "the-classic" }) { id } }', { id: first.id }, shop.owner));
  t.equal((await createProduct(kernel, shop, input)).handle, 'classic-t-shirt', 'a freed handle is taken again');
});

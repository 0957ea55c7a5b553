import t from 'tap';
import { bootCommerce, failures } from './helpers/boot-commerce';
import { catalogCounts, commerceEvents, CREATE_PRODUCT, createCategory, createProduct, tShirtInput } from './helpers/catalog';

/**
 * Each kind of bad product input is refused with its own code and the path
 * of the field it concerns, and leaves no row and no event behind: the
 * checks run before writing, and what only the database can see (a SKU
 * another product holds) rolls the one transaction back.
 */
t.test('bad product input: own code, own field, nothing half-written', async (t) => {
  const kernel = await bootCommerce(t);
  const shop = await kernel.createTenant('shop');
  await createProduct(kernel, shop, tShirtInput({ handle: 'taken' }, 'HELD'));
  const before = await catalogCounts(kernel);
  const eventsBefore = (await commerceEvents(kernel)).length;

  const variant = (overrides: Record<string, unknown>) => ({ sku: 'NEW-1', options: [{ name: 'Size', value: 'S' }], prices: [{ currency: 'EUR', amount: '1000' }], ...overrides });
  const withVariants = (...variants: Array<Record<string, unknown>>) => tShirtInput({ variants }, 'NEW');
  const cases: Array<[string, Record<string, unknown>, string, string]> = [
    ['a handle another product has', tShirtInput({ handle: 'taken' }, 'NEW'), 'HANDLE_TAKEN', 'input.handle'],
    ['a handle with capitals and spaces', tShirtInput({ handle: 'Not A Handle' }, 'NEW'), 'HANDLE_INVALID', 'input.handle'],
    ['a SKU another product has', withVariants(variant({ sku: 'HELD-S' })), 'SKU_TAKEN', 'input.variants[0].sku'],
    ['one SKU on two variants', withVariants(variant({ sku: 'TWICE' }), variant({ sku: 'TWICE', options: [{ name: 'Size', value: 'M' }] })), 'SKU_TAKEN', 'input.variants[1].sku'],
    ['an option combination used twice', withVariants(variant({ sku: 'A' }), variant({ sku: 'B' })), 'OPTION_COMBINATION_TAKEN', 'input.variants[1].options'],
    ['a variant without a value for an option', withVariants(variant({ options: [] })), 'OPTION_VALUE_MISSING', 'input.variants[0].options'],
    ['a value for an option the product lacks', withVariants(variant({ options: [{ name: 'Size', value: 'S' }, { name: 'Colour', value: 'Red' }] })), 'OPTION_UNKNOWN', 'input.variants[0].options[1].name'],
    ['two options of one name', tShirtInput({ options: [{ name: 'Size' }, { name: 'size' }], variants: [] }, 'NEW'), 'OPTION_DUPLICATE', 'input.options[1].name'],
    ['a price in an unknown currency', withVariants(variant({ prices: [{ currency: 'XYZ', amount: '100' }] })), 'CURRENCY_UNKNOWN', 'input.variants[0].prices[0].currency'],
    ['a price in a metal, which has no minor unit', withVariants(variant({ prices: [{ currency: 'XAU', amount: '100' }] })), 'CURRENCY_UNKNOWN', 'input.variants[0].prices[0].currency'],
    ['a price with a fraction', withVariants(variant({ prices: [{ currency: 'EUR', amount: '19.99' }] })), 'AMOUNT_FRACTIONAL', 'input.variants[0].prices[0].amount'],
    ['a negative price', withVariants(variant({ prices: [{ currency: 'EUR', amount: '-5' }] })), 'AMOUNT_INVALID', 'input.variants[0].prices[0].amount'],
    ['a price beyond bigint', withVariants(variant({ prices: [{ currency: 'EUR', amount: '9223372036854775808' }] })), 'AMOUNT_INVALID', 'input.variants[0].prices[0].amount'],
    ['one currency priced twice', withVariants(variant({ prices: [{ currency: 'EUR', amount: '100' }, { currency: 'eur', amount: '200' }] })), 'CURRENCY_DUPLICATE', 'input.variants[0].prices[1].currency'],
    ['a compare-at price not above the price', withVariants(variant({ prices: [{ currency: 'EUR', amount: '1000', compareAtAmount: '1000' }] })), 'COMPARE_AT_NOT_ABOVE_PRICE', 'input.variants[0].prices[0].compareAtAmount'],
    ['negative stock', withVariants(variant({ onHand: -1 })), 'QUANTITY_INVALID', 'input.variants[0].onHand'],
    ['a locale the tenant does not have', tShirtInput({ translations: [{ locale: 'en', title: 'Shirt' }, { locale: 'de', title: 'Hemd' }] }, 'NEW'), 'LOCALE_UNSUPPORTED', 'input.translations[1].locale'],
    ['no title in the default locale', tShirtInput({ translations: [{ locale: 'ru', title: 'Рубашка' }] }, 'NEW'), 'TRANSLATION_REQUIRED', 'input.translations'],
    ['a blank title', tShirtInput({ translations: [{ locale: 'en', title: '   ' }] }, 'NEW'), 'TEXT_INVALID', 'input.translations[0].title'],
    ['an alt text in a locale the tenant lacks', tShirtInput({ media: [{ url: 'https://cdn.test/a.jpg', alt: [{ locale: 'fr', text: 'Chemise' }] }] }, 'NEW'), 'LOCALE_UNSUPPORTED', 'input.media[0].alt[0].locale'],
    ['a media URL that is not http(s)', tShirtInput({ media: [{ url: 'ftp://cdn.test/a.jpg' }] }, 'NEW'), 'URL_INVALID', 'input.media[0].url'],
    ['metadata that is not an object', tShirtInput({ metadata: [1, 2] }, 'NEW'), 'METADATA_INVALID', 'input.metadata'],
    ['a category id of another type', tShirtInput({ categoryIds: ['Q29tbWVyY2VQcm9kdWN0OjAxOTM0ZjAwLTAwMDAtNzAwMC04MDAwLTAwMDAwMDAwMDAwMA'] }, 'NEW'), 'ID_INVALID', 'input.categoryIds[0]'],
    ['a category that does not exist', tShirtInput({ categoryIds: [Buffer.from('CommerceCategory:01934f00-0000-7000-8000-000000000000').toString('base64url')] }, 'NEW'), 'CATEGORY_NOT_FOUND', 'input.categoryIds[0]'],
  ];
  for (const [what, input, code, field] of cases) {
    const response = await kernel.request(CREATE_PRODUCT, { input }, shop.owner);
    t.same(failures(response), [[code, field]], `${what}: ${code} at ${field}`);
  }
  t.same(await catalogCounts(kernel), before, 'no refused product left a row in any catalog table');
  t.equal((await commerceEvents(kernel)).length, eventsBefore, 'no refused product left an event');

  await t.test('racing past the checks, the database constraint still answers with the code, not an internal error', async (t) => {
    const racers = await Promise.all(Array.from({ length: 6 }, (_, i) => kernel.request(CREATE_PRODUCT, { input: tShirtInput({ handle: `racer-${i}`, variants: [variant({ sku: 'RACE' })] }, 'R') }, shop.owner)));
    const outcomes = racers.map((r) => failures(r)[0]?.[0] ?? 'created').sort();
    t.same(outcomes, ['SKU_TAKEN', 'SKU_TAKEN', 'SKU_TAKEN', 'SKU_TAKEN', 'SKU_TAKEN', 'created'], 'one product gets the SKU, the others SKU_TAKEN');
    t.equal((await kernel.sql("SELECT id FROM commerce.products WHERE handle LIKE 'racer-%'")).length, 1, 'and only its product exists');
  });
});

t.test('a category cycle, and bad category input, are refused the same way', async (t) => {
  const kernel = await bootCommerce(t);
  const shop = await kernel.createTenant('shop');
  const root = await createCategory(kernel, shop, { en: 'Root', handle: 'root' });
  const child = await createCategory(kernel, shop, { en: 'Child', parentId: root });
  const grandchild = await createCategory(kernel, shop, { en: 'Grandchild', parentId: child });
  const move = (id: string, parentId: string | null) => kernel.request('mutation($id: ID!, $parentId: ID) { commerceMoveCategory(id: $id, parentId: $parentId) { id } }', { id, parentId }, shop.owner);
  t.same(failures(await move(root, grandchild)), [['CATEGORY_CYCLE', 'parentId']], 'a category under its own grandchild');
  t.same(failures(await move(child, child)), [['CATEGORY_CYCLE', 'parentId']], 'a category under itself');
  const create = (input: Record<string, unknown>) => kernel.request('mutation($input: CommerceCreateCategoryInput!) { commerceCreateCategory(input: $input) { id } }', { input }, shop.owner);
  t.same(failures(await create({ handle: 'root', translations: [{ locale: 'en', name: 'Again' }] })), [['HANDLE_TAKEN', 'input.handle']], 'a taken category handle');
  t.same(failures(await create({ translations: [{ locale: 'ru', name: 'Только русский' }] })), [['TRANSLATION_REQUIRED', 'input.translations']], 'no name in the default locale');
  t.same(failures(await create({ translations: [{ locale: 'en', name: 'X' }, { locale: 'en', name: 'Y' }] })), [['LOCALE_DUPLICATE', 'input.translations[1].locale']], 'one locale twice');
  const parents = await kernel.sql<{ handle: string; parent: string | null }>('SELECT c.handle, p.handle AS parent FROM commerce.categories c LEFT JOIN commerce.categories p ON p.id = c.parent_id ORDER BY c.handle');
  t.same(parents.map((row) => `${row.handle}<${row.parent ?? ''}`), ['child<root', 'grandchild<child', 'root<'], 'the tree is as it was');
});

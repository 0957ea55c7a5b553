import t from 'tap';
import { bootCommerce, failures, ok } from './helpers/boot-commerce';
import { createProduct, tShirtInput } from './helpers/catalog';

interface Listed {
  commerceProducts: { edges: Array<{ node: { handle: string; title: string; locale: string; description: string | null; options: Array<{ name: string }>; media: Array<{ alt: string | null }> } }> };
}

const LIST = `query($locale: String) { commerceProducts(first: 50, locale: $locale, sort: { field: TITLE }) { edges { node { handle title locale description options { name } media { alt } } } } }`;

t.test('the storefront lists active, published products only, in the requested locale with fallback to the default', async (t) => {
  const kernel = await bootCommerce(t);
  const shop = await kernel.createTenant('shop');
  await createProduct(kernel, shop, tShirtInput({ handle: 'live' }, 'LIVE'));
  await createProduct(kernel, shop, tShirtInput({ handle: 'draft', status: 'DRAFT' }, 'DRAFT'));
  await createProduct(kernel, shop, tShirtInput({ handle: 'archived', status: 'ARCHIVED' }, 'ARCH'));
  await createProduct(kernel, shop, tShirtInput({ handle: 'scheduled', publishedAt: new Date(Date.now() + 86_400_000).toISOString() }, 'LATER'));
  await createProduct(kernel, shop, tShirtInput({ handle: 'english-only', translations: [{ locale: 'en', title: 'English only', description: 'Only in English.' }] }, 'EN'));

  const listed = async (locale: string | null, headers = shop.visitor) => ok(await kernel.request<Listed>(LIST, { locale }, headers)).commerceProducts.edges.map((e) => e.node);

  const russian = await listed('ru');
  t.same(russian.map((p) => p.handle).sort(), ['english-only', 'live'], 'drafts, archived and not-yet-published products are not listed');
  const live = russian.find((p) => p.handle === 'live');
  t.same([live?.title, live?.locale, live?.description], ['Классическая футболка', 'ru', 'Мягкая хлопковая футболка на каждый день.'], 'texts in the requested locale');
  t.same([live?.options[0]?.name, live?.media[0]?.alt], ['Размер', 'Белая футболка'], 'option names and alt texts too');
  const fallback = russian.find((p) => p.handle === 'english-only');
  t.same([fallback?.title, fallback?.locale], ['English only', 'en'], 'a product without Russian texts falls back to the default locale and says so');

  const byHeader = await listed(null, { ...shop.visitor, 'x-locale': 'ru' });
  t.equal(byHeader.find((p) => p.handle === 'live')?.title, 'Классическая футболка', 'without the argument, the request locale (X-Locale) applies');
  t.equal((await listed(null)).find((p) => p.handle === 'live')?.title, 'Classic T-shirt', 'without either, the tenant default');
  t.same(failures(await kernel.request(LIST, { locale: 'de' }, shop.visitor)), [['LOCALE_UNSUPPORTED', 'locale']], 'a locale the tenant lacks is refused');

  const byHandle = (handle: string, headers = shop.visitor) => kernel.request<{ commerceProduct: { handle: string } | null }>('query($h: String!) { commerceProduct(handle: $h) { handle } }', { h: handle }, headers);
  t.same(ok(await byHandle('live')).commerceProduct, { handle: 'live' }, 'a live product by handle');
  for (const hidden of ['draft', 'archived', 'scheduled']) t.same(ok(await byHandle(hidden)).commerceProduct, null, `${hidden} is not found by handle on the storefront`);

  const admin = ok(await kernel.request<{ commerceAdminProducts: { edges: Array<{ node: { handle: string; status: string } }> } }>('{ commerceAdminProducts(first: 50, sort: { field: TITLE }) { edges { node { handle status } } } }', {}, shop.owner));
  t.same(admin.commerceAdminProducts.edges.map((e) => e.node.handle).sort(), ['archived', 'draft', 'english-only', 'live', 'scheduled'], 'admins list every product');
  const draftId = ok(await kernel.request<{ commerceAdminProduct: { id: string } }>('{ commerceAdminProduct(handle: "draft") { id } }', {}, shop.owner)).commerceAdminProduct.id;
  const node = (headers: Record<string, string>) => kernel.request<{ node: { handle: string } | null }>('query($id: ID!) { node(id: $id) { ... on CommerceProduct { handle } } }', { id: draftId }, headers);
  t.same(ok(await node(shop.visitor)).node, null, 'node(id:) hides a draft from the storefront');
  t.same(ok(await node(shop.owner)).node, { handle: 'draft' }, '…and shows it to an admin');

  const publish = await kernel.request<{ commercePublishProduct: { status: string; publishedAt: string } }>('mutation($id: ID!) { commercePublishProduct(id: $id) { status publishedAt } }', { id: draftId }, shop.owner);
  t.equal(ok(publish).commercePublishProduct.status, 'ACTIVE', 'publishing makes it active');
  t.same(ok(await byHandle('draft')).commerceProduct, { handle: 'draft' }, 'and the storefront shows it at once');
  const archived = await kernel.request('mutation($id: ID!) { commerceArchiveProduct(id: $id) { status } }', { id: draftId }, shop.owner);
  t.same(ok(archived), { commerceArchiveProduct: { status: 'ARCHIVED' } });
  t.same(ok(await byHandle('draft')).commerceProduct, null, 'archiving takes it off the storefront');
});

import t from 'tap';
import { bootCommerce, failures, ok } from './helpers/boot-commerce';
import { createCategory, createProduct, tShirtInput } from './helpers/catalog';

interface TreeNode {
  handle: string;
  name: string;
  children: TreeNode[];
}

const TREE = '{ commerceCategories(locale: "ru") { handle name children { handle name children { handle name children { handle } } } } }';

t.test('the category tree: one statement, ordered, localized; products of a subtree; no cycle even under concurrent moves', async (t) => {
  const kernel = await bootCommerce(t, { env: { RUSTOK_EVENTS_DISPATCH: 'false' } });
  const shop = await kernel.createTenant('shop');
  const apparel = await createCategory(kernel, shop, { en: 'Apparel', ru: 'Одежда' });
  const shirts = await createCategory(kernel, shop, { en: 'Shirts', ru: 'Рубашки', parentId: apparel });
  const tees = await createCategory(kernel, shop, { en: 'T-shirts', ru: 'Футболки', parentId: shirts });
  const shoes = await createCategory(kernel, shop, { en: 'Shoes' });

  const { result, statements } = await kernel.statementsOf(() => kernel.request<{ commerceCategories: TreeNode[] }>(TREE, {}, shop.visitor));
  t.same(ok(result).commerceCategories, [
    { handle: 'apparel', name: 'Одежда', children: [{ handle: 'shirts', name: 'Рубашки', children: [{ handle: 't-shirts', name: 'Футболки', children: [] }] }] },
    { handle: 'shoes', name: 'Shoes', children: [] },
  ], 'a forest with handles derived from the English names, Russian names where given, English otherwise');
  t.equal(statements.length, 1, 'the whole tree, three levels deep, in one statement');

  await createProduct(kernel, shop, tShirtInput({ handle: 'tee', categoryIds: [tees] }, 'TEE'));
  await createProduct(kernel, shop, tShirtInput({ handle: 'shirt', categoryIds: [shirts] }, 'SHIRT'));
  await createProduct(kernel, shop, tShirtInput({ handle: 'boot', categoryIds: [shoes] }, 'BOOT'));
  const inCategory = async (filter: Record<string, unknown>) =>
    ok(await kernel.request<{ commerceProducts: { edges: Array<{ node: { handle: string } }> } }>('query($f: CommerceProductFilter) { commerceProducts(filter: $f, sort: { field: TITLE }) { edges { node { handle } } } }', { f: filter }, shop.visitor)).commerceProducts.edges.map((e) => e.node.handle).sort();
  t.same(await inCategory({ category: 'apparel' }), ['shirt', 'tee'], 'a category lists the products of its whole subtree');
  t.same(await inCategory({ categoryId: tees }), ['tee'], 'a leaf lists its own');
  t.same(await inCategory({ category: 'no-such-category' }), [], 'an unknown category lists nothing');
  const viaCategory = ok(await kernel.request<{ commerceCategory: { products: { edges: Array<{ node: { handle: string } }> }; ancestors: Array<{ handle: string }>; parent: { handle: string } } }>(
    '{ commerceCategory(handle: "t-shirts") { products { edges { node { handle } } } ancestors { handle } parent { handle } } }',
    {},
    shop.visitor,
  )).commerceCategory;
  t.same([viaCategory.products.edges.map((e) => e.node.handle), viaCategory.ancestors.map((a) => a.handle), viaCategory.parent.handle], [['tee'], ['apparel', 'shirts'], 'shirts'], 'a category with its products, breadcrumbs and parent');

  const move = (id: string, parentId: string | null) => kernel.request('mutation($id: ID!, $p: ID) { commerceMoveCategory(id: $id, parentId: $p) { id } }', { id, p: parentId }, shop.owner);
  ok(await move(tees, null));
  t.same(await inCategory({ category: 'apparel' }), ['shirt'], 'moving a subtree out takes its products with it');
  ok(await move(tees, shirts));

  await t.test('two concurrent moves that together would close a loop: at most one wins, the tree stays a tree', async (t) => {
    const a = await createCategory(kernel, shop, { en: 'Loop A' });
    const b = await createCategory(kernel, shop, { en: 'Loop B' });
    for (let round = 0; round < 5; round += 1) {
      ok(await move(a, null));
      ok(await move(b, null));
      const [first, second] = await Promise.all([move(a, b), move(b, a)]);
      const codes = [first, second].map((r) => failures(r)[0]?.[0] ?? 'ok').sort();
      t.same(codes, ['CATEGORY_CYCLE', 'ok'], `round ${round}: one move applied, the other refused as a cycle`);
    }
    const cycles = await kernel.sql(`WITH RECURSIVE walk AS (
        SELECT id, parent_id, ARRAY[id] AS path, false AS cycle FROM commerce.categories
        UNION ALL SELECT w.id, c.parent_id, w.path || c.id, c.id = ANY(w.path) FROM walk w JOIN commerce.categories c ON c.id = w.parent_id WHERE NOT w.cycle)
      SELECT id FROM walk WHERE cycle`);
    t.same(cycles, [], 'no category is its own ancestor');
  });

  t.same(failures(await kernel.request('mutation($id: ID!) { commerceDeleteCategory(id: $id) }', { id: apparel }, shop.owner)), [['CATEGORY_HAS_CHILDREN', 'id']], 'a category with subcategories is not deleted');
  ok(await kernel.request('mutation($id: ID!) { commerceDeleteCategory(id: $id) }', { id: tees }, shop.owner));
  t.same(await inCategory({ category: 'apparel' }), ['shirt'], 'deleting a leaf unlinks its products');
  const tee = ok(await kernel.request<{ commerceProduct: { categories: unknown[] } }>('{ commerceProduct(handle: "tee") { categories { handle } } }', {}, shop.visitor)).commerceProduct;
  t.same(tee.categories, [], 'which remain, without it');
});

import t from 'tap';
import { codes, fixtureProject, gate } from './helpers/fixture-project';

t.test('a module that extends a type owned by a module it does not require is refused', async (t) => {
  const project = await fixtureProject(t, ['r-ext-catalog', 'r-ext-reviews-unrequired']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null, 'boot is refused');
  t.same(codes(problems), ['RTK_GRAPHQL_EXTENDS_UNREQUIRED']);
  t.has(problems[0], {
    module: 'r-ext-reviews-unrequired',
    path: 'rustok.graphql.extends.RProduct',
    expected: '"r-ext-catalog" in requires.modules',
  });
});

t.test('the same extension is accepted once the owner is listed in requires.modules', async (t) => {
  const project = await fixtureProject(t, ['r-ext-catalog', 'r-ext-reviews']);
  const { result, problems } = await gate(project.root);
  t.same(codes(problems), []);
  t.same(result?.modules.map((m) => m.manifest.id), ['r-ext-catalog', 'r-ext-reviews'], 'the owner boots before the module extending its type');
  t.equal(result?.graphql.fieldOwners.get('RProduct.rReviewCount'), 'r-ext-reviews');
  t.ok(result?.graphql.schema.getTypeMap().RProduct, 'RProduct is composed');
});

t.test('extending a type that neither the kernel nor any module owns is refused', async (t) => {
  const project = await fixtureProject(t, ['r-ext-reviews-unrequired']);
  const { problems } = await gate(project.root);
  t.same(codes(problems), ['RTK_GRAPHQL_EXTENDS_UNREQUIRED']);
  t.has(problems[0], { module: 'r-ext-reviews-unrequired', path: 'rustok.graphql.extends.RProduct' });
});

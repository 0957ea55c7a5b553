import t from 'tap';
import { bootBlog, codes } from './helpers/boot-blog';

t.test('slugs are unique per tenant, kind and locale; derived ones get a suffix, given ones are refused', async (t) => {
  const blog = await bootBlog(t);
  const alpha = await blog.createTenant('alpha');
  const beta = await blog.createTenant('beta');
  const create = async (headers: Record<string, string>, kind: 'Post' | 'Page', translations: Array<Record<string, string>>) =>
    blog.request<Record<string, { translations: Array<{ locale: string; slug: string }> }>>(`mutation($t: [BlogTranslationInput!]) { r: blogCreate${kind}(input: { translations: $t }) { translations { locale slug } } }`, { t: translations }, headers);
  const slugs = (response: Awaited<ReturnType<typeof create>>) => Object.fromEntries((response.data?.r?.translations ?? []).map((x) => [x.locale, x.slug]));
  const owner = alpha.as(alpha.ownerToken);
  t.same(slugs(await create(owner, 'Post', [{ locale: 'en', title: 'Hello' }, { locale: 'ru', title: 'Привет' }])), { en: 'hello', ru: 'privet' });
  t.same(slugs(await create(owner, 'Post', [{ locale: 'en', title: 'Hello!' }, { locale: 'ru', title: 'Hello' }])), { en: 'hello-2', ru: 'hello' }, 'taken in en: suffixed; free in ru');
  t.same(slugs(await create(owner, 'Post', [{ locale: 'en', title: 'hello' }])), { en: 'hello-3' });
  t.same(slugs(await create(owner, 'Page', [{ locale: 'en', title: 'Hello' }])), { en: 'hello' }, 'pages have their own slugs');
  t.same(slugs(await create(beta.as(beta.ownerToken), 'Post', [{ locale: 'en', title: 'Hello' }])), { en: 'hello' }, 'another tenant has its own slugs');
  t.same(codes(await create(owner, 'Post', [{ locale: 'en', title: 'Other', slug: 'hello-2' }])), ['SLUG_TAKEN'], 'a given slug that is taken is refused, not changed');

  const concurrent = await Promise.all(Array.from({ length: 6 }, () => create(owner, 'Post', [{ locale: 'en', title: 'Race' }])));
  t.same(concurrent.map(slugs).map((s) => s.en).sort(), ['race', 'race-2', 'race-3', 'race-4', 'race-5', 'race-6'], 'six simultaneous saves of one title get six slugs, none refused');
});

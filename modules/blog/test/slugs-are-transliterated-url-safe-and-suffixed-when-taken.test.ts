import fc from 'fast-check';
import t from 'tap';
import { firstFreeSlug, isValidSlug, SLUG_MAX, slugFromTitle } from '../src/content/slug';

t.test('titles become lower-case Latin slugs; Cyrillic is transliterated', async (t) => {
  t.equal(slugFromTitle('Hello, World!', 'x'), 'hello-world');
  t.equal(slugFromTitle('Привет, мир', 'x'), 'privet-mir');
  t.equal(slugFromTitle('Ёжик в тумане — 2024', 'x'), 'yozhik-v-tumane-2024');
  t.equal(slugFromTitle('Щука съела ёжика', 'x'), 'shchuka-sela-yozhika');
  t.equal(slugFromTitle('  Über   Straße  ', 'x'), 'uber-strasse');
  t.equal(slugFromTitle('🎉🎉', 'post-fallback'), 'post-fallback', 'nothing to transliterate: the fallback');
});

t.test('long titles are cut at a word boundary within the limit', async (t) => {
  const slug = slugFromTitle('word '.repeat(100), 'x');
  t.ok(slug.length <= SLUG_MAX && isValidSlug(slug));
  t.notMatch(slug, /-$/);
  t.ok(slug.endsWith('word'));
});

t.test('a taken slug gets the first free numeric suffix, still within the limit', async (t) => {
  t.equal(firstFreeSlug('hello', new Set()), 'hello');
  t.equal(firstFreeSlug('hello', new Set(['hello'])), 'hello-2');
  t.equal(firstFreeSlug('hello', new Set(['hello', 'hello-2', 'hello-3'])), 'hello-4');
  const long = 'a'.repeat(SLUG_MAX);
  const suffixed = firstFreeSlug(long, new Set([long]));
  t.equal(suffixed.length, SLUG_MAX);
  t.ok(suffixed.endsWith('-2') && isValidSlug(suffixed));
});

t.test('any title gives a valid slug (property)', async (t) => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (title) => isValidSlug(slugFromTitle(title, 'fallback'))), { numRuns: 3000 });
  t.pass('no counterexample');
});

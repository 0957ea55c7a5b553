import t from 'tap';
import { as, bootTenancy, errorCodes } from './helpers/tenancy';

// ModelsFacade.define promises that the kernel "adds the scope's tenant to every find, count, update and
// destroy" of a tenant-owned model. A resolver's plain `Note.findAll()` runs in the request's tenant scope
// but on a pooled connection where rustok.tenant_id is unset, so row-level security hides every row: the
// kernel's filter is right, the answer silently empty.
t.test("a tenant-owned model's plain find and count in a resolver return the request tenant's rows, not nothing", async (t) => {
  const kernel = await bootTenancy(t, { more: ['t-doc-notes'] });
  for (const [slug, text] of [['alpha', 'alpha note'], ['alpha', 'another alpha note'], ['beta', 'beta note']] as const) {
    const created = await kernel.graphql('mutation ($text: String!) { tDocNoteCreate(text: $text) }', { text }, as(slug));
    t.same(created.errors, undefined, `"${text}" is written inside ctx.models.transaction`);
  }

  const alpha = await kernel.graphql<{ tDocNoteTexts: string[]; tDocNoteCount: number }>('{ tDocNoteTexts tDocNoteCount }', undefined, as('alpha'));
  t.same(errorCodes(alpha), []);
  t.same(alpha.data?.tDocNoteTexts, ['alpha note', 'another alpha note'], "Note.findAll() in alpha's request finds alpha's notes");
  t.equal(alpha.data?.tDocNoteCount, 2, "Note.count() in alpha's request counts alpha's notes");
  const beta = await kernel.graphql<{ tDocNoteTexts: string[]; tDocNoteCount: number }>('{ tDocNoteTexts tDocNoteCount }', undefined, as('beta'));
  t.same(beta.data?.tDocNoteTexts, ['beta note']);
  t.equal(beta.data?.tDocNoteCount, 1);
});

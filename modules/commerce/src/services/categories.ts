import type { Transaction } from 'sequelize';
import { CommerceErrors, commerceError } from '../errors';
import { idParser } from '../domain/global-ids';
import { firstFreeHandle, handleFromTitle } from '../domain/handles';
import type { CategoryRow } from '../models/category';
import type { CategoryRepository } from '../repositories/categories';
import { withConstraintErrors } from './constraints';
import { prepareCategory, prepareCategoryUpdate } from './inputs/categories';
import type { CreateCategoryInput, UpdateCategoryInput } from './inputs/shapes';
import type { Transactions } from './transactions';
import type { WriteContext } from './write-context';

/**
 * The category tree. Every change of structure takes the tenant's tree lock
 * first, so the cycle check (is the new parent inside the moved subtree?)
 * reads a tree nobody else is changing.
 */
export class CategoryService {
  constructor(private readonly deps: { categories: CategoryRepository; transactions: Transactions }) {}

  async create(ctx: WriteContext, input: CreateCategoryInput): Promise<string> {
    const prepared = prepareCategory(ctx, input, idParser('CommerceCategory'));
    const { categories } = this.deps;
    return this.deps.transactions.inTenant(ctx.tenantId, (t) =>
      withConstraintErrors(
        async () => {
          await categories.lockTree(t);
          if (prepared.parentId !== null && (await categories.findById(prepared.parentId, t)) === null) throw notFound('input.parentId');
          let handle = prepared.handle;
          if (handle === null) {
            const base = handleFromTitle(prepared.translations.find((tr) => tr.locale === ctx.defaultLocale)?.name as string);
            handle = firstFreeHandle(base, await categories.handlesLike(base, t));
          } else if (await categories.handleTaken(handle, null, t)) {
            throw handleTaken(handle);
          }
          const category = await categories.create({ handle, parentId: prepared.parentId, position: prepared.position ?? (await categories.nextPosition(prepared.parentId, t)) }, t);
          await categories.upsertTranslations(category.id, prepared.translations, t);
          return category.id;
        },
        { categories_tenant_handle_key: 'input.handle' },
      ),
    );
  }

  async update(ctx: WriteContext, id: string, input: UpdateCategoryInput): Promise<string> {
    const prepared = prepareCategoryUpdate(ctx, input);
    const { categories } = this.deps;
    return this.deps.transactions.inTenant(ctx.tenantId, (t) =>
      withConstraintErrors(
        async () => {
          const category = await this.existing(id, 'id', t);
          if (prepared.handle !== undefined && prepared.handle !== category.handle && (await categories.handleTaken(prepared.handle, id, t))) throw handleTaken(prepared.handle);
          await categories.update(id, { ...(prepared.handle === undefined ? {} : { handle: prepared.handle }), ...(prepared.position === undefined ? {} : { position: prepared.position }) }, t);
          if (prepared.translations !== undefined) await categories.upsertTranslations(id, prepared.translations, t);
          return id;
        },
        { categories_tenant_handle_key: 'input.handle' },
      ),
    );
  }

  /** Moves a category (with its subtree) under `parentId`, or to the top when null; never into its own subtree. */
  async move(ctx: WriteContext, id: string, parentId: string | null, position: number | null): Promise<string> {
    const { categories } = this.deps;
    return this.deps.transactions.inTenant(ctx.tenantId, async (t) => {
      await categories.lockTree(t);
      await this.existing(id, 'id', t);
      if (parentId !== null) {
        await this.existing(parentId, 'parentId', t);
        if ((await categories.selfAndAncestors(parentId, t)).has(id)) {
          throw commerceError(CommerceErrors.CATEGORY_CYCLE, parentId === id ? 'A category cannot be its own parent.' : 'The new parent is inside the category being moved; the tree would have a cycle.', { field: 'parentId' });
        }
      }
      await categories.update(id, { parentId, position: position ?? (await categories.nextPosition(parentId, t)) }, t);
      return id;
    });
  }

  /** Deletes a category without children (products only lose the link). */
  async delete(ctx: WriteContext, id: string): Promise<string> {
    const { categories } = this.deps;
    return this.deps.transactions.inTenant(ctx.tenantId, async (t) => {
      await categories.lockTree(t);
      await this.existing(id, 'id', t);
      if (await categories.hasChildren(id, t)) throw commerceError(CommerceErrors.CATEGORY_HAS_CHILDREN, 'The category has subcategories; move or delete them first.', { field: 'id' });
      await categories.destroy(id, t);
      return id;
    });
  }

  private async existing(id: string, field: string, t: Transaction): Promise<CategoryRow> {
    const category = await this.deps.categories.findById(id, t);
    if (category === null) throw notFound(field);
    return category;
  }
}

function notFound(field: string) {
  return commerceError(CommerceErrors.CATEGORY_NOT_FOUND, 'No such category.', { field });
}

function handleTaken(handle: string) {
  return commerceError(CommerceErrors.HANDLE_TAKEN, `Handle "${handle}" belongs to another category.`, { field: 'input.handle' });
}

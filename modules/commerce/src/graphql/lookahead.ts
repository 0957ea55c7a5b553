import { Kind, type GraphQLResolveInfo, type SelectionNode } from 'graphql';
import type { ProductPart } from '../repositories/read/product-parts';

const PARTS: readonly ProductPart[] = ['variants', 'options', 'media', 'categories', 'translations'];

/** For reads that cannot look ahead (node(id:) fetchers): one product, every part, still one statement. */
export const ALL_PARTS: ReadonlySet<ProductPart> = new Set(PARTS);

/**
 * The product parts the query selects on the products at `path` below the
 * current field (`['edges', 'node']` for a connection, `[]` for a product
 * field), fragments included. The read folds exactly those into its one
 * statement; anything not foreseen here still works through the loaders.
 */
export function selectedParts(info: GraphQLResolveInfo, path: readonly string[]): Set<ProductPart> {
  let level: SelectionNode[] = info.fieldNodes.flatMap((node) => [...(node.selectionSet?.selections ?? [])]);
  for (const step of path) level = fieldsNamed(info, level, step).flatMap((field) => [...(field.selectionSet?.selections ?? [])]);
  return new Set(PARTS.filter((part) => fieldsNamed(info, level, part).length > 0));
}

function fieldsNamed(info: GraphQLResolveInfo, selections: readonly SelectionNode[], name: string): Array<Extract<SelectionNode, { kind: Kind.FIELD }>> {
  const found: Array<Extract<SelectionNode, { kind: Kind.FIELD }>> = [];
  for (const selection of selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === name) found.push(selection);
    } else {
      const nested = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet.selections : (info.fragments[selection.name.value]?.selectionSet.selections ?? []);
      found.push(...fieldsNamed(info, nested, name));
    }
  }
  return found;
}

import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionNode } from 'graphql';
import type { RelationSelection } from '../repositories/entry-relations';

/**
 * Whether the query selects `field` at `path` below the current field
 * (fragments and inline fragments included). Reads use it to leave bodies,
 * the largest columns by far, in the database unless they are asked for,
 * and to fetch a post's categories, tags and comment count in the same
 * statement as the post when they are.
 */
export function selects(info: GraphQLResolveInfo, path: readonly string[], field: string): boolean {
  let level: readonly SelectionNode[] = info.fieldNodes.flatMap((node) => node.selectionSet?.selections ?? []);
  for (const step of path) level = fieldsNamed(info, level, step).flatMap((node) => node.selectionSet?.selections ?? []);
  return fieldsNamed(info, level, field).length > 0;
}

function fieldsNamed(info: GraphQLResolveInfo, selections: readonly SelectionNode[], name: string): FieldNode[] {
  const found: FieldNode[] = [];
  for (const selection of selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === name) found.push(selection);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      found.push(...fieldsNamed(info, selection.selectionSet.selections, name));
    } else {
      const fragment = info.fragments[selection.name.value];
      if (fragment !== undefined) found.push(...fieldsNamed(info, fragment.selectionSet.selections, name));
    }
  }
  return found;
}

/** What a read of posts or pages fetches up front, from what the query selects on them (at `path`). */
export interface EntrySelection {
  withBody: boolean;
  relations: RelationSelection;
}

export function entrySelection(info: GraphQLResolveInfo, path: readonly string[]): EntrySelection {
  const has = (field: string) => selects(info, path, field);
  return { withBody: has('body') || has('bodyHtml'), relations: { categories: has('categories'), tags: has('tags'), commentCount: has('commentCount') } };
}

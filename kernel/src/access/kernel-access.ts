/** Permissions the kernel's own fields require; platform actors hold them all. */
export const KERNEL_PERMISSIONS = Object.freeze({ eventsRead: 'rustok.events.read' });

/** Rules of the kernel's own root fields, as a module would write them in `graphql.access`. */
export const KERNEL_FIELD_RULES: Readonly<Record<string, string>> = Object.freeze({
  'Query.kernel': 'public',
  // node(id:) checks the rule of the type the id names before fetching.
  'Query.node': 'public',
  'Query.eventsStatus': KERNEL_PERMISSIONS.eventsRead,
});

import { CORE_DIRECTORY, type CommandArguments, type ModuleCommand, type ModuleContext } from '@rustok/contracts';
import { CheckoutErrors, checkoutError } from './errors';
import type { IdempotencyKeyPruning } from './services/key-pruning';

const PRUNE_USAGE = 'rustok commerce prune-idempotency-keys --tenant <slug>';

function tenantFlag(args: CommandArguments): string {
  const unknown = Object.keys(args.flags).filter((name) => name !== 'tenant');
  if (unknown.length > 0) throw checkoutError(CheckoutErrors.CLI_USAGE, `Unknown option ${unknown.map((name) => `--${name}`).join(', ')}.`, { fix: PRUNE_USAGE });
  if (args.positionals.length > 0) throw checkoutError(CheckoutErrors.CLI_USAGE, `Unexpected argument ${args.positionals.join(' ')}.`, { fix: PRUNE_USAGE });
  const slug = args.flags.tenant;
  if (typeof slug !== 'string' || slug.length === 0) throw checkoutError(CheckoutErrors.CLI_USAGE, '--tenant <slug> is required.', { fix: PRUNE_USAGE });
  return slug;
}

/**
 * `rustok commerce prune-idempotency-keys --tenant <slug>`: what the
 * scheduled pruning does, now, for one tenant (e.g. after raising the
 * expiry, or on a database restored from a backup). One tenant per run:
 * the application role sees one tenant's rows at a time, and core's
 * directory looks tenants up by slug only.
 */
export function pruneIdempotencyKeysCommand(ctx: Pick<ModuleContext<unknown>, 'services'>, pruning: Pick<IdempotencyKeyPruning, 'pruneNow'>): ModuleCommand {
  return {
    name: 'commerce prune-idempotency-keys',
    summary: 'Delete expired idempotency keys of a tenant (carts, checkout, payments)',
    usage: PRUNE_USAGE,
    async run(args, io) {
      const slug = tenantFlag(args);
      const tenant = await ctx.services.get(CORE_DIRECTORY).tenantBySlug(slug);
      if (tenant === null) throw checkoutError(CheckoutErrors.TENANT_UNKNOWN, `No tenant "${slug}".`, { field: 'tenant' });
      const deleted = await pruning.pruneNow(tenant.id);
      io.print(`Deleted ${deleted} expired idempotency key${deleted === 1 ? '' : 's'} of tenant "${tenant.slug}".`);
    },
  };
}

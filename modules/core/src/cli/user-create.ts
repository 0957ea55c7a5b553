import type { ModuleCommand } from '@rustok/contracts';
import { CoreErrors, coreError } from '../errors';
import type { CoreServices } from '../services';
import { SYSTEM_ACTOR } from '../services/system-actor';
import { Flags } from './flags';

const usage = 'rustok user create --tenant <slug> --email <email> --password <password> [--name <display name>] [--owner] [--role <name>[,<name>…]] [--platform-owner]';

export function userCreateCommand(services: CoreServices): ModuleCommand {
  return {
    name: 'user create',
    summary: 'Create a user in a tenant (--owner for its owner, --platform-owner for a platform operator)',
    usage,
    async run(args, io) {
      const flags = new Flags(args, usage, ['tenant', 'email', 'password', 'name', 'owner', 'platform-owner', 'role']);
      const slug = flags.required('tenant');
      const tenant = await services.tenants.bySlug(slug);
      if (tenant === null) throw coreError(CoreErrors.TENANT_UNKNOWN, `No tenant has the slug "${slug}".`, { fix: 'Create it with `rustok tenant create`.' });
      const roleNames = [...(flags.boolean('owner') ? ['owner'] : []), ...(flags.list('role') ?? [])];
      const roleIds: string[] = [];
      for (const name of roleNames) {
        const role = await services.rbac.byName(tenant.id, name);
        if (role === null) throw coreError(CoreErrors.ROLE_NOT_FOUND, `Tenant "${slug}" has no role "${name}".`, { field: 'role' });
        roleIds.push(role.id);
      }
      const user = await services.users.create(
        tenant.id,
        { email: flags.required('email'), password: flags.required('password'), displayName: flags.optional('name') ?? null, isPlatformOwner: flags.boolean('platform-owner'), roleIds },
        { actor: SYSTEM_ACTOR, ip: null, requestId: null },
      );
      io.print(`Created user ${user.email} in tenant "${tenant.slug}", id ${user.id}`);
      io.print(`  roles: ${roleNames.length === 0 ? '(none)' : roleNames.join(', ')}${user.isPlatformOwner ? '; platform owner' : ''}`);
    },
  };
}

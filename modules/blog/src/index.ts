import { defineModule } from '@rustok/contracts';
import type { BlogConfig } from './config';
import { blogGraphQL } from './graphql';
import { blogMigrations } from './migrations';
import { defineBlogModels } from './models';
import { demoSeed } from './seed';
import { createBlogServices } from './services';
import { PUBLISH_DUE, type PublishDuePayload } from './services/workflow';

/** Core's event for a module switched on or off for a tenant. */
const MODULE_TOGGLED = 'core.module.toggled@1';

/**
 * Blog: posts and pages with translations, categories and tags, a
 * publishing workflow with scheduling and revisions, comments with
 * moderation, and full-text search. Authors are core users, looked up
 * through `core.directory@1`.
 */
export default defineModule<BlogConfig>({
  register(ctx) {
    const models = defineBlogModels(ctx.models);
    ctx.migrations.add(...blogMigrations);
    const services = createBlogServices(ctx, models);
    for (const extension of blogGraphQL(services)) ctx.graphql.extend(extension);
    // The blog schedules through its own event: the kernel delivers it at deliverAt, durably.
    ctx.events.on(PUBLISH_DUE, (payload, meta, { transaction }) => services.workflow.publishDue(payload as PublishDuePayload, meta, transaction));
    // Schedules that fell due while a tenant had the blog switched off were skipped: renew them when it comes back.
    ctx.events.on(MODULE_TOGGLED, async (payload) => {
      const { tenantId, moduleId, enabled } = payload as { tenantId: string; moduleId: string; enabled: boolean };
      if (moduleId === ctx.id && enabled) await services.workflow.rescheduleAll(tenantId);
    });
    ctx.seeds.add(demoSeed(ctx, services));
  },
});

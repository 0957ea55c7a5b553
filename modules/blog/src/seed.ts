import { CORE_DIRECTORY, type Actor, type ModuleContext, type ModuleSeed } from '@rustok/contracts';
import type { BlogConfig } from './config';
import type { BlogServices } from './services';
import type { Caller } from './services/caller';

/** Seeds act as the platform operator: whoever runs `rustok dev` holds the database anyway. */
const SEED_ACTOR: Actor = Object.freeze({ kind: 'operator', id: 'seed', tenantId: null, platform: true, permissions: new Set(['*']) });

const DAY = 86_400_000;

/**
 * `npm start` on a fresh database: categories, tags, posts and pages in
 * English and Russian for core's demo tenant, so the storefront queries
 * answer something at once. Written through the services, like any admin.
 */
export function demoSeed(ctx: ModuleContext<BlogConfig>, services: BlogServices): ModuleSeed {
  return {
    name: 'demo-content',
    async run(io) {
      const tenant = await ctx.services.get(CORE_DIRECTORY).tenantBySlug('demo');
      if (tenant === null) {
        io.print('blog: no "demo" tenant; the demo content seed has nothing to write into.');
        return;
      }
      await ctx.tenancy.run(tenant.id, async () => {
        const caller: Caller = { tenant: { ...tenant, disabledModules: new Set() }, actor: SEED_ACTOR, locale: tenant.defaultLocale, ip: '127.0.0.1', userAgent: 'rustok seed', request: {} };
        const both = (en: string, ru: string) => [{ locale: 'en', name: en }, { locale: 'ru', name: ru }].filter((t) => tenant.locales.includes(t.locale));
        const news = await services.taxonomy.createCategory(caller, { translations: both('News', 'Новости') });
        const guides = await services.taxonomy.createCategory(caller, { translations: both('Guides', 'Руководства'), position: 1 });
        const gettingStarted = await services.taxonomy.createCategory(caller, { translations: both('Getting started', 'Первые шаги'), parentId: guides });
        const release = await services.taxonomy.createTag(caller, { translations: both('Release', 'Релиз') });
        const markdown = await services.taxonomy.createTag(caller, { translations: both('Markdown', 'Markdown') });

        const post = async (en: { title: string; excerpt: string; body: string }, ru: { title: string; excerpt: string; body: string }, links: { categoryIds: string[]; tagIds: string[] }) =>
          services.editor.create(caller, 'post', { translations: [{ locale: 'en', ...en }, { locale: 'ru', ...ru }].filter((t) => tenant.locales.includes(t.locale)), ...links });
        const welcome = await post(
          { title: 'Welcome to RusToK', excerpt: 'A headless CMS and commerce platform that refuses to boot on a broken contract.', body: '# Welcome\n\nThis post was written by the **demo seed**. Edit it in the admin, or query it:\n\n```graphql\n{ blogPosts { edges { node { title } } } }\n```' },
          { title: 'Добро пожаловать в RusToK', excerpt: 'Headless CMS и платформа для торговли, которая не запустится с нарушенным контрактом.', body: '# Добро пожаловать\n\nЭтот пост написал **демонстрационный сид**. Измените его в админке или запросите через GraphQL.' },
          { categoryIds: [news], tagIds: [release] },
        );
        const writing = await post(
          { title: 'Writing posts in Markdown', excerpt: 'Headings, lists, code and links: what the blog renders, and what it refuses.', body: '## Markdown\n\n- *Emphasis* and **strong**\n- [Links](https://example.com)\n- `code`\n\nRaw HTML such as <script> is shown as text, never run.' },
          { title: 'Пишем посты в Markdown', excerpt: 'Заголовки, списки, код и ссылки: что блог показывает и что отклоняет.', body: '## Markdown\n\n- *Курсив* и **жирный**\n- [Ссылки](https://example.com)\n- `код`\n\nСырой HTML вроде <script> показывается как текст.' },
          { categoryIds: [gettingStarted], tagIds: [markdown] },
        );
        const upcoming = await post(
          { title: 'What comes next', excerpt: 'Scheduled a week ahead: the kernel publishes it on time.', body: 'This post is scheduled; the kernel publishes it when its time comes, even after a restart.' },
          { title: 'Что дальше', excerpt: 'Запланирован на неделю вперёд: ядро опубликует его вовремя.', body: 'Этот пост запланирован; ядро опубликует его в срок, даже после перезапуска.' },
          { categoryIds: [news], tagIds: [] },
        );
        await services.workflow.publish(caller, 'post', welcome);
        await services.workflow.publish(caller, 'post', writing);
        await services.workflow.schedule(caller, 'post', upcoming, new Date(Date.now() + 7 * DAY));

        const page = async (en: string, ru: string, body: string, parentId: string | null, menuPosition: number) => {
          const id = await services.editor.create(caller, 'page', { translations: [{ locale: 'en', title: en, body }, { locale: 'ru', title: ru, body }].filter((t) => tenant.locales.includes(t.locale)), parentId, menuPosition });
          await services.workflow.publish(caller, 'page', id);
          return id;
        };
        const about = await page('About', 'О нас', 'RusToK is built in the open.', null, 0);
        await page('Team', 'Команда', 'The people behind RusToK.', about, 0);
        await page('Contact', 'Контакты', 'Write to hello@example.com.', null, 1);

        await services.comments.add(caller, { postId: welcome, body: 'First! Looking forward to the next release.', guestName: 'Demo reader', guestEmail: 'reader@example.com' });
      });
      io.print(`blog: demo posts, pages, categories and tags written for tenant "${tenant.slug}" (${tenant.locales.join(', ')}).`);
    },
  };
}

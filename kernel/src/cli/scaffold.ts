import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { schemaNameFor, type RegistryEntry } from '@rustok/contracts';
import { CliUsageError, ErrorCodes } from '../errors';
import { pinModule } from '../registry/pin';
import { KERNEL_VERSION } from '../version';

const MODULE_ID = /^[a-z][a-z0-9-]*$/;

/**
 * `rustok module new <id>`: writes a working module to modules/<id> (manifest,
 * model, migration, a GraphQL type with a query and a mutation, an event with
 * its schema, a test) and pins it, enabled, in registry.json.
 */
export async function scaffoldModule(projectRoot: string, id: string): Promise<{ dir: string; entry: RegistryEntry; files: string[] }> {
  if (!MODULE_ID.test(id)) {
    throw new CliUsageError(ErrorCodes.CLI_USAGE, `"${id}" is not a valid module id.`, 'Use lowercase letters, digits and dashes, starting with a letter (e.g. "reviews").');
  }
  const dir = path.join(projectRoot, 'modules', id);
  if (await fs.access(dir).then(() => true, () => false)) {
    throw new CliUsageError(ErrorCodes.SCAFFOLD_EXISTS, `modules/${id} already exists.`, 'Choose another id, or remove the folder first.');
  }
  const files = moduleFiles(id);
  for (const [relative, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, relative)), { recursive: true });
    await fs.writeFile(path.join(dir, relative), content);
  }
  try {
    const entry = await pinModule(projectRoot, id);
    return { dir, entry, files: Object.keys(files) };
  } catch (error) {
    // Nothing half-made stays behind: a scaffold that could not be pinned is removed.
    await fs.rm(dir, { recursive: true, force: true });
    throw error;
  }
}

function moduleFiles(id: string): Record<string, string> {
  const pascal = id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
  const camel = pascal[0]?.toLowerCase() + pascal.slice(1);
  const type = `${pascal}Note`;
  const event = `${id}.note.created@1`;
  const manifest = {
    name: `rustok-module-${id}`,
    version: '0.1.0',
    private: true,
    description: `RusToK module ${id}`,
    main: 'src/index.ts',
    rustok: {
      id,
      kernel: `^${KERNEL_VERSION}`,
      permissions: [`${id}.note.read`, `${id}.note.create`],
      events: { emits: { [event]: 'events/note-created.v1.schema.json' } },
      config: {
        type: 'object',
        additionalProperties: false,
        properties: { maxTitleLength: { type: 'integer', minimum: 1, maximum: 1000, default: 200 } },
      },
      graphql: {
        owns: [type],
        extends: { Query: [`${camel}Notes`], Mutation: [`${camel}CreateNote`] },
        // Deny by default: every root field states who may call it.
        access: { [`Query.${camel}Notes`]: 'public', [`Mutation.${camel}CreateNote`]: `${id}.note.create`, [type]: 'public' },
      },
    },
  };
  return {
    'package.json': `${JSON.stringify(manifest, null, 2)}\n`,
    'events/note-created.v1.schema.json': `${JSON.stringify(
      {
        $schema: 'http://json-schema.org/draft-07/schema#',
        title: event,
        type: 'object',
        additionalProperties: false,
        required: ['id', 'title'],
        properties: { id: { type: 'string', format: 'uuid' }, title: { type: 'string' } },
      },
      null,
      2,
    )}\n`,
    'src/index.ts': `import { defineModule, toGlobalId, type ModuleContext } from '@rustok/contracts';

interface Config {
  maxTitleLength: number;
}

export default defineModule<Config>({
  register(ctx: ModuleContext<Config>) {
    const { types } = ctx.models;
    const Note = ctx.models.define(
      '${type}',
      {
        id: { type: types.UUID, primaryKey: true, defaultValue: types.UUIDV4 },
        title: { type: types.TEXT, allowNull: false },
      },
      { tableName: 'notes' },
    );

    ctx.migrations.add({
      name: '0001-create-notes',
      up: \`CREATE TABLE notes (
        id uuid PRIMARY KEY,
        title text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )\`,
      down: 'DROP TABLE notes',
    });

    ctx.graphql.extend({
      typeDefs: \`
        type ${type} implements Node {
          id: ID!
          title: String!
          createdAt: DateTime!
        }
        extend type Query {
          "Notes of the ${id} module, newest first."
          ${camel}Notes(first: Int = 20): [${type}!]!
        }
        extend type Mutation {
          ${camel}CreateNote(title: String!): ${type}!
        }
      \`,
      resolvers: {
        ${type}: {
          id: (note: { id: string }) => toGlobalId('${type}', note.id),
        },
        Query: {
          ${camel}Notes: (_: unknown, args: { first: number }) => Note.findAll({ order: [['createdAt', 'DESC']], limit: Math.min(Math.max(args.first, 1), 100) }),
        },
        Mutation: {
          ${camel}CreateNote: async (_: unknown, args: { title: string }) => {
            if (args.title.length > ctx.config.maxTitleLength) throw new Error(\`title is longer than \${ctx.config.maxTitleLength} characters\`);
            return ctx.models.transaction(async (transaction) => {
              const note = await Note.create({ title: args.title }, { transaction });
              await ctx.events.emit('${event}', { id: note.get('id'), title: args.title }, { transaction });
              return note;
            });
          },
        },
      },
      nodes: {
        ${type}: (localId) => Note.findByPk(localId),
      },
    });
    ctx.log.info({ schema: '${schemaNameFor(id)}' }, 'registered');
  },
});
`,
    [`test/${id}.test.ts`]: `import * as path from 'node:path';
import t from 'tap';
import { bootForTest } from '@rustok/kernel/src/testing';

t.test('${id}: a created note is listed by ${camel}Notes', async (t) => {
  const kernel = await bootForTest(t, { projectRoot: path.resolve(__dirname, '..', '..', '..'), env: { RUSTOK_ADMIN_TOKEN: 'operator-secret' } });
  const anonymous = await kernel.graphql('mutation { ${camel}CreateNote(title: "nobody") { title } }');
  t.equal(anonymous.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED', 'creating needs ${id}.note.create');
  const created = await kernel.graphql<{ ${camel}CreateNote: { title: string } }>('mutation { ${camel}CreateNote(title: "first") { title } }', {}, { authorization: 'Bearer operator-secret' });
  t.equal(created.data?.${camel}CreateNote.title, 'first');
  const listed = await kernel.graphql<{ ${camel}Notes: Array<{ title: string }> }>('{ ${camel}Notes { title } }');
  t.same(listed.data?.${camel}Notes.map((n) => n.title), ['first']);
});
`,
  };
}

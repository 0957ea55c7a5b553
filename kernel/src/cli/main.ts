import * as path from 'node:path';
import { ContractViolationError, ErrorCodes, formatProblem, KernelError, CliUsageError } from '../errors';
import type { CommandArguments, ModuleCommand } from '@rustok/contracts';
import { loadKernel, type LoadedKernel } from '../kernel';
import { createLogger } from '../log';
import { computePackageIntegrity } from '../registry/integrity';
import { loadModulePackage } from '../registry/module-package';
import { pinModule } from '../registry/pin';
import { readRegistryFile } from '../registry/registry-file';
import { loadSettings } from '../settings';
import { validateWebhookEvents, validateWebhookUrl } from '../events/webhooks/subscriptions';
import { scaffoldModule } from './scaffold';

/** Seconds a SIGTERM/SIGINT shutdown may take before the process gives up and exits non-zero. */
const SHUTDOWN_DEADLINE_MS = 10_000;

interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

const HELP: Record<string, string> = {
  '': `Usage: rustok <command> [options]

Commands:
  start                  Gate, check migrations are applied, serve GraphQL (refuses with pending migrations)
  dev                    Like start, but applies pending migrations first (what \`npm start\` runs)
  check [--json]         Run the whole contract gate without side effects; exit 1 on any problem
  migrate [up|down|status] [--module <id>]
                         Apply, revert the last, or list migrations (under an advisory lock)
  module new <id>        Scaffold a working module in modules/<id> and pin it in registry.json
  module pin <id>        Recompute a module's version and integrity into registry.json
  registry verify        Check every pinned package's version and integrity
  events status [--json] Event delivery backlog per event and handler, oldest age, dead letters
  events dlq [list|replay <eventId> [--handler <id>]|replay --all]
                         List dead-lettered deliveries, or put them back in the queue
  webhooks add <url> --events <name@N,…>
                         Subscribe an endpoint to events; prints its signing secret once
  webhooks list [--json] List webhook subscriptions (never their secrets)
  webhooks remove <id>   Delete a webhook subscription and its undelivered deliveries
  commands               List the commands enabled modules add (e.g. \`rustok tenant create --help\`)

Options:
  --project <dir>        Project root holding registry.json (default: the current directory)
  --help, -h             Help for a command, e.g. \`rustok migrate --help\`

Environment: HOST, PORT, DATABASE_URL, NODE_ENV, LOG_LEVEL, RUSTOK_DATA_DIR, RUSTOK_EMBEDDED_PG_PORT,
RUSTOK_GRAPHQL_INTROSPECTION, RUSTOK_GRAPHQL_MAX_DEPTH (see docs/operator-guide.md).`,
  start: `Usage: rustok start

Runs the contract gate, connects to PostgreSQL (DATABASE_URL, or the embedded server), refuses to serve
while migrations are pending or drifted, then serves GraphQL at http://HOST:PORT/graphql.
SIGTERM/SIGINT stop it gracefully (in-flight requests finish) within 10 s.`,
  dev: `Usage: rustok dev

Development start: like \`rustok start\`, but applies pending migrations first. \`npm start\` runs this.`,
  check: `Usage: rustok check [--json]

Runs the whole contract gate (registry, integrity, manifests, module graph, config, register(), GraphQL
composition) with no side effects: no database, no port. Prints every problem; exits 1 if there is any.
--json prints {"ok": boolean, "problems": [...]} for tools.`,
  migrate: `Usage: rustok migrate [up|down|status] [--module <id>]

  up       (default) apply every pending migration, in module dependency order
  down     revert the most recently applied migration (of --module <id> if given)
  status   list every migration as applied, pending, drift or missing
Runs under a PostgreSQL advisory lock, so concurrent runs apply each migration exactly once.`,
  module: `Usage: rustok module new <id> | rustok module pin <id>

  new <id>   scaffold modules/<id> (manifest, model, migration, GraphQL type and query, event, test)
             and pin it, enabled, in registry.json
  pin <id>   recompute version and integrity of module <id> into registry.json (after a deliberate change)`,
  events: `Usage: rustok events status [--json]
       rustok events dlq [list] [--json]
       rustok events dlq replay <eventId> [--handler <handler id>]
       rustok events dlq replay --all

  status   pending deliveries per event and handler, the oldest pending age, dead letters
  dlq      deliveries that failed RUSTOK_EVENTS_MAX_ATTEMPTS times, with their last error;
           replay resets their attempts and queues them again (after you fixed the cause)
Exit code: status exits 1 when there are dead letters, so it can gate a deploy.`,
  registry: `Usage: rustok registry verify

Checks each module pinned in registry.json: package present, version equal, integrity equal. Exit 1 on any mismatch.`,
  webhooks: `Usage: rustok webhooks add <url> --events <name@N>[,<name@N>…] [--json]
       rustok webhooks list [--json]
       rustok webhooks remove <id>

  add      subscribe <url> to the events named (module.entity.verb@N, comma-separated). The URL must be
           https://, or http:// to 127.0.0.1, [::1] or localhost. Prints the subscription id and its
           signing secret: the secret is shown only this once. --json prints {id, url, events, secret}.
  list     every subscription with id, state, URL, events and creation time; secrets are never shown.
           --json prints them as an array.
  remove   delete subscription <id> (as \`webhooks list\` shows it) with its queued and dead deliveries.
Running instances POST each event to its subscribers, signed in X-Rustok-Signature, retried with backoff
and dead-lettered after RUSTOK_EVENTS_MAX_ATTEMPTS (see docs/operator-guide.md, "Webhooks").
Requires the database to be migrated (\`rustok migrate\`).`,
};

/** Flags that take a value (`--module reviews`); every other `--flag` is a switch. */
const VALUE_FLAGS = new Set(['project', 'module', 'handler', 'events']);

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-h') flags.set('help', true);
    else if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
      if (inline !== undefined) flags.set(name, inline);
      else if (VALUE_FLAGS.has(name) && argv[i + 1] !== undefined) flags.set(name, argv[++i] as string);
      else flags.set(name, true);
    } else positional.push(arg);
  }
  return { positional, flags };
}

/** Runs one CLI invocation and returns the process exit code. */
export async function main(argv: readonly string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const { positional, flags } = parseArgs(argv);
  const [command = '', ...rest] = positional;
  const print = (text: string) => out.write(`${text}\n`);
  if ((flags.has('help') && HELP[command] !== undefined) || command === 'help' || command === '') {
    const topic = command === 'help' ? (rest[0] ?? '') : command;
    print(HELP[topic] ?? HELP['']!);
    return command === '' && !flags.has('help') ? 2 : 0;
  }
  const projectRoot = path.resolve(typeof flags.get('project') === 'string' ? (flags.get('project') as string) : process.cwd());
  try {
    switch (command) {
      case 'check':
        return await check(projectRoot, flags.has('json'), print);
      case 'start':
      case 'dev':
        return await serve(projectRoot, command === 'dev', print);
      case 'migrate':
        return await migrate(projectRoot, rest[0] ?? 'up', flags.get('module'), print);
      case 'module':
        return await moduleCommand(projectRoot, rest, print);
      case 'events':
        return await eventsCommand(projectRoot, rest, flags, print);
      case 'webhooks':
        return await webhooksCommand(projectRoot, rest, flags, print);
      case 'registry':
        if (rest[0] !== 'verify') throw usage(`Unknown registry command "${rest[0] ?? ''}".`, 'registry');
        return await verifyRegistry(projectRoot, print);
      case 'commands':
        return await listModuleCommands(projectRoot, print);
      default:
        return await runModuleCommand(projectRoot, argv, print);
    }
  } catch (error) {
    err.write(`${describeError(error)}\n`);
    const code = (error as { code?: unknown }).code;
    return code === ErrorCodes.CLI_USAGE || code === 'CLI_USAGE' ? 2 : 1;
  }
}

function usage(message: string, topic: string): CliUsageError {
  return new CliUsageError(ErrorCodes.CLI_USAGE, message, `Run \`rustok ${topic ? `${topic} ` : ''}--help\`.`);
}

export function describeError(error: unknown): string {
  if (error instanceof ContractViolationError) return error.message;
  if (error instanceof KernelError) return `✗ ${error.code}: ${error.message}\n  fix: ${error.fix}`;
  // A module's own coded error (PlatformError): its code, message and fix are meant for the operator.
  const extensions = (error as { extensions?: { code?: unknown; fix?: unknown } } | null)?.extensions;
  if (typeof extensions?.code === 'string') return `✗ ${extensions.code}: ${(error as Error).message}${typeof extensions.fix === 'string' ? `\n  fix: ${extensions.fix}` : ''}`;
  return `✗ ${ErrorCodes.INTERNAL}: ${(error as Error)?.stack ?? String(error)}`;
}

/** CLI commands other than start log only warnings, to stderr, so their own output stays readable. */
function quietLog(projectRoot: string) {
  const settings = loadSettings(projectRoot);
  return createLogger({ level: process.env.LOG_LEVEL ? settings.logLevel : 'warn', destination: process.stderr });
}

async function check(projectRoot: string, json: boolean, print: (text: string) => void): Promise<number> {
  try {
    const kernel = await loadKernel({ projectRoot, log: quietLog(projectRoot) });
    const modules = kernel.gate.modules.map((m) => m.entry.id);
    print(json ? JSON.stringify({ ok: true, modules, problems: [] }, null, 2) : `✓ contract gate passed: ${modules.length} module${modules.length === 1 ? '' : 's'} (${modules.join(', ') || 'none'})`);
    return 0;
  } catch (error) {
    if (!(error instanceof ContractViolationError) || !json) throw error;
    print(JSON.stringify({ ok: false, problems: error.problems }, null, 2));
    return 1;
  }
}

async function withDatabase<T>(kernel: LoadedKernel, work: () => Promise<T>): Promise<T> {
  await kernel.openDatabase();
  try {
    return await work();
  } finally {
    await kernel.closeDatabase();
  }
}

async function migrate(projectRoot: string, action: string, module: string | true | undefined, print: (text: string) => void): Promise<number> {
  if (!['up', 'down', 'status'].includes(action)) throw usage(`Unknown migrate action "${action}".`, 'migrate');
  const kernel = await loadKernel({ projectRoot, log: quietLog(projectRoot) });
  const moduleId = typeof module === 'string' ? module : undefined;
  if (action === 'up' && module !== undefined) throw usage('--module applies to `migrate down` and `migrate status`; `migrate up` applies every pending migration in dependency order.', 'migrate');
  if (moduleId !== undefined && !kernel.gate.modules.some((m) => m.entry.id === moduleId)) {
    throw usage(`--module "${moduleId}" is not an enabled module (enabled: ${kernel.gate.modules.map((m) => m.entry.id).join(', ') || 'none'}).`, 'migrate');
  }
  return withDatabase(kernel, async () => {
    if (action === 'status') {
      const status = (await kernel.migrations.status()).filter((s) => moduleId === undefined || s.module === moduleId);
      if (status.length === 0) print('No migrations.');
      for (const s of status) print(`${s.state.padEnd(8)} ${s.module}/${s.name}${s.appliedAt ? `  (applied ${s.appliedAt})` : ''}`);
      return status.some((s) => s.state !== 'applied') ? 1 : 0;
    }
    if (action === 'down') {
      const reverted = await kernel.migrations.down(moduleId);
      print(reverted ? `Reverted ${reverted}.` : 'Nothing to revert.');
      return 0;
    }
    const applied = await kernel.migrations.up();
    print(applied.length > 0 ? `Applied ${applied.length} migration${applied.length === 1 ? '' : 's'}:\n${applied.map((a) => `  ${a}`).join('\n')}` : 'Database is up to date.');
    return 0;
  });
}

async function serve(projectRoot: string, migrateFirst: boolean, print: (text: string) => void): Promise<number> {
  const settings = loadSettings(projectRoot);
  const log = createLogger({ level: settings.logLevel });
  const kernel = await loadKernel({ projectRoot, log });
  await kernel.openDatabase();
  let running;
  try {
    if (migrateFirst) {
      const applied = await kernel.migrations.up();
      if (applied.length > 0) log.info({ applied }, 'migrations applied');
      const seeded = await kernel.seed({ print });
      if (seeded.length > 0) log.info({ seeded }, 'demo data written');
    } else await kernel.migrations.assertUpToDate();
    running = await kernel.serve();
  } catch (error) {
    await kernel.closeDatabase();
    throw error;
  }
  print(`RusToK is running. GraphQL: ${running.graphqlUrl}${settings.production ? '' : ' (GraphiQL at /graphiql)'}`);
  const stopped = new Promise<number>((resolve) => {
    const shutdown = (signal: string) => {
      log.info({ signal }, 'shutting down');
      const deadline = setTimeout(() => {
        log.error('shutdown took longer than 10 s; exiting');
        resolve(1);
      }, SHUTDOWN_DEADLINE_MS);
      deadline.unref();
      running.close().then(
        () => {
          clearTimeout(deadline);
          log.info('stopped');
          resolve(0);
        },
        (error: unknown) => {
          log.error({ err: error }, 'shutdown failed');
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  });
  return stopped;
}

async function listModuleCommands(projectRoot: string, print: (text: string) => void): Promise<number> {
  const kernel = await loadKernel({ projectRoot, log: quietLog(projectRoot) });
  if (kernel.gate.commands.size === 0) print('No enabled module adds commands.');
  for (const [name, { module, command }] of kernel.gate.commands) print(`  ${name.padEnd(22)} ${command.summary} (module ${module})`);
  return 0;
}

/**
 * `rustok <words> [--flag value]…` for a command an enabled module adds: the
 * longest matching name wins (`tenant create` before `tenant`). It runs after
 * the gate, on a migrated database, as the application role.
 */
async function runModuleCommand(projectRoot: string, argv: readonly string[], print: (text: string) => void): Promise<number> {
  const parsed = parseCommandArguments(argv);
  const words = parsed.positionals;
  const kernel = await loadKernel({ projectRoot, log: quietLog(projectRoot) });
  const name = [words.slice(0, 2).join(' '), words[0] ?? ''].find((candidate) => kernel.gate.commands.has(candidate));
  if (name === undefined) throw usage(`Unknown command "${words.slice(0, 2).join(' ')}".${kernel.gate.commands.size > 0 ? ` Module commands: ${[...kernel.gate.commands.keys()].join(', ')}.` : ''}`, '');
  const { command } = kernel.gate.commands.get(name) as { command: ModuleCommand };
  const args = { flags: parsed.flags, positionals: words.slice(name.split(' ').length) };
  if (args.flags.help === true) {
    print(command.usage);
    return 0;
  }
  return withDatabase(kernel, async () => {
    await kernel.migrations.assertUpToDate();
    await command.run(args, { print });
    return 0;
  });
}

/** Generic flags for module commands: `--name value`, `--name=value`, or a bare `--switch`. */
export function parseCommandArguments(argv: readonly string[]): CommandArguments {
  const flags: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-h') flags.help = true;
    else if (arg.startsWith('--')) {
      const [flag, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
      const next = argv[i + 1];
      if (inline !== undefined) flags[flag] = inline;
      else if (next !== undefined && !next.startsWith('--') && flag !== 'help') flags[flag] = (i++, next);
      else flags[flag] = true;
    } else positionals.push(arg);
  }
  delete flags.project;
  return { flags, positionals };
}

async function moduleCommand(projectRoot: string, args: string[], print: (text: string) => void): Promise<number> {
  const [action, id] = args;
  if ((action !== 'new' && action !== 'pin') || id === undefined) throw usage(`Expected \`module new <id>\` or \`module pin <id>\`.`, 'module');
  if (action === 'new') {
    const made = await scaffoldModule(projectRoot, id);
    print(`Created modules/${id}:\n${made.files.map((f) => `  ${f}`).join('\n')}\nPinned ${made.entry.package}@${made.entry.version} (enabled) in registry.json.`);
    return 0;
  }
  const entry = await pinModule(projectRoot, id);
  print(`Pinned ${entry.id}: ${entry.package}@${entry.version} ${entry.integrity}`);
  return 0;
}

async function verifyRegistry(projectRoot: string, print: (text: string) => void): Promise<number> {
  const read = await readRegistryFile(path.join(projectRoot, 'registry.json'));
  if (!read.ok) throw new ContractViolationError(read.problems);
  let failures = 0;
  for (const [index, entry] of read.registry.modules.entries()) {
    const pkg = await loadModulePackage(projectRoot, entry, index);
    if ('code' in pkg) {
      failures++;
      print(formatProblem(pkg));
      continue;
    }
    const problems: string[] = [];
    if (pkg.packageJson.version !== entry.version) problems.push(`version: pinned ${entry.version}, package has ${String(pkg.packageJson.version)}`);
    const integrity = await computePackageIntegrity(pkg.dir);
    if (integrity !== entry.integrity) problems.push(`integrity: pinned ${entry.integrity}, files hash to ${integrity}`);
    if (problems.length > 0) failures++;
    print(problems.length === 0 ? `✓ ${entry.id} ${entry.package}@${entry.version}${entry.enabled ? '' : ' (disabled)'}` : `✗ ${entry.id}: ${problems.join('; ')}\n    fix: if the change is deliberate, run \`rustok module pin ${entry.id}\`; otherwise reinstall the package.`);
  }
  print(failures === 0 ? `Registry verified: ${read.registry.modules.length} module(s).` : `${failures} module(s) do not match their pins.`);
  return failures === 0 ? 0 : 1;
}

async function eventsCommand(projectRoot: string, args: string[], flags: ParsedArgs['flags'], print: (text: string) => void): Promise<number> {
  const [area, action = 'list', eventId] = args;
  if (area !== 'status' && area !== 'dlq') throw usage(`Expected \`events status\` or \`events dlq\`.`, 'events');
  if (area === 'dlq' && action !== 'list' && action !== 'replay') throw usage(`Unknown dlq action "${action}".`, 'events');
  if (area === 'dlq' && action === 'replay' && eventId === undefined && !flags.has('all')) throw usage('Name the event to replay, or pass --all.', 'events');
  if (eventId !== undefined && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(eventId)) throw usage(`"${eventId}" is not an event id (a UUID, as \`events dlq list\` shows).`, 'events');
  const kernel = await loadKernel({ projectRoot, log: quietLog(projectRoot) });
  return withDatabase(kernel, async () => {
    await kernel.migrations.assertUpToDate();
    const json = flags.has('json');
    if (area === 'status') {
      const status = await kernel.events.status();
      if (json) print(JSON.stringify(status, null, 2));
      else {
        print(`pending ${status.pending}, scheduled ${status.scheduled}, dead ${status.dead}, oldest pending ${status.oldestPendingSeconds === null ? '-' : `${status.oldestPendingSeconds}s`}`);
        for (const h of status.handlers) print(`  ${h.event.padEnd(40)} ${h.handler.padEnd(48)} pending ${String(h.pending).padStart(6)}  dead ${String(h.dead).padStart(4)}  oldest ${h.oldestPendingSeconds === null ? '-' : `${h.oldestPendingSeconds}s`}`);
      }
      return status.dead > 0 ? 1 : 0;
    }
    if (action === 'list') {
      const dead = await kernel.events.deadLetters(1000);
      if (json) print(JSON.stringify(dead, null, 2));
      else if (dead.length === 0) print('No dead letters.');
      else for (const d of dead) print(`${d.eventId}  ${d.event}  ${d.handler}  attempts ${d.attempts}  ${d.emittedAt}\n    last error: ${d.lastError ?? '-'}`);
      return 0;
    }
    const handler = flags.get('handler');
    const replayed = await kernel.events.replay(flags.has('all') ? 'all' : { eventId: eventId as string, handler: typeof handler === 'string' ? handler : undefined });
    print(replayed === 0 ? 'Nothing to replay: no dead delivery matches.' : `Replayed ${replayed} dead deliver${replayed === 1 ? 'y' : 'ies'}; a running instance delivers ${replayed === 1 ? 'it' : 'them'} now.`);
    return replayed === 0 ? 1 : 0;
  });
}

async function webhooksCommand(projectRoot: string, args: string[], flags: ParsedArgs['flags'], print: (text: string) => void): Promise<number> {
  const [action, target] = args;
  if (action !== 'add' && action !== 'list' && action !== 'remove') throw usage('Expected `webhooks add <url> --events …`, `webhooks list` or `webhooks remove <id>`.', 'webhooks');
  if (action !== 'list' && target === undefined) throw usage(action === 'add' ? 'Name the endpoint: `webhooks add <url> --events …`.' : 'Name the subscription: `webhooks remove <id>`, with an id from `webhooks list`.', 'webhooks');
  const events = flags.get('events');
  if (action === 'add' && typeof events !== 'string') throw usage('Name the events to send with --events, e.g. --events blog.post.published@1,blog.post.deleted@1.', 'webhooks');
  // Refuse a bad URL or event name before the gate and the database are even touched.
  const subscription = action === 'add' ? { url: validateWebhookUrl(target as string), events: validateWebhookEvents((events as string).split(',').map((e) => e.trim()).filter((e) => e !== '')) } : null;
  const kernel = await loadKernel({ projectRoot, log: quietLog(projectRoot) });
  return withDatabase(kernel, async () => {
    await kernel.migrations.assertUpToDate();
    const json = flags.has('json');
    if (subscription !== null) {
      const added = await kernel.webhooks.add(subscription.url, subscription.events);
      if (json) {
        print(JSON.stringify(added, null, 2));
        return 0;
      }
      print(`Added webhook subscription ${added.id}\n  url:    ${added.url}\n  events: ${added.events.join(', ')}\n  secret: ${added.secret}`);
      print('Store the secret now: it will not be shown again. Receivers check X-Rustok-Signature with it.');
      const emitted = new Set(kernel.gate.modules.flatMap((m) => Object.keys(m.manifest.events?.emits ?? {})));
      for (const event of added.events.filter((e) => !emitted.has(e))) print(`  note: no enabled module emits ${event}; it is sent once a module that emits it is enabled.`);
      return 0;
    }
    if (action === 'list') {
      const subscriptions = await kernel.webhooks.list();
      if (json) print(JSON.stringify(subscriptions, null, 2));
      else if (subscriptions.length === 0) print('No webhook subscriptions.');
      else for (const w of subscriptions) print(`${w.id}  ${w.active ? 'active  ' : 'inactive'}  ${w.url}\n    events: ${w.events.join(', ')}  (created ${w.createdAt})`);
      return 0;
    }
    const { droppedDeliveries } = await kernel.webhooks.remove(target as string);
    print(`Removed webhook subscription ${target}${droppedDeliveries > 0 ? `, dropping ${droppedDeliveries} undelivered deliver${droppedDeliveries === 1 ? 'y' : 'ies'}` : ''}.`);
    return 0;
  });
}

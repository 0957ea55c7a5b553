import { GraphQLError, Kind, type GraphQLScalarType, type GraphQLSchema, type ValueNode } from 'graphql';

/**
 * The kernel's own part of the schema: roots, Relay's Node and PageInfo, and
 * the scalars every module shares. `type Mutation` is added only when a module
 * extends it, because GraphQL refuses an object type without fields.
 */
export function baseTypeDefs(withMutation: boolean): string {
  return `
"""An instant in UTC, as an ISO-8601 string (e.g. 2026-11-25T10:00:00.000Z)."""
scalar DateTime

"""Any JSON value."""
scalar JSON

"""An object with a globally unique id; fetch any of them with Query.node(id:)."""
interface Node {
  id: ID!
}

"""Relay connection page information."""
type PageInfo {
  hasNextPage: Boolean!
  hasPreviousPage: Boolean!
  startCursor: String
  endCursor: String
}

type KernelModule {
  id: String!
  package: String!
  version: String!
}

type KernelInfo {
  version: String!
  modules: [KernelModule!]!
}

"""Undelivered work of one event for one subscriber (module handler or webhook:<subscription id>)."""
type EventsHandlerBacklog {
  event: String!
  handler: String!
  "Deliveries that are due and not yet done."
  pending: Int!
  "Deliveries scheduled for later (emitted with deliverAt)."
  scheduled: Int!
  dead: Int!
  oldestPendingSeconds: Float
}

type EventsDeadLetter {
  eventId: ID!
  event: String!
  handler: String!
  attempts: Int!
  lastError: String
  emittedAt: DateTime!
  payload: JSON
}

type EventsStatus {
  pending: Int!
  scheduled: Int!
  dead: Int!
  oldestPendingSeconds: Float
  handlers: [EventsHandlerBacklog!]!
  deadLetters(first: Int = 20): [EventsDeadLetter!]!
}

type Query {
  """Any object implementing Node, by its global id; null when it does not exist."""
  node(id: ID!): Node
  """The running kernel and the modules it booted."""
  kernel: KernelInfo!
  """Event delivery backlog and dead letters. Requires permission rustok.events.read."""
  eventsStatus: EventsStatus!
}
${withMutation ? 'type Mutation\n' : ''}`;
}

/** Gives the kernel's scalars their behaviour on the composed schema. */
export function installKernelScalars(schema: GraphQLSchema): void {
  const dateTime = schema.getType('DateTime') as GraphQLScalarType;
  dateTime.serialize = (value: unknown) => {
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new GraphQLError(`DateTime cannot represent ${JSON.stringify(value)}.`);
    return date.toISOString();
  };
  dateTime.parseValue = parseDateTime;
  dateTime.parseLiteral = (node: ValueNode) => {
    if (node.kind !== Kind.STRING) throw new GraphQLError('DateTime must be an ISO-8601 string.', { nodes: node });
    return parseDateTime(node.value);
  };
  const json = schema.getType('JSON') as GraphQLScalarType;
  json.serialize = (value: unknown) => value;
  json.parseValue = (value: unknown) => value;
  json.parseLiteral = function parseJsonLiteral(node: ValueNode, variables?: Record<string, unknown> | null): unknown {
    switch (node.kind) {
      case Kind.STRING:
      case Kind.BOOLEAN:
        return node.value;
      case Kind.INT:
      case Kind.FLOAT:
        return Number(node.value);
      case Kind.NULL:
        return null;
      case Kind.LIST:
        return node.values.map((item) => parseJsonLiteral(item, variables));
      case Kind.OBJECT:
        return Object.fromEntries(node.fields.map((field) => [field.name.value, parseJsonLiteral(field.value, variables)]));
      case Kind.VARIABLE:
        return variables?.[node.name.value];
      default:
        throw new GraphQLError('Unsupported JSON literal.', { nodes: node });
    }
  };
}

function parseDateTime(value: unknown): Date {
  const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new GraphQLError(`DateTime must be an ISO-8601 string, received ${JSON.stringify(value)}.`);
  return date;
}

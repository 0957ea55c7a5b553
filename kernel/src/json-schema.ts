import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * One ajv setup for every schema the kernel checks: contracts' own schemas,
 * module config schemas and event payload schemas. `allErrors` because the
 * gate reports every problem at once.
 */
export function createAjv(options: { useDefaults?: boolean } = {}): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: options.useDefaults ?? false });
  addFormats(ajv);
  return ajv;
}

/**
 * Compiles module-supplied schemas (event payloads, configs) on shared ajv
 * instances: building an instance costs far more than compiling one small
 * schema. A schema whose `$id` is already taken gets an instance of its own,
 * so two modules can never collide through ids.
 */
export class SchemaCompiler {
  private readonly shared = { plain: createAjv(), withDefaults: createAjv({ useDefaults: true }) };

  compile(schema: object, options: { useDefaults?: boolean } = {}): ValidateFunction {
    const ajv = options.useDefaults ? this.shared.withDefaults : this.shared.plain;
    const id = (schema as { $id?: unknown }).$id;
    if (typeof id === 'string' && ajv.getSchema(id) !== undefined) return createAjv(options).compile(schema);
    return ajv.compile(schema);
  }
}

/** `/modules/0/version` → `modules[0].version`, the form the problem reports use. */
export function jsonPointerToPath(pointer: string, root = '$'): string {
  if (pointer === '') return root;
  return pointer
    .split('/')
    .slice(1)
    .reduce((acc, raw) => {
      const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      if (/^\d+$/.test(segment)) return `${acc}[${segment}]`;
      return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment) ? `${acc}.${segment}` : `${acc}[${JSON.stringify(segment)}]`;
    }, root);
}

export interface SchemaViolation {
  path: string;
  message: string;
  expected?: string;
  received?: string;
}

/** Turns ajv's errors into path + expected + received, naming the offending property where ajv knows it. */
export function describeAjvErrors(errors: ErrorObject[] | null | undefined, data: unknown, root = '$'): SchemaViolation[] {
  return (errors ?? []).map((error) => {
    const params = error.params as Record<string, unknown>;
    let path = jsonPointerToPath(error.instancePath, root);
    let expected: string | undefined;
    let received: string | undefined = describeValue(valueAt(data, error.instancePath));
    switch (error.keyword) {
      case 'required':
        path = `${path}.${String(params.missingProperty)}`;
        expected = `property "${String(params.missingProperty)}"`;
        received = 'nothing';
        break;
      case 'additionalProperties':
        path = `${path}.${String(params.additionalProperty)}`;
        expected = 'no such property';
        received = `property "${String(params.additionalProperty)}"`;
        break;
      case 'pattern':
        expected = `a string matching ${String(params.pattern)}`;
        break;
      case 'type':
        expected = `type ${String(params.type)}`;
        break;
      case 'enum':
        expected = `one of ${JSON.stringify(params.allowedValues)}`;
        break;
      case 'propertyNames':
        expected = `property names matching the schema`;
        received = `property "${String(params.propertyName)}"`;
        break;
      default:
        expected = error.message;
    }
    return { path, message: `${path} ${error.message ?? 'is invalid'}`, expected, received };
  });
}

function valueAt(data: unknown, pointer: string): unknown {
  let current = data;
  for (const raw of pointer.split('/').slice(1)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return current;
}

/** A value as an error message shows it: its JSON, shortened; 'nothing' for undefined. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

export type { ValidateFunction };

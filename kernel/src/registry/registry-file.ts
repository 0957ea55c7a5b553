import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { schemaFiles, type ContractProblem, type Registry } from '@rustok/contracts';
import { ErrorCodes } from '../errors';
import { createAjv, describeAjvErrors, type ValidateFunction } from '../json-schema';

let validateRegistry: ValidateFunction | undefined;

function registryValidator(): ValidateFunction {
  validateRegistry ??= createAjv().compile(JSON.parse(readFileSync(schemaFiles.registry, 'utf8')) as object);
  return validateRegistry;
}

export type RegistryReadResult = { ok: true; registry: Registry } | { ok: false; problems: ContractProblem[] };

/** Reads registry.json and checks it against the registry schema, reporting every violation. */
export async function readRegistryFile(file: string): Promise<RegistryReadResult> {
  const shown = path.basename(file);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    return fail({
      code: ErrorCodes.REGISTRY_NOT_FOUND,
      message: `Cannot read the registry ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
      file: shown,
      fix: 'Run rustok from the project root, or create registry.json with {"modules": []}.',
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return fail({
      code: ErrorCodes.REGISTRY_NOT_JSON,
      message: `${shown} is not valid JSON: ${(error as Error).message}.`,
      file: shown,
      fix: 'Correct the JSON syntax (a trailing comma or a missing quote is the usual cause).',
    });
  }
  const validate = registryValidator();
  if (!validate(data)) {
    return {
      ok: false,
      problems: describeAjvErrors(validate.errors, data).map((violation) => ({
        code: ErrorCodes.REGISTRY_SCHEMA,
        message: `registry.json does not match its schema: ${violation.message}.`,
        file: shown,
        path: violation.path,
        expected: violation.expected,
        received: violation.received,
        fix: 'Edit the field to match contracts/schemas/registry.schema.json, or re-pin the module with `rustok module pin <id>`.',
      })),
    };
  }
  const registry = data as Registry;
  const problems: ContractProblem[] = [];
  const seen = new Map<string, number>();
  registry.modules.forEach((entry, index) => {
    const first = seen.get(entry.id);
    if (first !== undefined) {
      problems.push({
        code: ErrorCodes.REGISTRY_DUPLICATE_ID,
        message: `Module id "${entry.id}" is pinned twice (modules[${first}] and modules[${index}]).`,
        module: entry.id,
        file: shown,
        path: `$.modules[${index}].id`,
        expected: 'each module id once',
        received: `"${entry.id}" again`,
        fix: 'Remove one of the two entries.',
      });
    } else seen.set(entry.id, index);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, registry };
}

function fail(problem: ContractProblem): RegistryReadResult {
  return { ok: false, problems: [problem] };
}

/**
 * Writes registry.json the way the CLI always does: two-space JSON, modules in
 * id order, a trailing newline. Written to a temp file and renamed, so a crash
 * never leaves half a registry.
 */
export async function writeRegistryFile(file: string, registry: Registry): Promise<void> {
  const sorted: Registry = { ...registry, modules: [...registry.modules].sort((a, b) => a.id.localeCompare(b.id)) };
  const temp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temp, `${JSON.stringify(sorted, null, 2)}\n`);
  await fs.rename(temp, file);
}

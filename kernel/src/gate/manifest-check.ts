import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import semver from 'semver';
import { schemaFiles, schemaNameFor, type ContractProblem, type ModuleManifest, type RegistryEntry } from '@rustok/contracts';
import { KERNEL_SCHEMA } from '../db/migration-runner';
import { ErrorCodes } from '../errors';
import { createAjv, describeAjvErrors, type SchemaCompiler, type ValidateFunction } from '../json-schema';
import type { ModulePackage } from '../registry/module-package';

let validateManifest: ValidateFunction | undefined;

function manifestValidator(): ValidateFunction {
  validateManifest ??= createAjv().compile(JSON.parse(readFileSync(schemaFiles.moduleManifest, 'utf8')) as object);
  return validateManifest;
}

/** A version far beyond any real one: a range that accepts it has no upper bound. */
const UNBOUNDED_PROBE = '99999.0.0';

export interface CheckedManifest {
  manifest: ModuleManifest;
  /** Compiled payload validators of the events the module emits. */
  eventValidators: Map<string, ValidateFunction>;
  /** Compiled config validator (applies defaults), or null when the module takes no config. */
  configValidator: ValidateFunction | null;
}

/**
 * Checks one package's manifest against the schema and against the registry
 * entry that pins it. Pushes every problem found; returns null when the
 * manifest is too broken to check the module graph with.
 */
export async function checkManifest(
  pkg: ModulePackage,
  entry: RegistryEntry,
  index: number,
  kernelVersion: string,
  schemas: SchemaCompiler,
  problems: ContractProblem[],
): Promise<CheckedManifest | null> {
  const packageFile = path.join(pkg.shownDir, 'package.json');
  const at = (field: string) => ({ module: entry.id, file: packageFile, path: field });
  const { packageJson } = pkg;

  if (packageJson.name !== entry.package) {
    problems.push({
      code: ErrorCodes.PACKAGE_NAME_MISMATCH,
      message: `registry.json pins package "${entry.package}" but ${packageFile} is named ${JSON.stringify(packageJson.name)}.`,
      ...at('name'),
      expected: entry.package,
      received: String(packageJson.name),
      fix: `Correct "package" in registry.json (modules[${index}]) or "source" so they name the same package.`,
    });
  }
  if (packageJson.version !== entry.version) {
    problems.push({
      code: ErrorCodes.PACKAGE_VERSION_MISMATCH,
      message: `registry.json pins ${entry.package}@${entry.version} but the package is version ${JSON.stringify(packageJson.version)}.`,
      ...at('version'),
      expected: entry.version,
      received: String(packageJson.version),
      fix: `If the new version is intended, run \`rustok module pin ${entry.id}\`; otherwise install ${entry.package}@${entry.version}.`,
    });
  }
  if (packageJson.rustok === undefined) {
    problems.push({
      code: ErrorCodes.MANIFEST_MISSING,
      message: `${packageFile} has no "rustok" manifest, so it is not a RusToK module.`,
      ...at('rustok'),
      expected: 'a "rustok" object (see docs/module-authoring.md)',
      received: 'nothing',
      fix: 'Add the "rustok" field, or scaffold a module with `rustok module new <id>`.',
    });
    return null;
  }
  const validate = manifestValidator();
  if (!validate(packageJson.rustok)) {
    for (const violation of describeAjvErrors(validate.errors, packageJson.rustok, 'rustok')) {
      problems.push({
        code: ErrorCodes.MANIFEST_SCHEMA,
        message: `The manifest does not match its schema: ${violation.message}.`,
        ...at(violation.path),
        expected: violation.expected,
        received: violation.received,
        fix: 'Correct the field to match contracts/schemas/module-manifest.schema.json.',
      });
    }
    return null;
  }
  const manifest = packageJson.rustok as ModuleManifest;
  if (manifest.id !== entry.id) {
    problems.push({
      code: ErrorCodes.MANIFEST_ID_MISMATCH,
      message: `registry.json names this module "${entry.id}" but its manifest says "${manifest.id}".`,
      ...at('rustok.id'),
      expected: entry.id,
      received: manifest.id,
      fix: 'Use the manifest id in registry.json; ids derive schemas and prefixes and cannot be renamed by the operator.',
    });
  }
  const schema = schemaNameFor(manifest.id);
  if (schema === KERNEL_SCHEMA || schema === 'public' || schema === 'information_schema' || schema.startsWith('pg_')) {
    problems.push({
      code: ErrorCodes.MODULE_ID_RESERVED,
      message: `Module id "${manifest.id}" would own PostgreSQL schema "${schema}", which belongs to ${schema === KERNEL_SCHEMA ? 'the kernel' : 'PostgreSQL'}.`,
      ...at('rustok.id'),
      expected: `an id other than rustok, public, information_schema or pg_*`,
      received: manifest.id,
      fix: 'Rename the module (its id derives its schema, event and permission prefixes).',
    });
  }
  checkKernelRange(manifest, kernelVersion, at('rustok.kernel'), problems);
  checkPrefixes(manifest, at, problems);
  const eventValidators = await compileEventSchemas(pkg, manifest, at, schemas, problems);
  const configValidator = compileConfigSchema(manifest, at('rustok.config'), schemas, problems);
  return { manifest, eventValidators, configValidator };
}

function checkKernelRange(manifest: ModuleManifest, kernelVersion: string, where: Pick<ContractProblem, 'module' | 'file' | 'path'>, problems: ContractProblem[]): void {
  const range = manifest.kernel;
  if (semver.validRange(range) === null) {
    problems.push({
      code: ErrorCodes.KERNEL_RANGE_INVALID,
      message: `"kernel" is not a semver range: ${JSON.stringify(range)}.`,
      ...where,
      expected: `a range such as ^${kernelVersion}`,
      received: range,
      fix: `Set "kernel" to the range of kernel versions you tested with, e.g. "^${kernelVersion}".`,
    });
    return;
  }
  if (semver.satisfies(UNBOUNDED_PROBE, range)) {
    problems.push({
      code: ErrorCodes.KERNEL_RANGE_UNSPECIFIC,
      message: `"kernel": ${JSON.stringify(range)} is not specific enough: it accepts every future kernel, including breaking ones.`,
      ...where,
      expected: `a bounded range such as ^${kernelVersion}`,
      received: range,
      fix: `Set "kernel" to a range with an upper bound, e.g. "^${kernelVersion}".`,
    });
    return;
  }
  if (!semver.satisfies(kernelVersion, range, { includePrerelease: true })) {
    problems.push({
      code: ErrorCodes.KERNEL_RANGE_EXCLUDES,
      message: `The module supports kernel ${range}, but this kernel is ${kernelVersion}.`,
      ...where,
      expected: `a range that includes ${kernelVersion}`,
      received: range,
      fix: `Install a version of the module built for kernel ${kernelVersion}, or run a kernel in ${range}.`,
    });
  }
}

function checkPrefixes(manifest: ModuleManifest, at: (field: string) => Pick<ContractProblem, 'module' | 'file' | 'path'>, problems: ContractProblem[]): void {
  const prefix = `${manifest.id}.`;
  (manifest.permissions ?? []).forEach((permission, i) => {
    if (!permission.startsWith(prefix)) {
      problems.push({
        code: ErrorCodes.PERMISSION_PREFIX,
        message: `Permission "${permission}" is not prefixed with the module id.`,
        ...at(`rustok.permissions[${i}]`),
        expected: `${prefix}<resource>.<action>`,
        received: permission,
        fix: `Rename it to "${prefix}${permission.split('.').slice(1).join('.') || 'resource.action'}".`,
      });
    }
  });
  for (const name of Object.keys(manifest.events?.emits ?? {})) {
    if (!name.startsWith(prefix)) {
      problems.push({
        code: ErrorCodes.EVENT_NAME_PREFIX,
        message: `Emitted event "${name}" does not start with the module id; a module emits only its own events.`,
        ...at(`rustok.events.emits["${name}"]`),
        expected: `${prefix}<entity>.<verb>@<version>`,
        received: name,
        fix: `Rename the event to start with "${prefix}".`,
      });
    }
  }
}

async function compileEventSchemas(
  pkg: ModulePackage,
  manifest: ModuleManifest,
  at: (field: string) => Pick<ContractProblem, 'module' | 'file' | 'path'>,
  schemas: SchemaCompiler,
  problems: ContractProblem[],
): Promise<Map<string, ValidateFunction>> {
  const validators = new Map<string, ValidateFunction>();
  for (const [name, schemaPath] of Object.entries(manifest.events?.emits ?? {})) {
    const where = at(`rustok.events.emits["${name}"]`);
    const file = path.resolve(pkg.dir, schemaPath);
    const shown = path.join(pkg.shownDir, schemaPath);
    if (!file.startsWith(pkg.dir + path.sep)) {
      problems.push({ code: ErrorCodes.EVENT_SCHEMA_MISSING, message: `The schema of event "${name}" points outside the package: ${schemaPath}.`, ...where, expected: 'a path inside the package', received: schemaPath, fix: 'Keep event schemas inside the module package, e.g. events/<name>.schema.json.' });
      continue;
    }
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch {
      problems.push({
        code: ErrorCodes.EVENT_SCHEMA_MISSING,
        message: `Event "${name}" has no payload schema: ${shown} does not exist.`,
        ...where,
        expected: `a JSON schema file at ${shown}`,
        received: 'nothing',
        fix: `Create ${shown} describing the payload, or correct the path in the manifest.`,
      });
      continue;
    }
    try {
      validators.set(name, schemas.compile(JSON.parse(text) as object));
    } catch (error) {
      problems.push({
        code: ErrorCodes.EVENT_SCHEMA_INVALID,
        message: `The schema of event "${name}" (${shown}) is not a valid JSON schema: ${(error as Error).message}.`,
        ...where,
        file: shown,
        fix: 'Correct the schema file; it must be JSON and a valid draft-07 schema.',
      });
    }
  }
  return validators;
}

function compileConfigSchema(manifest: ModuleManifest, where: Pick<ContractProblem, 'module' | 'file' | 'path'>, schemas: SchemaCompiler, problems: ContractProblem[]): ValidateFunction | null {
  if (manifest.config === undefined) return null;
  try {
    return schemas.compile(manifest.config, { useDefaults: true });
  } catch (error) {
    problems.push({
      code: ErrorCodes.CONFIG_SCHEMA_INVALID,
      message: `"rustok.config" is not a valid JSON schema: ${(error as Error).message}.`,
      ...where,
      fix: 'Correct the config schema in the manifest.',
    });
    return null;
  }
}

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import t from 'tap';
import type { Registry } from '@rustok/contracts';
import { computePackageIntegrity } from '../src/registry/integrity';
import { writeRegistryFile } from '../src/registry/registry-file';
import { codes, fixtureProject, gate } from './helpers/fixture-project';

t.test('two modules that both claim a type in graphql.owns are refused as a type conflict', async (t) => {
  const project = await fixtureProject(t, ['r-widget-a', 'r-widget-b']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null, 'boot is refused');
  t.same(codes(problems), ['RTK_GRAPHQL_TYPE_CONFLICT']);
  t.has(problems[0], { module: 'r-widget-b', path: 'rustok.graphql.owns', expected: 'one owner', received: 'r-widget-a, r-widget-b' }, 'names both claimants, blames the later one');
});

t.test('the conflict blames the later claimant in registry.json, however long each package takes to check', async (t) => {
  const project = await fixtureProject(t, ['r-widget-a', 'r-widget-b']);
  // A large asset makes r-widget-a's package slower to hash than r-widget-b's; the report must not depend on that.
  const widgetA = path.join(project.root, 'modules', 'r-widget-a');
  await fs.mkdir(path.join(widgetA, 'assets'));
  await fs.writeFile(path.join(widgetA, 'assets', 'catalogue.bin'), Buffer.alloc(4 * 1024 * 1024, 7));
  const registry = JSON.parse(await fs.readFile(project.registryFile, 'utf8')) as Registry;
  for (const entry of registry.modules) if (entry.id === 'r-widget-a') entry.integrity = await computePackageIntegrity(widgetA);
  await writeRegistryFile(project.registryFile, registry);

  const reports = new Set<string>();
  for (let run = 0; run < 3; run++) {
    const { problems } = await gate(project.root);
    reports.add(JSON.stringify(problems.map(({ code, module, received }) => ({ code, module, received }))));
  }
  t.same(
    [...reports].map((report) => JSON.parse(report) as unknown),
    [[{ code: 'RTK_GRAPHQL_TYPE_CONFLICT', module: 'r-widget-b', received: 'r-widget-a, r-widget-b' }]],
    'one report, every run: claimants in registry order, the later one blamed',
  );
});

t.test('a module that claims a kernel type (PageInfo) in graphql.owns is refused as a type conflict with the kernel', async (t) => {
  const project = await fixtureProject(t, ['r-claims-page-info']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null);
  t.same(codes(problems), ['RTK_GRAPHQL_TYPE_CONFLICT']);
  t.equal(problems[0]?.module, 'r-claims-page-info');
  t.equal(problems[0]?.path, 'rustok.graphql.owns');
  t.equal(problems[0]?.received, 'kernel, r-claims-page-info');
});

t.test('a module whose typeDefs define a kernel type (PageInfo) without claiming it is refused as a type conflict', async (t) => {
  const project = await fixtureProject(t, ['r-defines-page-info']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null);
  t.same(codes(problems), ['RTK_GRAPHQL_TYPE_CONFLICT']);
  t.equal(problems[0]?.module, 'r-defines-page-info');
  t.equal(problems[0]?.expected, 'a type defined once');
  t.match(problems[0]?.received, /\bPageInfo\b/, 'names the type');
});

/**
 * bantin as a package (`npm install bantin`, then `npx bantin build` in a ward's own repository): the packed
 * file list holds what the CLI needs at run time, and everything src/ imports at run time is a dependency
 * (a ward's install gets no devDependencies). The full install-and-build check reaches the npm registry and
 * takes minutes: `npm run check:package` (scripts/check-package.ts).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO } from '../support/site.ts';

const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  files: string[];
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};

/** Package names imported at run time (not `import type`) by a TypeScript source. */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier)) {
      const named = node.importClause?.namedBindings;
      const onlyTypes = !node.importClause?.name && named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      if (!onlyTypes) found.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found
    .filter((s) => !s.startsWith('.') && !s.startsWith('node:') && !builtinModules.includes(s))
    .map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!));
}

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|js|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

describe('the bantin package', () => {
  it('packs the CLI, the sources, the theme and the deploy recipes, and no tests or sample content', () => {
    const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as { files: { path: string; mode: number }[] }[];
    const files = packed[0]!.files.map((f) => f.path);
    for (const needed of ['bin/bantin.js', 'package.json', 'tsconfig.json', 'src/cli/main.ts', 'src/build.ts', 'src/hosting/nginx.ts', 'templates/layouts/base.hbs', 'templates/assets/style.css', 'deploy/rsync/deploy.sh', 'deploy/nginx/bantin.conf', 'deploy/systemd/bantin-serve.service', '.gitlab-ci.yml', '.github/workflows/deploy-github-pages.yml']) {
      expect(files, needed).toContain(needed);
    }
    expect(files.filter((f) => /^(test|content|scripts|node_modules|dist|\.cache|\.data)\//.test(f))).toEqual([]);
    expect(files.filter((f) => f.startsWith('src/')).length).toBeGreaterThan(30);
  });

  it('runs its bin from an esbuild bundle, else through tsx, both run-time dependencies', () => {
    expect(pkg.bin['bantin']).toBe('bin/bantin.js');
    const bin = readFileSync(path.join(REPO, pkg.bin['bantin']!), 'utf8');
    expect(bin.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(bin).toContain("from '../src/cli/launch.mjs'");
    const launcher = readFileSync(path.join(REPO, 'src/cli/launch.mjs'), 'utf8');
    expect(launcher).toContain("import('tsx/esm/api')");
    expect(pkg.dependencies).toHaveProperty(['tsx']);
    expect(pkg.dependencies).toHaveProperty(['esbuild']);
    expect(pkg.scripts['check:package']).toContain('scripts/check-package.ts');
  });

  it('has every package that src/ and bin/ import at run time among its dependencies', () => {
    const missing = new Map<string, string[]>();
    for (const file of [...sources(path.join(REPO, 'src')), path.join(REPO, 'bin/bantin.js')]) {
      for (const name of runtimeImports(file)) {
        if (!(name in pkg.dependencies)) missing.set(name, [...(missing.get(name) ?? []), path.relative(REPO, file)]);
      }
    }
    expect(Object.fromEntries(missing)).toEqual({});
  });
});

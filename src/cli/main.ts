/**
 * The `bantin` command line: parses arguments with cac, dispatches to one module per command and turns
 * the outcome into an exit code (0 success, 1 content errors, 2 usage errors).
 */
import { cac, type CAC } from 'cac';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../cache/source-tree.mjs';
import { commands } from './commands/index.ts';

/** Exit code for a wrong invocation (unknown command or option, bad value). */
export const EXIT_USAGE = 2;

/** A user mistake on the command line: reported in one line with the usage hint, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

function version(): string {
  const pkg = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * Runs the CLI with the given arguments (without `node` and the script) and resolves to the exit code.
 * Never calls `process.exit`, so tests can call it in-process.
 */
export async function main(argv: string[]): Promise<number> {
  const cli: CAC = cac('bantin');
  for (const command of commands) command.register(cli);
  // cac marks `--no-x` flags "(default: true)", which reads as if the flag were on by default.
  cli.help((sections) => sections.map((section) => ({ ...section, body: section.body.replace(/ \(default: true\)$/gm, '') })));
  cli.version(version());
  try {
    cli.parse(['node', 'bantin', ...argv], { run: false });
    if (cli.options['help'] || cli.options['version']) return 0;
    if (!cli.matchedCommand) {
      const name = cli.args[0];
      process.stderr.write(
        name === undefined
          ? 'bantin: no command given. Run `bantin --help` for the list of commands.\n'
          : `bantin: unknown command "${name}". Run \`bantin --help\` for the list of commands.\n`,
      );
      return EXIT_USAGE;
    }
    const code: unknown = await cli.runMatchedCommand();
    return typeof code === 'number' ? code : 0;
  } catch (error) {
    if (error instanceof UsageError || (error instanceof Error && error.name === 'CACError')) {
      process.stderr.write(`bantin: ${error.message}. Run \`bantin ${cli.matchedCommandName ?? ''} --help\`.\n`.replace('  ', ' '));
      return EXIT_USAGE;
    }
    throw error;
  }
}

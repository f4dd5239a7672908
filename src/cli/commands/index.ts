/** The list of CLI commands; each module registers itself on the cac instance. */
import type { CAC } from 'cac';
import { buildCommand } from './build.ts';
import { checkCommand } from './check.ts';
import { devCommand } from './dev.ts';
import { newCommand } from './new.ts';
import { importCommand } from './import.ts';
import { serveCommand } from './serve.ts';

/** One CLI command: registers its name, options and action (resolving to an exit code) on cac. */
export interface Command {
  register(cli: CAC): void;
}

/** Every command of `bantin`, in the order `--help` lists them. */
export const commands: Command[] = [buildCommand, checkCommand, devCommand, newCommand, importCommand, serveCommand];

#!/usr/bin/env node
// Runs the command line from a bundle of the TypeScript sources, or the sources themselves through tsx (see
// src/cli/launch.mjs): the package needs no compile step.
import { loadCli } from '../src/cli/launch.mjs';

const { main } = await loadCli();
process.exitCode = await main(process.argv.slice(2));

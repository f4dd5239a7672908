/**
 * `bantin check`: every validation of a build (config, front matter, categories, duplicate URLs, links and images
 * that point nowhere, templates) without writing anything; exit 1 with all messages. Fit for a pre-commit hook.
 */
import type { CAC } from 'cac';
import { build } from '../../build.ts';
import type { Command } from './index.ts';
import { reportResult, siteOptions, withProgress, type SiteFlags } from '../site-options.ts';
import { verbosityOf } from '../progress.ts';

/** The `check` command. */
export const checkCommand: Command = {
  register(cli: CAC) {
    cli
      .command('check', 'Check the site for errors without writing any output (exit 1 with every message)')
      .option('--root <dir>', 'Site folder holding content/ and site.config.yaml', { default: '.' })
      .option('--base-url <url>', 'Override baseUrl from site.config.yaml')
      .option('--drafts', 'Also check the links of articles marked draft: true, as if published')
      .option('--future', 'Also check articles dated in the future, as if published')
      .option('--quiet', 'Print only errors')
      .option('--verbose', 'Also print what would be published')
      .example('bantin check --root ../phuong-cu-khoi')
      .action(async (flags: SiteFlags & { quiet?: boolean; verbose?: boolean }) => {
        const started = performance.now();
        const verbosity = verbosityOf(flags);
        const result = await withProgress('Checking', verbosity, (onProgress) => build({ ...siteOptions(flags), now: new Date(), write: false, onProgress }));
        return reportResult(result, { ...verbosity, started, verb: 'Checked' });
      });
  },
};

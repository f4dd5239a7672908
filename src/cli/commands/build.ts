/** `bantin build`: builds the site into the output folder; exit 1 with every message on content errors. */
import type { CAC } from 'cac';
import { build } from '../../build.ts';
import type { Command } from './index.ts';
import { reportResult, siteOptions, type SiteFlags } from '../site-options.ts';

/** The `build` command. */
export const buildCommand: Command = {
  register(cli: CAC) {
    cli
      .command('build', 'Build the site into the output folder')
      .option('--root <dir>', 'Site folder holding content/ and site.config.yaml', { default: '.' })
      .option('--out <dir>', 'Output folder (default: <root>/dist)')
      .option('--base-url <url>', 'Override baseUrl from site.config.yaml')
      .option('--drafts', 'Include articles marked draft: true')
      .option('--future', 'Include articles dated in the future')
      .option('--precompress', 'Also write .gz and .br copies of text files (for nginx gzip_static, GitLab Pages)')
      .option('--quiet', 'Print only errors')
      .action(async (flags: SiteFlags & { quiet?: boolean; precompress?: boolean }) => {
        const started = performance.now();
        const result = await build({ ...siteOptions(flags), now: new Date(), precompress: flags.precompress === true });
        return reportResult(result, { quiet: flags.quiet ?? false, started, verb: 'Built' });
      });
  },
};

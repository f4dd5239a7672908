/** Importing saved pages of an old ward portal into Markdown articles (`bantin import`). */
export * from './import-options.ts';
export * from './import-config.ts';
export * from './local-date.ts';
export * from './find-views.ts';
export * from './find-authors.ts';
export * from './old-url.ts';
export * from './decode-html.ts';
export * from './clean-body.ts';
export * from './body-to-markdown.ts';
export * from './parse-portal-page.ts';
export * from './serialize-article.ts';
export * from './plan-import.ts';
export * from './run-import.ts';

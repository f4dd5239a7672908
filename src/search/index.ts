/** Site search: the index built with the site, and the engine that searches it in the reader's browser. */
export * from './format.ts';
export * from './build-index.ts';
export * from './search-outputs.ts';
export * from './query.ts';
export * from './engine.ts';
export * from './snippet.ts';
export * from './sources.ts';

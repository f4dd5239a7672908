/**
 * Entry of a render worker thread. Worker threads do not always inherit the TypeScript loader of the main thread
 * (bin/bantin.js registers tsx through its API, which applies to the thread that calls it), so this plain module
 * registers tsx when the TypeScript tasks cannot be imported without it, then hands piscina the task functions.
 */
let task;
try {
  task = await import('./render-task.ts');
} catch (cause) {
  if (cause?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw cause;
  const { register } = await import('tsx/esm/api');
  register();
  // A new specifier: the failed import above stays cached under the plain one.
  task = await import('./render-task.ts?tsx');
}

export default task.renderBatch;
export const searchIndex = task.searchIndex;

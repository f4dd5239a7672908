/** Process signals for the long-running commands (`dev`, `serve`). */

/** Resolves at the first SIGINT (Ctrl+C) or SIGTERM, so the command can close its servers and exit 0. */
export function untilStopped(): Promise<void> {
  return new Promise<void>((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

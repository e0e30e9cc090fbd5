/**
 * `npx postflight …` runs npm → sh → node: a SIGTERM to npx ends npm (and sh) but never reaches
 * node, which is left orphaned, holding its port and its temporary files. The process that
 * launched us is gone when our parent changes (the orphan is adopted by init or a subreaper):
 * then we send ourselves the SIGTERM that never arrived, so every command stops the way it stops
 * on a real one (the sandbox shuts down, a run is interrupted).
 */
const CHECK_EVERY_MS = 500;

export function stopWhenLauncherGone(onGone: (launcherPid: number) => void = signalSelf): () => void {
  const launcher = process.ppid;
  // Started by init itself (a daemon, a container's entry point): there is no launcher to outlive.
  if (launcher <= 1) return () => {};
  const timer = setInterval(() => {
    if (process.ppid === launcher) return;
    clearInterval(timer);
    onGone(launcher);
  }, CHECK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

function signalSelf(launcherPid: number): void {
  // Whoever read our output may be gone with the launcher: a closed pipe must not crash the shutdown.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
  process.stderr.write(`\npostflight: the process that launched it (pid ${launcherPid}) is gone; stopping as on SIGTERM.\n`);
  process.kill(process.pid, 'SIGTERM');
}

/** Processes to stand for a run's holder: one that is alive (sleeping) and one that has exited. */
import { spawn, spawnSync } from 'node:child_process';

/** A child that sleeps until stopped: a live run on this host, as far as a pid check can tell. */
export function sleepingChild(): { pid: number; stop: () => void } {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600_000)'], { stdio: 'ignore' });
  if (child.pid === undefined) throw new Error('could not start a sleeping child');
  return { pid: child.pid, stop: () => child.kill('SIGKILL') };
}

/** The pid of a child that has run and exited: a run whose process is gone. */
export function exitedPid(): number {
  const pid = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error('could not learn an exited pid');
  return pid;
}

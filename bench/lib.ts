import { readFileSync } from 'node:fs';

/** The peak resident memory of a process (VmHWM), in MiB; 0 once the process is gone. */
export function peakRssMiB(pid: number): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
}

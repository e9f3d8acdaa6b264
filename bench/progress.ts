/**
 * Progress on stderr: a bar in a terminal, plain lines otherwise (one per phase change), so stdout
 * stays for the table or the one JSON object.
 */
import cliProgress from 'cli-progress';

export interface BenchProgress {
  /** A new stretch of work: `label` (the size), `total` units. */
  start(label: string, total: number): void;
  /** Work done so far in this stretch, and what is being done. */
  update(done: number, phase: string): void;
  stop(): void;
  /** A line of its own (a warning or a note), without breaking the bar. */
  note(line: string): void;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr): BenchProgress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: '{label} [{bar}] {percentage}% | {phase}',
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    let active = false;
    return {
      start(label, total) {
        if (active) bar.stop();
        bar.start(total, 0, { label: label.padEnd(6), phase: 'starting' });
        active = true;
      },
      update(done, phase) {
        bar.update(done, { phase });
      },
      stop() {
        if (active) bar.stop();
        active = false;
      },
      note(line) {
        if (active) {
          stream.write('\n' + line + '\n');
        } else stream.write(line + '\n');
      },
    };
  }
  let label = '';
  let last = '';
  let started = performance.now();
  return {
    start(l) {
      label = l;
      last = '';
      started = performance.now();
    },
    update(_done, phase) {
      const head = phase.replace(/\s*\(.*$/, '').replace(/\s+\d+\/\d+$/, '');
      if (head === last) return;
      last = head;
      stream.write(`[bench ${label}] ${head} (+${Math.round((performance.now() - started) / 1000)} s)\n`);
    },
    stop() {
      if (label)
        stream.write(`[bench ${label}] done in ${Math.round((performance.now() - started) / 1000)} s\n`);
      label = '';
    },
    note(line) {
      stream.write(line + '\n');
    },
  };
}

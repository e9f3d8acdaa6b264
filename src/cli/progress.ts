/**
 * Progress of long work in a terminal: a bar per phase when the stream is a TTY (cli-progress), and
 * plain lines otherwise (CI logs, pipes): one when a phase starts and one at each quarter of it.
 */
import cliProgress from 'cli-progress';
import type { Progress } from '../serve/store.js';

export interface ProgressView {
  update(p: Progress): void;
  /** Ends the bar (if any); later updates are ignored. */
  stop(): void;
}

const LABELS: Record<Progress['phase'], string> = {
  fetching: 'Fetching the page',
  reading: 'Reading articles',
  parsing: 'Reading articles',
  indexing: 'Indexing paragraphs',
  entities: 'Names, dates, quotes',
  saving: 'Saving the index',
  loading: 'Loading the index',
  swapping: 'Switching over',
};

export function progressView(
  stream: NodeJS.WriteStream = process.stderr,
  tty: boolean = !!stream.isTTY,
): ProgressView {
  return tty ? barView(stream) : lineView(stream);
}

function barView(stream: NodeJS.WriteStream): ProgressView {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: '{label} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}',
      hideCursor: true,
      barsize: 30,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  let phase: string | undefined;
  let stopped = false;
  return {
    update(p) {
      if (stopped) return;
      const label = LABELS[p.phase].padEnd(20);
      const total = Math.max(p.total, 1);
      if (phase !== p.phase) {
        if (phase !== undefined) bar.stop();
        phase = p.phase;
        bar.start(total, Math.min(p.done, total), { label });
      } else {
        bar.setTotal(total);
        bar.update(Math.min(p.done, total), { label });
      }
    },
    stop() {
      if (!stopped && phase !== undefined) bar.stop();
      stopped = true;
    },
  };
}

function lineView(stream: NodeJS.WritableStream): ProgressView {
  let phase: string | undefined;
  let quarter = -1;
  let stopped = false;
  return {
    update(p) {
      if (stopped) return;
      const q = p.total > 0 ? Math.floor((4 * Math.min(p.done, p.total)) / p.total) : 0;
      if (p.phase === phase && q <= quarter) return;
      if (p.phase !== phase) {
        phase = p.phase;
        quarter = -1;
      }
      // One line per quarter reached; a jump from 0 to done prints the last quarter reached.
      quarter = q;
      const pct = p.total > 0 ? Math.round((100 * Math.min(p.done, p.total)) / p.total) : 0;
      stream.write(`${LABELS[p.phase]}: ${pct}% (${p.done}/${p.total})\n`);
    },
    stop() {
      stopped = true;
    },
  };
}

/**
 * When the build worker saves its work (src/serve/build-work.ts `WorkSaves`): once builds pause,
 * at once when asked (a closing store), and again later when a build stopped a save under way.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WorkSaves } from '../../src/serve/build-work.js';

describe('WorkSaves', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** A save that takes until `finish` is called, and says whether it was stopped by then. */
  function recorder() {
    const saves: { file: string; stop: () => boolean; finish: () => void }[] = [];
    const workSaves = new WorkSaves(
      (file, stop) =>
        new Promise<boolean>((resolve) => {
          saves.push({ file, stop, finish: () => resolve(!stop()) });
        }),
    );
    return { saves, workSaves };
  }

  it('saves once builds pause, not after each', async () => {
    const { saves, workSaves } = recorder();
    workSaves.built('index');
    await vi.advanceTimersByTimeAsync(1_000);
    workSaves.hold(); // the next build
    workSaves.built('index');
    await vi.advanceTimersByTimeAsync(2_500);
    expect(saves).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(saves.map((s) => s.file)).toEqual(['index']);
  });

  it('saves at once when asked, and not at all with nothing saved', async () => {
    const { saves, workSaves } = recorder();
    workSaves.now();
    workSaves.built(); // a build that saved nothing
    await vi.advanceTimersByTimeAsync(10_000);
    expect(saves).toHaveLength(0);
    workSaves.built('index');
    workSaves.now();
    expect(saves).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(saves).toHaveLength(1);
  });

  it('stops a save when a build comes, and saves again after it', async () => {
    const { saves, workSaves } = recorder();
    workSaves.built('index');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(saves).toHaveLength(1);
    workSaves.hold(); // a build comes while the save encodes
    expect(saves[0]!.stop()).toBe(true);
    saves[0]!.finish();
    await vi.advanceTimersByTimeAsync(0);
    workSaves.built(); // that build saved nothing of its own: the stopped save is still owed
    await vi.advanceTimersByTimeAsync(5_000);
    expect(saves).toHaveLength(2);
    expect(saves[1]!.stop()).toBe(false);
  });
});

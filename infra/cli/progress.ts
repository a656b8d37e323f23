/**
 * A one-line progress display on a terminal's stderr (nothing when stderr is not a TTY, so
 * `--json` output and logs stay clean). Shows a bar when the total is known, a count otherwise.
 */
export interface Progress {
  update(processed: number): void;
  done(): void;
}

export function createProgress(label: string, total: number | undefined, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update: () => undefined, done: () => undefined };
  const started = Date.now();
  let last = 0;
  const render = (processed: number): void => {
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    const rate = Math.round(processed / seconds).toLocaleString('en-US');
    let line: string;
    if (total !== undefined && total > 0) {
      const ratio = Math.min(processed / total, 1);
      const width = 30;
      const filled = Math.round(ratio * width);
      line = `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(ratio * 100)}% ${processed.toLocaleString('en-US')}/${total.toLocaleString('en-US')} records, ${rate}/s`;
    } else {
      line = `${label}: ${processed.toLocaleString('en-US')} records, ${rate}/s`;
    }
    stream.write(`\r${line.slice(0, (stream.columns ?? 120) - 1)}\x1b[K`);
  };
  return {
    update(processed) {
      // Redraw at most ten times a second.
      if (Date.now() - last < 100) return;
      last = Date.now();
      render(processed);
    },
    done() {
      stream.write('\r\x1b[K');
    },
  };
}

/**
 * "Did you mean …?" for names typed by hand in chat, on the command line or in a JSON file.
 */

/** Edit distance (insertions, deletions, substitutions) between two strings. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  // Two rolling rows keep memory linear in the shorter string.
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length];
}

/**
 * The candidate closest to `input`, compared case-insensitively. A candidate whose last dotted
 * segment equals the input wins outright, because people often type only the leaf
 * (`activationWindowDays` for `timeframes.activationWindowDays`). Ties go to the earlier candidate
 * so the answer is stable. Undefined only when there are no candidates.
 */
export function closestName(input: string, candidates: readonly string[]): string | undefined {
  const wanted = input.trim().toLowerCase();
  const leafMatches = candidates.filter((c) => c.toLowerCase().split('.').pop() === wanted);
  if (leafMatches.length === 1) return leafMatches[0];
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = levenshtein(wanted, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

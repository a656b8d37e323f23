/**
 * Where in the run a step executes: the path prefix of its container and the loop iterations
 * around it (innermost last). Paths name every container and iteration on the way, so a step has
 * one path per execution: `Scope/Apply_to_each[2]/Until_done[0]/Send_an_email`.
 */
export interface LoopFrame {
  /** The loop action's name (Foreach or Until). */
  readonly name: string;
  readonly index: number;
  /** Foreach only: the current item. */
  readonly item?: { readonly value: unknown };
}

export interface Frame {
  readonly prefix: string;
  readonly loops: readonly LoopFrame[];
}

export const ROOT_FRAME: Frame = { prefix: '', loops: [] };

export function stepPath(frame: Frame, name: string): string {
  return `${frame.prefix}${name}`;
}

/** The frame for the actions inside a Scope, If or Switch whose own path is `path`. */
export function innerFrame(frame: Frame, path: string): Frame {
  return { prefix: `${path}/`, loops: frame.loops };
}

/** The frame for one iteration of the loop at `path`. */
export function iterationFrame(frame: Frame, path: string, loop: LoopFrame): Frame {
  return { prefix: `${path}[${loop.index}]/`, loops: [...frame.loops, loop] };
}

/** Loop name → index, for the step record (`iterationIndexes` in run history). */
export function iterationIndexes(frame: Frame): Record<string, number> | undefined {
  if (frame.loops.length === 0) return undefined;
  return Object.fromEntries(frame.loops.map((l) => [l.name, l.index]));
}

import type { FlowStepRecord } from './run-records';

/**
 * Keeps step records within the store's comfortable size (Cosmos items top out at 2 MB). A record
 * whose JSON exceeds `maxChars` is stored with its heaviest parts replaced by a marker, in this
 * order until it fits: outputs, inputs, decision, subscription. The walk that produced it keeps
 * the full values in memory; a later resume cannot reuse such a step and fails it instead
 * (code OutputsTooLargeToResume), since continuing without the dropped values would be guessing.
 */
const DROPPABLE = ['outputs', 'inputs', 'decision', 'subscription'] as const;

export function fitRecord(record: FlowStepRecord, maxChars: number): FlowStepRecord {
  let size = JSON.stringify(record).length;
  if (size <= maxChars) return record;
  let fitted: FlowStepRecord = record;
  const dropped: string[] = [...(record.truncated ?? [])];
  for (const key of DROPPABLE) {
    const value = fitted[key];
    if (value === undefined) continue;
    const chars = JSON.stringify(value).length;
    fitted = { ...fitted, [key]: { truncated: true, chars } };
    if (!dropped.includes(key)) dropped.push(key);
    fitted = { ...fitted, truncated: dropped };
    size = JSON.stringify(fitted).length;
    if (size <= maxChars) break;
  }
  return fitted;
}

// Trace event kinds: a name and the names of up to four numeric fields. A kind's hash comes from
// its name, not its registration order, so the trace hash does not depend on module load order.

export const TRACE_FIELDS = 4;

export interface TraceKind {
  /** Index in this process's registry; used for dispatch and storage, never hashed. */
  readonly id: number;
  readonly name: string;
  readonly fields: readonly string[];
  /** 32-bit hash of the name, mixed into the trace hash. */
  readonly nameHash: number;
}

const registry: TraceKind[] = [];
const byName = new Map<string, TraceKind>();

export function defineTraceKind(name: string, fields: readonly string[]): TraceKind {
  if (fields.length > TRACE_FIELDS) throw new RangeError(`trace kind ${name}: at most ${TRACE_FIELDS} fields`);
  const existing = byName.get(name);
  if (existing !== undefined) {
    if (existing.fields.join(',') !== fields.join(',')) throw new Error(`trace kind ${name} defined twice with different fields`);
    return existing;
  }
  const kind: TraceKind = { id: registry.length, name, fields: [...fields], nameHash: hashString(name) };
  registry.push(kind);
  byName.set(name, kind);
  return kind;
}

export function traceKindById(id: number): TraceKind {
  const kind = registry[id];
  if (kind === undefined) throw new RangeError(`unknown trace kind id ${id}`);
  return kind;
}

export function traceKindByName(name: string): TraceKind | undefined {
  return byName.get(name);
}

/** 32-bit FNV-1a over UTF-16 code units. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

// YAML text to a plain mapping, within explicit limits: nesting depth (checked on the syntax tree
// before anything recursive runs: the yaml library overflows the stack, or worse, on thousands
// of levels), alias expansion (a "billion laughs" document of a few hundred bytes expands to
// gigabytes), one document, and a mapping at the top.
import { CST, isAlias, isCollection, isNode, LineCounter, parseDocument, Parser, visit, type Document, type Node } from 'yaml';
import { InputError } from './errors.js';

/** Nested collections a document may have; a scenario needs four. */
export const MAX_NESTING_DEPTH = 64;
/** Alias expansions the yaml library may make (its own default, set here so it is a stated cap). */
const MAX_ALIAS_COUNT = 100;

/** Parses `text` as one YAML document whose top level is a mapping; `file` names it in errors. */
export function parseYamlMapping(text: string, file: string): Record<string, unknown> {
  if (nestingDepthOver(text, MAX_NESTING_DEPTH)) {
    throw new InputError('BAD_YAML', `${file}: nested more than ${MAX_NESTING_DEPTH} levels deep; a scenario needs a handful`);
  }
  const lines = new LineCounter();
  // Without the YAML 1.1 tags: !!set made a Set, which read as an empty mapping (users: !!set {a} took every default).
  const document = parseDocument(text, { lineCounter: lines, resolveKnownTags: false });
  const error = document.errors[0];
  if (error !== undefined) {
    if (error.code === 'MULTIPLE_DOCS') throw new InputError('BAD_YAML', `${file}: holds several YAML documents (---); a scenario is one`);
    const where = error.linePos?.[0] ? `:${error.linePos[0].line}:${error.linePos[0].col}` : '';
    throw new InputError('BAD_YAML', `${file}${where}: malformed YAML: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  if (document.contents === null) {
    throw new InputError('BAD_YAML', `${file}: is empty (no YAML content); write {} for a scenario with every default`);
  }
  const complexKey = firstComplexKey(document);
  if (complexKey !== undefined) {
    const at = complexKey.range === undefined || complexKey.range === null ? undefined : lines.linePos(complexKey.range[0]);
    const where = at === undefined ? '' : `:${at.line}:${at.col}`;
    throw new InputError('BAD_YAML', `${file}${where}: a key that is a list or mapping (${String(complexKey).slice(0, 40)}); scenario keys are names`);
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // The yaml library throws a ReferenceError for an excessive or unresolvable alias.
    if (!(error instanceof ReferenceError)) throw error;
    throw new InputError('BAD_YAML', `${file}: aliases expand too far (${error.message}); at most ${MAX_ALIAS_COUNT} alias expansions`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError('BAD_YAML', `${file}: the top level is ${describeValue(value)}; expected a mapping of scenario fields (e.g. durationMs: 60000)`);
  }
  return value as Record<string, unknown>;
}

/** The first mapping key that is a collection: the yaml library turns it into a string and warns on stderr. */
function firstComplexKey(document: Document): Node | undefined {
  let found: Node | undefined;
  visit(document, {
    Pair(_key, pair) {
      const key = isAlias(pair.key) ? pair.key.resolve(document) : pair.key;
      if (!isNode(pair.key) || !isCollection(key)) return undefined;
      found = pair.key;
      return visit.BREAK;
    },
  });
  return found;
}

/** Whether any collection in the text sits more than `maxDepth` collections deep. */
function nestingDepthOver(text: string, maxDepth: number): boolean {
  let over = false;
  for (const token of new Parser().parse(text)) {
    if (token.type !== 'document') continue;
    // The visit is depth-first and stops at the first item too deep, so it never recurses far.
    CST.visit(token, (_item, path) => {
      if (path.length <= maxDepth) return undefined;
      over = true;
      return CST.visit.BREAK;
    });
  }
  return over;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
  return `a ${typeof value} (${String(value)})`;
}

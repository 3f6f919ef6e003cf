// Mutation testing of the oracle: small edits to the compiled system (dist/system/*.js), one at a
// time, each run against every named scenario (one plain seed, one swarm seed). A mutant no run fails
// is a bug the oracle cannot see, unless it changed nothing the runs can see: a survivor whose runs
// took as many events as the correct system's is most likely an edit of code that does not matter
// (a field start() sets again, a branch no run reaches); one whose event count differs changed the
// system's behaviour and broke no rule, and is the one to read.
//
//   npm run build
//   node scripts/mutate.mjs list [--file sendSvr]... [--json] how many mutants per file (--json: each one)
//   node scripts/mutate.mjs run --out m.jsonl [--file F]... [--id sendSvr#17]...
//                                                           runs them; resumable (skips ids in --out)
//   node scripts/mutate.mjs report m.jsonl                  caught and survived per file, and every
//                                                           survivor that changed behaviour
//
// The edits: a comparison or logical operator swapped (< and <=, === and !==, && and ||, + and -),
// a number moved by one, a ! dropped, an if negated, a call or assignment deleted, a returned boolean
// flipped. Trace emits, crash points and the planted-bug switches are left alone. Each mutant runs in
// a child process on a scratch copy of dist/ (restored after each), about 6 s for a survivor here.
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as acorn from 'acorn';
import { ancestor } from 'acorn-walk';

const ROOT = resolve(import.meta.dirname, '..');
const SYSTEM = join(ROOT, 'dist', 'system');
/** A mutant's runs that take this many times the correct system's (or 20 s) count as a hang. */
const HANG_FACTOR = 10;
const HANG_MIN_MS = 20_000;
/**
 * Modules that are not the system under test: its knobs and presets, its workload, the trace's
 * vocabulary, message sizes, the planted bugs, and the platform push services (the world's, and
 * best-effort by contract: one that drops every push breaks no promise of the system's).
 */
const NOT_SYSTEM = new Set(['config', 'crashPoints', 'events', 'index', 'mutants', 'platformPush', 'presets', 'wire', 'wireSizes', 'workload']);
const SWAP = { '<': '<=', '<=': '<', '>': '>=', '>=': '>', '===': '!==', '!==': '===', '&&': '||', '||': '&&', '+': '-', '-': '+', '??': '&&' };

/** Every mutant of the compiled system files named (all when none), in file order. */
function mutants(files) {
  const names = readdirSync(SYSTEM)
    .filter((f) => f.endsWith('.js'))
    .map((f) => f.slice(0, -3))
    .filter((name) => !NOT_SYSTEM.has(name) && (files.length === 0 || files.includes(name)))
    .sort();
  const out = [];
  for (const name of names) {
    const file = `system/${name}.js`;
    const src = readFileSync(join(ROOT, 'dist', file), 'utf8');
    const lines = src.split('\n');
    const lineOf = (pos) => src.slice(0, pos).split('\n').length;
    const isEmit = (node) => node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && node.callee.property.name === 'emit';
    // Trace emits say what happened (mutating them tests the oracle's input, not the system), the
    // planted bugs' switches are the catalogue's own, and crash points are where faults strike.
    const skip = (node, ancestors) => /mutants|import |export \{|crashPoint\(/.test(lines[lineOf(node.start) - 1]) || ancestors.some(isEmit);
    let k = 0;
    const add = (start, end, text, kind) => {
      const line = lineOf(start);
      out.push({ id: `${name}#${k++}`, file, start, end, text, kind, line, orig: src.slice(start, end), code: lines[line - 1].trim().slice(0, 160) });
    };
    const swapOperator = (node, _state, ancestors) => {
      const swap = SWAP[node.operator];
      if (swap === undefined || skip(node, ancestors)) return;
      const at = src.indexOf(node.operator, node.left.end);
      add(at, at + node.operator.length, swap, 'op');
    };
    ancestor(acorn.parse(src, { ecmaVersion: 'latest', sourceType: 'module' }), {
      BinaryExpression: swapOperator,
      LogicalExpression: swapOperator,
      UnaryExpression(node, _state, ancestors) {
        if (node.operator === '!' && !skip(node, ancestors)) add(node.start, node.argument.start, '', 'not');
      },
      Literal(node, _state, ancestors) {
        if (typeof node.value !== 'number' || skip(node, ancestors)) return;
        add(node.start, node.end, String(node.value + 1), 'num');
        if (node.value > 0) add(node.start, node.end, String(node.value - 1), 'num');
      },
      IfStatement(node, _state, ancestors) {
        if (!skip(node, ancestors)) add(node.test.start, node.test.end, `!(${src.slice(node.test.start, node.test.end)})`, 'negate-if');
      },
      ExpressionStatement(node, _state, ancestors) {
        const e = node.expression;
        const deletable = (e.type === 'CallExpression' && !isEmit(e)) || e.type === 'AssignmentExpression' || e.type === 'UpdateExpression';
        if (deletable && !skip(node, ancestors)) add(node.start, node.end, ';', 'delete');
      },
      ReturnStatement(node, _state, ancestors) {
        const a = node.argument;
        if (a?.type === 'Literal' && typeof a.value === 'boolean' && !skip(node, ancestors)) add(a.start, a.end, String(!a.value), 'ret-bool');
      },
    });
  }
  return out;
}

/** Child mode: the runs against the dist in `dir`; prints the first failure, or the events of all. */
async function judge(dir) {
  const { runScenario } = await import(join(dir, 'dist', 'api.js'));
  const { scenarioNames } = await import(join(dir, 'dist', 'scenario', 'load.js'));
  let events = 0;
  let runs = 0;
  for (const [i, name] of scenarioNames().entries()) {
    for (const swarm of [false, true]) {
      const seed = String(swarm ? 100 + i : 1);
      let report;
      try {
        report = runScenario(name, { seed, swarm });
      } catch (e) {
        return { caught: 'exception', run: [name, seed, swarm], message: String(e?.message ?? e).slice(0, 200) };
      }
      runs++;
      events += report.events;
      if (report.outcome !== 'passed') return { caught: report.outcome, run: [name, seed, swarm], invariants: report.invariants.filter((v) => !v.ok).map((v) => v.name) };
    }
  }
  return { survived: true, runs, events };
}

/** Runs the child on the scratch dist as it stands now, for at most `timeoutMs`. */
function runChild(scratch, timeoutMs) {
  const child = spawnSync(process.execPath, ['--single-threaded-gc', import.meta.filename, 'judge', scratch], { timeout: timeoutMs, encoding: 'utf8', maxBuffer: 1 << 24 });
  try {
    return JSON.parse(child.stdout.trim().split('\n').pop());
  } catch {
    return { caught: child.error?.code === 'ETIMEDOUT' || child.signal !== null ? 'timeout' : 'crash', stderr: (child.stderr ?? '').slice(0, 300) };
  }
}

function run({ out, file, id }) {
  if (out === undefined) throw new Error('run needs --out <file.jsonl>');
  const all = mutants(file);
  const wanted = id.length === 0 ? all : all.filter((m) => id.includes(m.id));
  const done = new Set(results(out).map((r) => r.id));
  // Beside --out, so a run stopped with Ctrl-C leaves it where the next run (which goes on from the
  // results so far) clears it.
  const scratch = `${out}.scratch`;
  const removeScratch = () => rmSync(scratch, { recursive: true, force: true });
  removeScratch();
  mkdirSync(scratch);
  try {
    cpSync(join(ROOT, 'dist'), join(scratch, 'dist'), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(scratch, 'package.json'));
    for (const link of ['node_modules', 'scenarios']) symlinkSync(join(ROOT, link), join(scratch, link));
    let control = results(out).find((r) => r.id === 'control');
    if (control === undefined) {
      const t0 = Date.now();
      control = { id: 'control', ...runChild(scratch, 600_000), ms: Date.now() - t0 };
      if (!control.survived) throw new Error(`the correct system failed: ${JSON.stringify(control)}`);
      appendFileSync(out, JSON.stringify(control) + '\n');
    }
    const hangMs = Math.max(HANG_MIN_MS, HANG_FACTOR * control.ms);
    const todo = wanted.filter((m) => !done.has(m.id));
    for (const [i, m] of todo.entries()) {
      const path = join(scratch, 'dist', m.file);
      const original = readFileSync(path, 'utf8');
      writeFileSync(path, original.slice(0, m.start) + m.text + original.slice(m.end));
      const t0 = Date.now();
      const verdict = runChild(scratch, hangMs);
      writeFileSync(path, original);
      appendFileSync(out, JSON.stringify({ id: m.id, file: m.file, line: m.line, ms: Date.now() - t0, ...verdict }) + '\n');
      process.stderr.write(`mutate: ${i + 1}/${todo.length} ${m.file}:${m.line} ${verdict.survived ? 'survived' : 'caught'}\n`);
    }
  } finally {
    removeScratch();
  }
}

/** The results written to `path` so far. */
function results(path) {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)) : [];
}

function report(path) {
  const all = results(path);
  const control = all.find((r) => r.id === 'control');
  if (control === undefined) throw new Error(`${path} has no control run`);
  const byId = new Map(mutants([]).map((m) => [m.id, m]));
  const perFile = new Map();
  const changed = [];
  for (const r of all) {
    if (r.id === 'control') continue;
    const row = perFile.get(r.file) ?? { mutants: 0, caught: 0, survived: 0, changed: 0 };
    perFile.set(r.file, row);
    row.mutants++;
    if (!r.survived) row.caught++;
    else {
      row.survived++;
      if (r.events !== control.events) {
        row.changed++;
        changed.push({ ...r, mutant: byId.get(r.id) });
      }
    }
  }
  console.log(`control: ${control.runs} runs, ${control.events.toLocaleString('en-US')} events`);
  console.log('file'.padEnd(24) + 'mutants  caught  survived  behaviour changed');
  for (const [file, row] of [...perFile].sort()) console.log(file.padEnd(24) + [row.mutants, row.caught, row.survived, row.changed].map((n) => String(n).padStart(7)).join(' '));
  if (changed.length > 0) console.log('\nsurvivors that changed behaviour (id, events against control, where, the edit):');
  for (const r of changed) {
    const m = r.mutant;
    const edit = m === undefined ? '(the build changed since: list again)' : `${m.kind} ${JSON.stringify(m.orig.slice(0, 40))} -> ${JSON.stringify(m.text.slice(0, 40))} | ${m.code}`;
    console.log(`${r.id} ${r.events - control.events > 0 ? '+' : ''}${r.events - control.events} ${r.file}:${r.line} ${edit}`);
  }
}

const [command, ...rest] = process.argv.slice(2);
const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { json: { type: 'boolean', default: false }, out: { type: 'string' }, file: { type: 'string', multiple: true, default: [] }, id: { type: 'string', multiple: true, default: [] } } });
try {
  if (command === 'judge') console.log(JSON.stringify(await judge(positionals[0])));
  else if (command === 'list' && values.json) for (const m of mutants(values.file)) console.log(JSON.stringify(m));
  else if (command === 'list') {
    const counts = {};
    for (const m of mutants(values.file)) counts[m.file] = (counts[m.file] ?? 0) + 1;
    for (const [file, n] of Object.entries(counts)) console.log(`${file} ${n}`);
  } else if (command === 'run') run(values);
  else if (command === 'report' && positionals[0] !== undefined) report(positionals[0]);
  else {
    console.error('usage: node scripts/mutate.mjs list|run|report (see the top of this file)');
    process.exit(2);
  }
} catch (e) {
  console.error(`mutate: ${e.message}`);
  process.exit(2);
}

// seqsim validate: load and check scenarios without running them: the schema, fault targets
// against the world each builds, and the event and memory estimates against their caps.
import { estimateRun } from '../../scenario/budget.js';
import { InputError } from '../../scenario/errors.js';
import { loadScenario } from '../../scenario/load.js';
import { formatBytes } from '../../scenario/readInput.js';
import { scenarioFindings } from '../../scenario/validate.js';
import { formatCount } from '../../report/format.js';
import { warn, type Io } from '../io.js';

export function validateCommand(targets: readonly string[], options: { json: boolean }, io: Io): number {
  // Every scenario is checked, and every refusal said (it stopped at the first, and the rest went unchecked).
  const refusals: string[] = [];
  const results = targets.flatMap((target) => {
    try {
      return [validateOne(target)];
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      refusals.push(error.message);
      return [];
    }
  });
  if (refusals.length > 1) throw new InputError('BAD_SCENARIO', `${refusals.length} of ${targets.length} scenarios are refused: ${refusals.join('; ')}`);
  if (refusals.length === 1) throw new InputError('BAD_SCENARIO', refusals[0]!);
  for (const { warnings } of results) warn(io, warnings);
  if (options.json) {
    io.out(JSON.stringify(results.map(({ loaded, estimate, warnings }) => ({ source: loaded.source, file: loaded.file, maxSteps: loaded.scenario.maxSteps, estimate, warnings }))));
    return 0;
  }
  for (const { loaded, estimate } of results) {
    io.out(
      `${io.color.green('ok')} ${loaded.source}: ${formatCount(loaded.scenario.users.count)} users, ${formatCount(estimate.devices)} devices, ` +
        `about ${formatCount(estimate.sends)} sends and ${formatCount(estimate.events)} events (maxSteps ${formatCount(loaded.scenario.maxSteps)}), ` +
        `about ${formatBytes(estimate.heldBytes)} held`,
    );
  }
  return 0;
}

function validateOne(target: string) {
  const loaded = loadScenario(target);
  const { scenario } = loaded;
  // `seqsim run` keeps the full trace for report.html unless told --no-html.
  const withTrace = scenarioFindings(scenario, { keepTrace: true }).errors.map((error) => `${loaded.file}: ${error} (seqsim run writes report.html by default)`);
  return { loaded, estimate: estimateRun(scenario), warnings: [...loaded.warnings, ...withTrace] };
}

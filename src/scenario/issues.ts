// Schema failures said on one line: each issue as field: problem, the field written as the
// scenario writes it (users.count, faults[2].target).
import type { z } from 'zod';

/** The first few schema issues, each as field: problem, on one line. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${fieldName(issue.path)}: ${issue.message}`)
    .join('; ');
}

/** A path as the schema errors print it: users.count, faults[2].target. */
export function fieldName(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`)).join('');
}

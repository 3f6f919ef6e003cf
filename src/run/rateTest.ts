// Is one catch rate lower than another beyond what chance gives? Fisher's exact test, one-sided:
// with `a` of `n` seeds failing under one draw and `b` of `m` under the other, the chance of `b` or
// fewer if both draws had the same rate (the hypergeometric tail, conditioned on a + b failures).

/** P(X <= b) for the failures X of the second sample when both samples share one rate. */
export function lowerTailP(a: number, n: number, b: number, m: number): number {
  const total = a + b;
  let p = 0;
  for (let x = Math.max(0, total - n); x <= Math.min(b, total); x++) p += Math.exp(logChoose(m, x) + logChoose(n, total - x) - logChoose(n + m, total));
  return Math.min(1, p);
}

function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

function logFactorial(n: number): number {
  let sum = 0;
  for (let i = 2; i <= n; i++) sum += Math.log(i);
  return sum;
}

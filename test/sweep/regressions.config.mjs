// Runs the regression tests `seqsim shrink` writes (they live outside test/).
export default { test: { include: ['**/*.test.ts'] } };

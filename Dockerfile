# The seqsim image that docs/k8s-indexed-job.yaml runs (registry.example.com/seqsim:latest): the
# repository built at /app, production dependencies only, `seqsim` on the PATH as the entry point.
#
#   docker build -t registry.example.com/seqsim:latest .
#   docker run --rm registry.example.com/seqsim:latest check baseline --seeds 1-100
#
# Build stage: every dependency (TypeScript among them), then the build, then drop the dev ones.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
RUN npm ci
COPY src ./src
COPY scenarios ./scenarios
RUN npm run build && npm prune --omit=dev

# Run stage: what `seqsim` needs at run time (the named scenarios are read from /app/scenarios,
# sweep workers load /app/dist/run/sweepWorker.js).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/scenarios ./scenarios
# `seqsim run` writes reports/ under the working directory; the image runs as the unprivileged
# node user (uid 1000), so that directory is its own.
RUN chmod +x dist/cli/main.js \
  && ln -s /app/dist/cli/main.js /usr/local/bin/seqsim \
  && mkdir reports && chown node:node reports
USER node
ENTRYPOINT ["seqsim"]
CMD ["--help"]

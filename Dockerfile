# syntax=docker/dockerfile:1
# Three images from one file: the built mini-app (nginx), and the app image that runs the server, the worker and the
# migration job (they differ only by command). The build context is filtered by .dockerignore (.env, .data, .git,
# node_modules, test results and built files never enter an image).

# Everything, development dependencies included: only to build the mini-app.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY bot/package.json bot/
COPY emulator/package.json emulator/
COPY miniapp/package.json miniapp/
COPY prisma prisma
COPY prisma.config.ts ./
RUN npm ci --no-audit --no-fund --include=dev
COPY shared shared
COPY miniapp miniapp
ARG VITE_API_URL
RUN npm run build -w miniapp

# The built mini-app for browsers (inside Zalo it is deployed with `zmp deploy`).
FROM nginx:1.27-alpine AS miniapp
COPY --from=build /app/miniapp/www /usr/share/nginx/html

# Production dependencies only, of the workspaces the server, worker and migrations run (bot/ and shared/): no
# mini-app, emulator, test or lint tooling. The processes run TypeScript through tsx, a production dependency of
# bot/; the Prisma client is generated here, then the image runs as the unprivileged `node` user and cannot
# change its own code.
FROM node:20-bookworm-slim AS app
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY bot/package.json bot/
COPY emulator/package.json emulator/
COPY miniapp/package.json miniapp/
# The root's postinstall generates the Prisma client from prisma/.
COPY prisma prisma
COPY prisma.config.ts ./
RUN npm ci --omit=dev --no-audit --no-fund --workspace bot --workspace shared --include-workspace-root \
  && npm cache clean --force
COPY shared shared
COPY bot bot
# Finished exports: the worker writes them, the server streams them (a named volume shared by both, see
# docker-compose.yml); created here so the volume starts owned by `node`.
RUN mkdir -p /data/exports && chown node:node /data/exports
USER node
EXPOSE 3000
# The server's readiness (database and Redis answer); the worker's compose service overrides it with its heartbeat.
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["npm", "run", "start:server"]

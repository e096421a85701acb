# One image for the server, the worker and the migration job (they differ only by command).
FROM node:20-bookworm-slim AS base
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY bot/package.json bot/
COPY emulator/package.json emulator/
COPY miniapp/package.json miniapp/
COPY prisma prisma
COPY prisma.config.ts ./
RUN npm ci --no-audit --no-fund --include=dev
COPY . .
RUN npm run db:generate

FROM base AS miniapp-build
ARG VITE_API_URL
RUN npm run build -w miniapp

# The built mini-app for browsers (inside Zalo it is deployed with `zmp deploy`).
FROM nginx:1.27-alpine AS miniapp
COPY --from=miniapp-build /app/miniapp/www /usr/share/nginx/html

FROM base AS app
USER node
CMD ["npm", "run", "start:server"]

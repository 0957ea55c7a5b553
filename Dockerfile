# RusToK application image. Module packages run as the TypeScript sources pinned (and hashed) in
# registry.json, compiled on load by tsx, so there is no build step and no dist/ to copy.
FROM node:20-bookworm-slim

WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000

# The whole project is copied before `npm ci`: npm needs every workspace (modules/*) to install, and
# module files must be byte-identical to what registry.json pins. node_modules is never hashed, so
# installing here does not change any module's integrity.
COPY --chown=node:node . .
RUN npm ci --omit=dev && npm cache clean --force

# With DATABASE_URL set the kernel writes nothing to /app; it needs no root.
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"

# `start` refuses to serve while migrations are pending: run `node kernel/bin/rustok.js migrate` first
# (docker-compose.yml does).
CMD ["node", "kernel/bin/rustok.js", "start"]

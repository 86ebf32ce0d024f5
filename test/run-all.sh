#!/usr/bin/env bash
# The one test command (`npm test`): lint, type-check, build, then node and end-to-end tests
# against the real-server rig, inside a private D-Bus session with an unlocked gnome-keyring.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$1"; }

step "lint (eslint + prettier)"
npm run --silent lint
step "typecheck (one project per layer)"
npm run --silent typecheck
step "build (electron-vite + web bridge + cli)"
npm run --silent build
step "renderer tests in headless Chromium"
npx vitest run -c vitest.browser.config.ts
step "node tests and end-to-end tests (Dovecot, SMTP, DNS, keyring, Chromium)"
bash test/servers/with-keyring.sh sh -c \
  'npx vitest run -c vitest.config.ts && npx vitest run -c vitest.e2e.config.ts'

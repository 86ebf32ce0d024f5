#!/usr/bin/env bash
# Runs a command with a fresh, unlocked gnome-keyring on a private D-Bus session, so keytar
# (libsecret, Secret Service) works headless and never touches the user's real keyring.
#   bash test/servers/with-keyring.sh npx vitest run
# HOME and the XDG dirs point into a temp dir that is removed afterwards.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 command [args...]" >&2
  exit 64
fi

if [ -z "${MAILCRM_KEYRING_INNER:-}" ]; then
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/mailcrm-keyring-XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  # npm keeps its own config and cache, and with a fresh HOME it would otherwise check the
  # registry for updates on every npx: tests must not reach beyond loopback.
  export NPM_CONFIG_UPDATE_NOTIFIER=false
  if [ -n "${HOME:-}" ]; then
    export NPM_CONFIG_USERCONFIG="${NPM_CONFIG_USERCONFIG:-$HOME/.npmrc}"
    export NPM_CONFIG_CACHE="${NPM_CONFIG_CACHE:-$HOME/.npm}"
  fi
  export HOME="$tmp/home"
  export XDG_DATA_HOME="$tmp/data"
  export XDG_CONFIG_HOME="$tmp/config"
  export XDG_CACHE_HOME="$tmp/cache"
  export XDG_RUNTIME_DIR="$tmp/run"
  mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
  # gnome-keyring refuses a runtime dir that others can read.
  chmod 700 "$XDG_RUNTIME_DIR"
  # Not exec: the trap must run after the session ends. dbus-run-session stops the bus (and
  # with it the keyring daemon) when the command exits, and passes on its exit status.
  status=0
  MAILCRM_KEYRING_INNER=1 dbus-run-session -- bash "$0" "$@" || status=$?
  exit "$status"
fi

# Inside the private session bus.
unset MAILCRM_KEYRING_INNER
password="$(head -c 24 /dev/urandom | base64)"
# --unlock reads the login keyring's password from stdin; with a fresh XDG_DATA_HOME it creates
# that keyring, unlocked, so no prompt ever appears. --foreground keeps the daemon our child:
# we stop and reap it ourselves, since it does not always notice the bus going away.
printf %s "$password" | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null &
keyring_pid=$!

# Wait until the daemon owns the Secret Service name; a client that came earlier would make
# D-Bus activate a second, locked daemon instead.
for _ in $(seq 1 200); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
    grep -q 'boolean true'; then
    break
  fi
  if ! kill -0 "$keyring_pid" 2>/dev/null; then
    echo "with-keyring: gnome-keyring-daemon exited before it was ready" >&2
    exit 70
  fi
  sleep 0.025
done

status=0
"$@" || status=$?
kill "$keyring_pid" 2>/dev/null || echo "with-keyring: gnome-keyring-daemon had already exited" >&2
# Reap it (its status is the SIGTERM we just sent, not a failure).
wait "$keyring_pid" 2>/dev/null || true
exit "$status"

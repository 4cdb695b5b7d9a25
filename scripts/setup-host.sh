#!/usr/bin/env bash
# Prepares this machine to run the packaged extension inside a real VS Code (code-server)
# driven by Debian's Chromium. Idempotent: a second run only checks and prints.
#
#   - Debian packages: chromium, ripgrep, libkrb5-dev (apt-get only when one is missing)
#   - code-server 4.100.3 (VS Code 1.100, runs on Node 20) from the npm registry, installed
#     and finished by hand into ${XDG_CACHE_HOME:-$HOME/.cache}/tesults-vscode/code-server-4.100.3
#     (test/e2e/README.md, "The host", says why each step exists).
#
# The first run downloads about 310 MB and compiles native modules: several minutes. Every step
# prints "step n/m" and, while it runs, a line every 20 s, so a long step is not mistaken for a hang.
#
# Completion is marked by a stamp file inside the install folder; a folder without the stamp
# (an interrupted install) is removed and installed again.
#
# Prints the code-server binary path as the last line: CODE_SERVER_BIN=...
set -euo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.100.3}"
CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/tesults-vscode"
DEST="$CACHE_ROOT/code-server-$CODE_SERVER_VERSION"
STAMP="$DEST/.tesults-setup-complete"
BIN="$DEST/node_modules/code-server/out/node/entry.js"

log() { printf '[setup-host] %s\n' "$*"; }

STEPS=7
# step N "what": announces step N of STEPS, runs the rest of the arguments, and prints a line
# every 20 s while they run (npm prints nothing for minutes when not on a terminal).
step() {
  local n=$1 what=$2
  shift 2
  log "step $n/$STEPS: $what"
  local started=$SECONDS
  # The sleep writes nowhere, so a reader of this script's output is not kept waiting by it.
  (
    nap=
    trap 'kill "$nap" 2>/dev/null; exit 0' TERM
    while :; do
      sleep 20 >/dev/null 2>&1 &
      nap=$!
      wait "$nap"
      log "  … still on step $n/$STEPS ($((SECONDS - started)) s)"
    done
  ) &
  local heartbeat=$!
  local status=0
  "$@" || status=$?
  kill "$heartbeat" 2>/dev/null || true
  wait "$heartbeat" 2>/dev/null || true
  if ((status != 0)); then
    log "ERROR: step $n/$STEPS failed (exit $status): $what"
    return "$status"
  fi
  log "  done in $((SECONDS - started)) s"
}

# ---------------------------------------------------------------- Debian packages
need_pkgs=()
command -v chromium >/dev/null 2>&1 || need_pkgs+=(chromium)
command -v rg >/dev/null 2>&1 || need_pkgs+=(ripgrep)
if ! dpkg-query -W -f='${Status}' libkrb5-dev 2>/dev/null | grep -q 'install ok installed'; then
  need_pkgs+=(libkrb5-dev)
fi
if ((${#need_pkgs[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    SUDO=sudo
  else
    SUDO=
  fi
  install_debian_packages() {
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
  }
  step 1 "Debian packages: ${need_pkgs[*]} (apt-get)" install_debian_packages
else
  log "step 1/$STEPS: Debian packages present: chromium ripgrep libkrb5-dev"
fi

# ---------------------------------------------------------------- code-server
if [[ -f "$STAMP" && -f "$BIN" ]]; then
  log "steps 2-$STEPS/$STEPS: code-server $CODE_SERVER_VERSION present in $DEST"
else
  if [[ -e "$DEST" ]]; then
    log "removing incomplete install in $DEST"
    rm -rf "$DEST"
  fi
  started=$SECONDS
  mkdir -p "$DEST"
  log "installing code-server $CODE_SERVER_VERSION into $DEST: about 310 MB and native builds, several minutes the first time"
  cd "$DEST"
  printf '{ "name": "tesults-code-server-host", "private": true }\n' > package.json
  export npm_config_yes=true          # node-pty's install runs `npx node-gyp`
  export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
  step 2 "npm install --ignore-scripts code-server@$CODE_SERVER_VERSION (download)" \
    npm install --ignore-scripts --no-save --loglevel=error "code-server@$CODE_SERVER_VERSION"
  step 3 "npm rebuild argon2 (code-server's native module)" npm rebuild --loglevel=error argon2
  cd node_modules/code-server/lib/vscode
  step 4 "lib/vscode: npm install --omit=dev --ignore-scripts (VS Code's dependencies)" \
    npm install --omit=dev --ignore-scripts --loglevel=error
  copy_ripgrep() {
    mkdir -p node_modules/@vscode/ripgrep/bin
    cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
  }
  step 5 "lib/vscode: ripgrep from $(command -v rg)" copy_ripgrep
  mapfile -t native < <(find node_modules -maxdepth 3 -name binding.gyp | sed 's#/binding.gyp##; s#^node_modules/##' | sort)
  step 6 "lib/vscode: npm rebuild of ${#native[@]} native modules (${native[*]}; compiles, the longest step)" \
    npm rebuild --loglevel=error "${native[@]}"
  ln -sfn node_modules node_modules.asar
  install_extensions() { (cd extensions && npm install --omit=dev --ignore-scripts --loglevel=error); }
  step 7 "lib/vscode/extensions: npm install --omit=dev --ignore-scripts (built-in extensions)" install_extensions
  [[ -f "$BIN" ]] || { log "ERROR: $BIN missing after install"; exit 1; }
  date -u +%FT%TZ > "$STAMP"
  log "code-server $CODE_SERVER_VERSION installed in $((SECONDS - started)) s"
fi

echo "CODE_SERVER_BIN=$BIN"

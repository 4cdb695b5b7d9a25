#!/usr/bin/env bash
# Prepares this machine to run the packaged extension inside a real VS Code (code-server)
# driven by Debian's Chromium. Idempotent: a second run only checks and prints.
#
#   - Debian packages: chromium, ripgrep, libkrb5-dev (apt-get only when one is missing)
#   - code-server 4.100.3 (VS Code 1.100, runs on Node 20) from the npm registry, installed
#     and finished by hand into ${XDG_CACHE_HOME:-$HOME/.cache}/tesults-vscode/code-server-4.100.3
#     (see /work/shared/real-vscode-host.md for why each step exists).
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
  log "installing Debian packages: ${need_pkgs[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
  log "Debian packages installed"
else
  log "Debian packages present: chromium ripgrep libkrb5-dev"
fi

# ---------------------------------------------------------------- code-server
if [[ -f "$STAMP" && -f "$BIN" ]]; then
  log "code-server $CODE_SERVER_VERSION present in $DEST"
else
  if [[ -e "$DEST" ]]; then
    log "removing incomplete install in $DEST"
    rm -rf "$DEST"
  fi
  started=$SECONDS
  mkdir -p "$DEST"
  log "installing code-server $CODE_SERVER_VERSION into $DEST (a few minutes)"
  cd "$DEST"
  printf '{ "name": "tesults-code-server-host", "private": true }\n' > package.json
  export npm_config_yes=true          # node-pty's install runs `npx node-gyp`
  export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
  log "npm install --ignore-scripts code-server@$CODE_SERVER_VERSION"
  npm install --ignore-scripts --no-save --loglevel=error "code-server@$CODE_SERVER_VERSION"
  log "npm rebuild argon2"
  npm rebuild --loglevel=error argon2
  cd node_modules/code-server/lib/vscode
  log "lib/vscode: npm install --omit=dev --ignore-scripts"
  npm install --omit=dev --ignore-scripts --loglevel=error
  log "lib/vscode: ripgrep from $(command -v rg)"
  mkdir -p node_modules/@vscode/ripgrep/bin
  cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
  mapfile -t native < <(find node_modules -maxdepth 3 -name binding.gyp | sed 's#/binding.gyp##; s#^node_modules/##' | sort)
  log "lib/vscode: npm rebuild ${native[*]}"
  npm rebuild --loglevel=error "${native[@]}"
  ln -sfn node_modules node_modules.asar
  log "lib/vscode/extensions: npm install --omit=dev --ignore-scripts"
  (cd extensions && npm install --omit=dev --ignore-scripts --loglevel=error)
  [[ -f "$BIN" ]] || { log "ERROR: $BIN missing after install"; exit 1; }
  date -u +%FT%TZ > "$STAMP"
  log "code-server $CODE_SERVER_VERSION installed in $((SECONDS - started)) s"
fi

echo "CODE_SERVER_BIN=$BIN"

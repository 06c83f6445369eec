#!/usr/bin/env bash
# Prepare a fresh Debian 12 / Ubuntu machine to run Wenming (make demo / make test).
# Idempotent: re-running it only does what is still missing.
#
#   WENMING_SKIP_APT=1   skip the Debian package step
#   WENMING_SKIP_UV=1    skip the Python / uv step
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

APT_PACKAGES=(chromium fonts-noto-cjk libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 gettext wrk)
APT_LOCK_TIMEOUT=600   # seconds to wait for another apt/dpkg to finish

LOG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/wenming-setup.XXXXXX")"
trap 'rm -rf "$LOG_DIR"' EXIT

IS_ROOT=0
[[ "$(id -u)" -eq 0 ]] && IS_ROOT=1

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }
say() { echo "setup: $*"; }
die() { echo "setup: ERROR: $*" >&2; exit 1; }

# run_logged LOGNAME CMD... : run CMD with its output in a log; show the log's tail if it fails
run_logged() {
    local log="$LOG_DIR/$1"; shift
    if ! "$@" >"$log" 2>&1; then
        echo "setup: command failed: $*" >&2
        tail -n 40 "$log" >&2
        return 1
    fi
}

# apt_get ARGS... : apt-get that waits up to APT_LOCK_TIMEOUT for a lock held by another process
apt_get() {
    local deadline=$(( $(date +%s) + APT_LOCK_TIMEOUT ))
    local log="$LOG_DIR/apt-get.log"
    while true; do
        if DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout="$APT_LOCK_TIMEOUT" "$@" >"$log" 2>&1; then
            return 0
        fi
        # DPkg::Lock::Timeout covers dpkg's lock; `apt-get update` can still fail fast
        # on the lists lock, so retry on any lock error until the deadline.
        if grep -qiE 'could not get lock|unable to (acquire|lock)' "$log" && (( $(date +%s) < deadline )); then
            sleep 5
            continue
        fi
        echo "setup: command failed: apt-get $*" >&2
        tail -n 40 "$log" >&2
        return 1
    done
}

is_installed() {
    [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

APT_UPDATED=0
apt_update_once() {
    if (( ! APT_UPDATED )); then
        apt_get update -q
        APT_UPDATED=1
    fi
}

# ---------------------------------------------------------------------------
step_apt() {
    local t0; t0="$(now)"
    if [[ "${WENMING_SKIP_APT:-}" == "1" ]]; then
        say "debian packages: skipped (WENMING_SKIP_APT=1) ($(since "$t0"))"
        return
    fi
    command -v dpkg-query >/dev/null || die "dpkg-query not found: this script supports Debian/Ubuntu only (or set WENMING_SKIP_APT=1 and install the equivalents of: ${APT_PACKAGES[*]})"

    local missing=() p
    for p in "${APT_PACKAGES[@]}"; do
        is_installed "$p" || missing+=("$p")
    done
    if (( ${#missing[@]} == 0 )); then
        say "debian packages: all ${#APT_PACKAGES[@]} present ($(since "$t0"))"
        return
    fi
    if (( ! IS_ROOT )); then
        echo "setup: missing Debian packages: ${missing[*]}" >&2
        echo "setup: run this, then re-run the setup:" >&2
        echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
        exit 1
    fi

    say "debian packages: installing ${missing[*]} ..."
    apt_update_once
    # Chromium is only needed for the browser tests; on distributions where no
    # `chromium` deb exists (Ubuntu ships it as a snap) carry on without it.
    local install=()
    for p in "${missing[@]}"; do
        if [[ "$p" == chromium ]] && ! apt-cache show chromium >/dev/null 2>&1; then
            echo "setup: WARNING: no 'chromium' Debian package here; browser tests will not run" >&2
            continue
        fi
        install+=("$p")
    done
    if (( ${#install[@]} )); then
        apt_get install -y -q --no-install-recommends "${install[@]}"
    fi
    say "debian packages: installed ${install[*]:-nothing} ($(since "$t0"))"
}

# ---------------------------------------------------------------------------
find_python311() {
    local c exe
    for c in python3.11 python3; do
        command -v "$c" >/dev/null 2>&1 || continue
        if "$c" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' >/dev/null 2>&1; then
            # the real interpreter path (not a pyenv shim or a symlink chain)
            exe="$("$c" -c 'import sys; print(sys.executable)')"
            [[ -n "$exe" ]] && { echo "$exe"; return 0; }
        fi
    done
    return 1
}

# Sets UV to a command array that runs uv.
UV=()
ensure_uv() {
    local py="$1" t0; t0="$(now)"
    if command -v uv >/dev/null 2>&1; then
        UV=(uv)
        say "uv: found $(uv --version 2>/dev/null) ($(since "$t0"))"
        return
    fi
    local user_bin
    user_bin="$("$py" -c 'import site; print(site.USER_BASE)')/bin"
    if [[ -x "$user_bin/uv" ]]; then
        UV=("$user_bin/uv")
        say "uv: found $("$user_bin/uv" --version) in $user_bin ($(since "$t0"))"
        return
    fi
    if "$py" -m uv --version >/dev/null 2>&1; then
        UV=("$py" -m uv)
        say "uv: found $("$py" -m uv --version) as '$py -m uv' ($(since "$t0"))"
        return
    fi

    if ! "$py" -m pip --version >/dev/null 2>&1; then
        if (( IS_ROOT )) && [[ "${WENMING_SKIP_APT:-}" != "1" ]]; then
            apt_update_once
            apt_get install -y -q --no-install-recommends python3-pip
        else
            die "uv is not installed and $py has no pip; install uv (see https://docs.astral.sh/uv/) or run: sudo apt-get install -y python3-pip"
        fi
    fi

    # Root: plain pip install. Otherwise: --user first, then plain (e.g. inside a venv).
    # Debian/Ubuntu mark the system Python "externally managed" (PEP 668); uv is a
    # self-contained binary wheel, so installing it there anyway is harmless.
    local -a tries
    if (( IS_ROOT )); then
        tries=("" "--break-system-packages")
    else
        tries=("--user" "" "--user --break-system-packages")
    fi
    local opts ok=0 log="$LOG_DIR/pip-uv.log"
    : >"$log"
    for opts in "${tries[@]}"; do
        echo "+ $py -m pip install $opts uv" >>"$log"
        # shellcheck disable=SC2086  # $opts is a list of flags
        if "$py" -m pip install -q --disable-pip-version-check $opts uv >>"$log" 2>&1; then
            ok=1
            break
        fi
    done
    if (( ! ok )); then
        tail -n 60 "$log" >&2
        die "could not pip-install uv (install it yourself: https://docs.astral.sh/uv/)"
    fi

    if command -v uv >/dev/null 2>&1; then
        UV=(uv)
    elif [[ -x "$user_bin/uv" ]]; then
        UV=("$user_bin/uv")
    else
        UV=("$py" -m uv)
    fi
    say "uv: installed $("${UV[@]}" --version) with pip ($(since "$t0"))"
}

step_python() {
    local t0; t0="$(now)"
    if [[ "${WENMING_SKIP_UV:-}" == "1" ]]; then
        say "python env: skipped (WENMING_SKIP_UV=1) ($(since "$t0"))"
        return
    fi
    [[ -f pyproject.toml ]] || die "no pyproject.toml in $REPO_ROOT"

    local py
    py="$(find_python311)" || die "Python 3.11 not found (looked for python3.11 and python3); on Debian 12 run: sudo apt-get install -y python3"
    say "python: $py ($("$py" --version 2>&1)) ($(since "$t0"))"

    ensure_uv "$py"

    t0="$(now)"
    if [[ -f uv.lock ]]; then
        run_logged uv-sync.log "${UV[@]}" sync --frozen --python "$py"
        say "python env: uv sync --frozen into .venv ($(since "$t0"))"
    else
        say "python env: no uv.lock yet, running 'uv sync' without --frozen (this writes uv.lock) ..."
        run_logged uv-sync.log "${UV[@]}" sync --python "$py"
        say "python env: uv sync into .venv, uv.lock created ($(since "$t0"))"
    fi
}

T_ALL="$(now)"
step_apt
step_python
say "done ($(since "$T_ALL"))"

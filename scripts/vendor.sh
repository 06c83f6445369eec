#!/usr/bin/env bash
# Re-vendor the front-end files in src/wenming/static/vendor/ from the npm
# registry at the pinned versions below. Not run during setup: the output is
# committed, so running the project needs no Node.js and no build step.
#
# To upgrade a package: change its version here, set its integrity to the
# value printed by `npm view <name>@<version> dist.integrity`, run this
# script, then check the site (and the diff of VERSIONS.txt).
#
# Needs: bash, npm (only `npm pack`, which downloads the tarball), tar.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$REPO_ROOT/src/wenming/static/vendor"

# name                  version   integrity (sha512 of the registry tarball)
TABLER_CORE_VERSION="1.6.1"
TABLER_CORE_SHA512="sha512-lgmR9gcxRp5JlLxcmRi9Rz85JrEvH6Bz71KnlcPVSa97wtwQNjgSs3g3fxwbAlulHyRMghhIV04QUuW3pqDsIg=="
TABLER_ICONS_VERSION="3.49.0"
TABLER_ICONS_SHA512="sha512-kWgnmEzo17dzQyMqRmlfj+TiGV0clLMYfUtKp2WG7M+TH5418o6fsoaSlrOTK3lwESg0xS7jVfOozYrR02Ryxw=="
HTMX_VERSION="2.0.11"   # stay on 2.0.x: not 2.1+, not 4
HTMX_SHA512="sha512-Thx/WtpeOQqSrqBCw/A1cwGJGg4UrVa3+sW0GmrM3p4gJgO89ecH4qtbnyzDDWFvBTqjnIMCgELTNt636dtamA=="
ECHARTS_VERSION="5.6.0"
ECHARTS_SHA512="sha512-oTbVTsXfKuEhxftHqL5xprgLoc0k7uScAwtryCgWF6hPYFLRwOUHiFmHGCBKP5NPFNkDVopOieyUqYGH8Fa3kA=="
LEAFLET_VERSION="1.9.4"
LEAFLET_SHA512="sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA=="
TOM_SELECT_VERSION="2.6.2"
TOM_SELECT_SHA512="sha512-eiXIkk82XzzUTOVQDFpy+ZGejuqdTvMukyUyeZBQaKnqW42UoTiTZnrod/eX0rkqJEc4rZY9DZ3zdjV07i29wQ=="

command -v npm >/dev/null || { echo "vendor.sh: npm is required" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/wenming-vendor.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# fetch NAME VERSION INTEGRITY -> unpacks into $WORK/<NAME>/package, prints that dir
fetch() {
    local name="$1" version="$2" integrity="$3"
    local dir="$WORK/${name//\//__}"
    mkdir -p "$dir"
    local tgz
    tgz="$(cd "$dir" && npm pack --silent "${name}@${version}" | tail -n 1)"
    local got
    got="sha512-$(openssl dgst -sha512 -binary "$dir/$tgz" | base64 -w 0)"
    if [[ "$got" != "$integrity" ]]; then
        echo "vendor.sh: integrity mismatch for ${name}@${version}: got $got" >&2
        exit 1
    fi
    tar -xzf "$dir/$tgz" -C "$dir"
    echo "$dir/package"
}

# copy SRC DST (creating DST's directory)
put() {
    mkdir -p "$(dirname "$2")"
    cp "$1" "$2"
}

echo "vendor.sh: fetching packages into $WORK"
P_TABLER="$(fetch @tabler/core "$TABLER_CORE_VERSION" "$TABLER_CORE_SHA512")"
P_ICONS="$(fetch @tabler/icons-webfont "$TABLER_ICONS_VERSION" "$TABLER_ICONS_SHA512")"
P_HTMX="$(fetch htmx.org "$HTMX_VERSION" "$HTMX_SHA512")"
P_ECHARTS="$(fetch echarts "$ECHARTS_VERSION" "$ECHARTS_SHA512")"
P_LEAFLET="$(fetch leaflet "$LEAFLET_VERSION" "$LEAFLET_SHA512")"
P_TOM_SELECT="$(fetch tom-select "$TOM_SELECT_VERSION" "$TOM_SELECT_SHA512")"

rm -rf "$DEST"
mkdir -p "$DEST"

# --- @tabler/core --------------------------------------------------------
put "$P_TABLER/dist/css/tabler.min.css" "$DEST/tabler/css/tabler.min.css"
put "$P_TABLER/dist/js/tabler.min.js" "$DEST/tabler/js/tabler.min.js"
# The @tabler/core tarball ships no LICENSE file (package.json says "MIT" and
# the dist headers say "Licensed under MIT"). Write the MIT text with the
# copyright lines taken from the header of the shipped tabler.min.css.
{
    echo "The MIT License (MIT)"
    echo
    sed -n 's/^ \* \(Copyright .*\)$/\1/p' "$P_TABLER/dist/css/tabler.min.css" | head -n 2
    cat <<'EOF'

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in
all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
THE SOFTWARE.
EOF
} > "$DEST/tabler/LICENSE"
grep -q '^Copyright ' "$DEST/tabler/LICENSE" \
    || { echo "vendor.sh: no copyright line found in tabler.min.css header" >&2; exit 1; }

# --- @tabler/icons-webfont ----------------------------------------------
# Only the CSS and the woff2 font it references first (every browser we
# support takes woff2; the woff/ttf fallbacks in the CSS are left unvendored).
put "$P_ICONS/dist/tabler-icons.min.css" "$DEST/tabler-icons/tabler-icons.min.css"
woff2="$(grep -o 'url("\./fonts/[^"?]*\.woff2' "$P_ICONS/dist/tabler-icons.min.css" | head -n 1 | sed 's/^url("\.\///')"
[[ -n "$woff2" ]] || { echo "vendor.sh: no woff2 url() in tabler-icons.min.css" >&2; exit 1; }
put "$P_ICONS/dist/$woff2" "$DEST/tabler-icons/$woff2"
put "$P_ICONS/LICENSE" "$DEST/tabler-icons/LICENSE"

# --- htmx.org ------------------------------------------------------------
put "$P_HTMX/dist/htmx.min.js" "$DEST/htmx/htmx.min.js"
put "$P_HTMX/LICENSE" "$DEST/htmx/LICENSE"

# --- echarts -------------------------------------------------------------
put "$P_ECHARTS/dist/echarts.min.js" "$DEST/echarts/echarts.min.js"
put "$P_ECHARTS/LICENSE" "$DEST/echarts/LICENSE"
put "$P_ECHARTS/NOTICE" "$DEST/echarts/NOTICE"   # Apache-2.0 s.4(d): keep NOTICE
put "$P_ECHARTS/licenses/LICENSE-d3" "$DEST/echarts/LICENSE-d3"

# --- leaflet -------------------------------------------------------------
put "$P_LEAFLET/dist/leaflet.js" "$DEST/leaflet/leaflet.js"
put "$P_LEAFLET/dist/leaflet.css" "$DEST/leaflet/leaflet.css"
mkdir -p "$DEST/leaflet/images"
cp "$P_LEAFLET/dist/images/"* "$DEST/leaflet/images/"
put "$P_LEAFLET/LICENSE" "$DEST/leaflet/LICENSE"

# --- tom-select ------------------------------------------------------------
# The complete build (with its plugins) and the Bootstrap 5 theme, which Tabler builds on.
put "$P_TOM_SELECT/dist/js/tom-select.complete.min.js" "$DEST/tom-select/tom-select.complete.min.js"
put "$P_TOM_SELECT/dist/css/tom-select.bootstrap5.min.css" "$DEST/tom-select/tom-select.bootstrap5.min.css"
put "$P_TOM_SELECT/LICENSE" "$DEST/tom-select/LICENSE"

# --- VERSIONS.txt ----------------------------------------------------------
cat > "$DEST/VERSIONS.txt" <<EOF
# Front-end files vendored from the npm registry by scripts/vendor.sh.
# Do not edit these files by hand: change the pins in scripts/vendor.sh and re-run it.
# package@version  license  directory
@tabler/core@${TABLER_CORE_VERSION}  MIT  tabler/
@tabler/icons-webfont@${TABLER_ICONS_VERSION}  MIT  tabler-icons/
htmx.org@${HTMX_VERSION}  0BSD  htmx/
echarts@${ECHARTS_VERSION}  Apache-2.0  echarts/
leaflet@${LEAFLET_VERSION}  BSD-2-Clause  leaflet/
tom-select@${TOM_SELECT_VERSION}  Apache-2.0  tom-select/
EOF

echo "vendor.sh: wrote $DEST"
(cd "$DEST" && find . -type f | LC_ALL=C sort)
du -sh "$DEST"

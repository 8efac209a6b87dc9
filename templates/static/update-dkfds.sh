#!/usr/bin/env bash
# Vendor Det Fælles Designsystem (npm package `dkfds`) into templates/static/dkfds/.
#
# Usage: update-dkfds.sh VERSION [UNPACKED_PACKAGE_DIR]
#
# Copies exactly what the app serves: the virk.dk theme stylesheet, every file that
# stylesheet references through url(...) (IBM Plex Sans fonts, background icons, the
# theme logo), the icon sprite and the licence texts. The relative layout under dist/
# is kept so the stylesheet's ../fonts/... and ../img/... resolve under /static/dkfds/.
# Without UNPACKED_PACKAGE_DIR it runs `npm pack dkfds@VERSION` in a temporary folder.
# After running: bump nothing by hand; ASSET_VERSION is derived from the content.
set -euo pipefail

version="${1:?usage: update-dkfds.sh VERSION [UNPACKED_PACKAGE_DIR]}"
here="$(cd "$(dirname "$0")" && pwd)"
dest="$here/dkfds"

tmp=""
cleanup() { if [ -n "$tmp" ]; then rm -rf "$tmp"; fi; }
trap cleanup EXIT

if [ $# -ge 2 ]; then
    pkg="$(cd "$2" && pwd)"
else
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "dkfds@$version" >/dev/null && tar xzf dkfds-*.tgz)
    pkg="$tmp/package"
fi

actual="$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$pkg/package.json" | head -n 1)"
if [ "$actual" != "$version" ]; then
    echo "package.json says $actual, expected $version" >&2
    exit 1
fi

css="dist/css/dkfds-virkdk.min.css"
rm -rf "$dest"
mkdir -p "$dest/css" "$dest/img" "$dest/fonts/IBMPlexSans"
cp "$pkg/$css" "$dest/css/"
cp "$pkg/dist/img/all-svg-icons.svg" "$dest/img/"

# Every url(...) in the stylesheet, relative to dist/css/. Anything that is not a
# plain ../ path (data:, http:, absolute) would need a CSP change, so stop on it.
grep -o 'url([^)]*)' "$pkg/$css" | sed -e 's/^url(//' -e 's/)$//' -e "s/^[\"']//" -e "s/[\"']$//" \
    | sed -e 's/[?#].*$//' | sort -u | while read -r ref; do
    case "$ref" in
        ../*) rel="${ref#../}" ;;
        *) echo "unexpected url($ref) in $css" >&2; exit 1 ;;
    esac
    mkdir -p "$dest/$(dirname "$rel")"
    cp "$pkg/dist/$rel" "$dest/$rel"
done

cp "$pkg/LICENSE.md" "$dest/LICENSE.md"
if ! cmp -s "$pkg/LICENSE.md" "$pkg/dist/LICENSE.md"; then
    cp "$pkg/dist/LICENSE.md" "$dest/LICENSE-dist.md"
fi
# The SIL Open Font License must travel with the font files.
cp "$pkg/dist/fonts/IBMPlexSans/complete/woff2/license.txt" "$dest/fonts/IBMPlexSans/license.txt"

echo "$version" > "$dest/VERSION"
echo "vendored dkfds $version into $dest ($(find "$dest" -type f | wc -l) files)"

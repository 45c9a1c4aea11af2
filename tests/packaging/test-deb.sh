#!/usr/bin/env bash
# Builds the .deb with CPack from a finished build folder, unpacks it into a temporary
# root with dpkg -x (no installation on this machine), and checks it as a user's
# system would see it: both executables run, the desktop entry, icon, AppStream
# metadata and man page are where desktops and man look, dependencies are Debian
# package names, and nothing else (libraries, headers, tests) is shipped.
# usage: test-deb.sh BUILD_DIR
set -euo pipefail
build=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

(cd "$build" && cpack -G DEB -B "$work/out" >/dev/null) || fail "cpack could not build the package"
deb=$(ls "$work"/out/genrelab_*_*.deb)
echo "built $(basename "$deb") ($(stat -c %s "$deb") bytes)"

depends=$(dpkg-deb -f "$deb" Depends)
for package in libqt6core6 libqt6widgets6 libtorch libavcodec qt6-qpa-plugins gstreamer1.0-plugins-good; do
    [[ "$depends" == *"$package"* ]] || fail "Depends lacks $package: $depends"
done

dpkg -x "$deb" "$work/root"
root=$work/root
version=$("$root/usr/bin/genrelab-cli" --version) || fail "genrelab-cli --version failed"
[[ "$version" == "genrelab-cli $(dpkg-deb -f "$deb" Version) "* ]] || fail "unexpected version line: $version"
echo "$version"
QT_QPA_PLATFORM=offscreen "$root/usr/bin/genrelab" --version >/dev/null || fail "genrelab --version failed"

for file in usr/share/applications/org.genrelab.GenreLab.desktop \
            usr/share/metainfo/org.genrelab.GenreLab.metainfo.xml \
            usr/share/icons/hicolor/scalable/apps/genrelab.svg \
            usr/share/man/man1/genrelab-cli.1.gz; do
    [[ -s "$root/$file" ]] || fail "missing $file"
done
zcat "$root/usr/share/man/man1/genrelab-cli.1.gz" | grep -q '^\.SH COMMANDS' || fail "man page unreadable"
grep -q '^Exec=genrelab' "$root/usr/share/applications/org.genrelab.GenreLab.desktop" || fail "desktop entry has no Exec"
if command -v appstreamcli >/dev/null; then
    appstreamcli validate --no-net "$root/usr/share/metainfo/org.genrelab.GenreLab.metainfo.xml" >/dev/null \
        || fail "AppStream metadata does not validate"
fi

unexpected=$(cd "$root" && find . -type f | grep -v -e '^./usr/bin/genrelab' -e '^./usr/share/applications/' \
    -e '^./usr/share/metainfo/' -e '^./usr/share/icons/' -e '^./usr/share/man/' || true)
[[ -z "$unexpected" ]] || fail "ships files users do not need: $unexpected"
echo "package OK"

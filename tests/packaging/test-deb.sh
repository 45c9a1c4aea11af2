#!/usr/bin/env bash
# Builds the .deb with CPack from a finished build folder, unpacks it into a temporary
# root with dpkg -x (no installation on this machine), and checks it as a user's
# system would see it: both executables run, the desktop entry, icon, AppStream
# metadata and man page are where desktops and man look, dependencies are Debian
# package names, and nothing else (libraries, headers, tests) is shipped but the two
# modules the executables load on demand from the prefix's lib/genrelab — and
# they are found there: commands without a network start without LibTorch, the others
# and the main window load it (issue 24, item 4).
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

# What the dynamic loader opens (LD_DEBUG=files): LibTorch only where a network is needed.
loads_libtorch() { grep -qE 'file=[^ ]*lib(torch|c10)[^ ]* +\[' "$1"; }
LD_DEBUG=files "$root/usr/bin/genrelab-cli" --version >/dev/null 2>"$work/version.log" || fail "genrelab-cli --version failed"
! loads_libtorch "$work/version.log" || fail "genrelab-cli --version loads LibTorch"
LD_DEBUG=files "$root/usr/bin/genrelab-cli" predict --help >"$work/predict.out" 2>"$work/predict.log" \
    || fail "genrelab-cli predict --help failed: $(grep -v '^ *[0-9]*:' "$work/predict.log" | head -5)"
grep -q "file=$root/usr/lib/\(.*/\)\?genrelab/genrelab-cli-ml.so " "$work/predict.log" || fail "predict did not load the installed ML module"
loads_libtorch "$work/predict.log" || fail "predict did not load LibTorch"
grep -q 'predict \[options\]' "$work/predict.out" || fail "predict --help printed no usage"
# The GUI: first window, then the installed GUI module and the main window.
mkdir -p "$work/home"
HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_DATA_HOME=$work/home/.local/share XDG_CACHE_HOME=$work/home/.cache \
    QT_QPA_PLATFORM=offscreen GENRELAB_STARTUP_TIMING=1 "$root/usr/bin/genrelab" 2>"$work/gui.log" &
gui=$!
for _ in $(seq 600); do grep -q 'main window shown' "$work/gui.log" && break; kill -0 $gui 2>/dev/null || break; sleep 0.1; done
kill $gui 2>/dev/null || true
wait $gui 2>/dev/null || true
grep -q 'main window shown' "$work/gui.log" || fail "genrelab showed no main window: $(head -5 "$work/gui.log")"

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
    -e '^./usr/lib/\(.*/\)\?genrelab/genrelab-cli-ml.so$' -e '^./usr/lib/\(.*/\)\?genrelab/genrelab-gui.so$' \
    -e '^./usr/share/metainfo/' -e '^./usr/share/icons/' -e '^./usr/share/man/' || true)
[[ -z "$unexpected" ]] || fail "ships files users do not need: $unexpected"
echo "package OK"

#!/usr/bin/env bash
# The one list of Debian 12 packages GenreLab needs: build, runtime, tests, and the
# Python peers in ../shared/bench. Idempotent: installs only what is missing, and is
# quiet when everything is already there.
set -euo pipefail

BUILD=(cmake g++ ninja-build ccache pkg-config dpkg-dev file  # file: CPack's dpkg-shlibdeps step (test_deb)
       qt6-base-dev qt6-charts-dev qt6-multimedia-dev libqt6opengl6-dev libegl-dev libqt6sql6-sqlite
       libfftw3-dev libtorch-dev libopenblas0-openmp
       libgloo-dev  # headers of c10d's Gloo process group (distributed training); LibTorch has the code
       libavformat-dev libavcodec-dev libswresample-dev libavutil-dev
       libtag1-dev libfluidsynth-dev)
RUNTIME=(timgm6mb-soundfont
         gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-libav)
TEST=(xvfb xauth ffmpeg poppler-utils python3-torch python3-torchaudio python3-soundfile python3-numpy sox)
# Only for scripts/fuzz.sh (install-deps.sh --fuzz): libFuzzer comes with clang's runtime.
FUZZ=(clang libclang-rt-14-dev)
[[ "${1:-}" == "--fuzz" ]] && TEST+=("${FUZZ[@]}")

missing=()
for pkg in "${BUILD[@]}" "${RUNTIME[@]}" "${TEST[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
    SUDO=sudo
else
    SUDO=
fi
echo "install-deps: installing ${#missing[@]} package(s): ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"

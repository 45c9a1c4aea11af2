#!/usr/bin/env bash
# shellcheck disable=SC2317  # the step functions are called through run_step
# Checks the README's set-up on a fresh Debian 12: bootstraps a minimal bookworm root
# (debootstrap --variant=minbase, cached as a tarball after the first time), copies in
# what a clone of this checkout has (plus ../shared, as CI has it), and runs the README's
# two commands in it as root: the GUI one under Xvfb with --screenshot, then the tests.
# Slow (20-40 min: ~1-2 GB of packages, a build from scratch) and not part of CI: run it
# after changing install-deps.sh, the build or the README's set-up instructions.
# Needs root (debootstrap, mount, chroot) and network access to the Debian mirror that
# this machine's apt uses.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: scripts/check-fresh-debian.sh [--refresh] [--keep] [--out DIR]

Runs the README's set-up commands as root in a fresh Debian 12 (bookworm, minbase) chroot
and prints a summary table; exits non-zero if any step failed.

  --refresh   bootstrap the root again instead of reusing the cached tarball
              (${XDG_CACHE_HOME:-~/.cache}/genrelab/fresh-debian/bookworm-minbase.tar)
  --keep      keep the unpacked root (unmounted) for inspection instead of deleting it
  --out DIR   where the step logs, summary and screenshot go (default: a new temp dir)
  --help      this text
EOF
}

refresh=0
keep=0
out=""
while [[ $# -gt 0 ]]; do
    case $1 in
        --refresh) refresh=1 ;;
        --keep) keep=1 ;;
        --out) [[ $# -ge 2 ]] || { usage >&2; exit 2; }; out=$2; shift ;;
        --out=*) out=${1#--out=} ;;
        -h|--help) usage; exit 0 ;;
        *) echo "check-fresh-debian: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

die() { echo "check-fresh-debian: $*" >&2; exit 1; }
[[ $(id -u) -eq 0 ]] || die "must run as root (debootstrap, mount and chroot need it)"

checkout=$(cd "$(dirname "$0")/.." && pwd)
shared=$(dirname "$checkout")/shared
cache_dir=${XDG_CACHE_HOME:-$HOME/.cache}/genrelab/fresh-debian
tarball=$cache_dir/bookworm-minbase.tar
if [[ -z $out ]]; then
    out=$(mktemp -d "${TMPDIR:-/tmp}/genrelab-fresh-debian.XXXXXX")
fi
mkdir -p "$out/logs"
out=$(cd "$out" && pwd)
rm -f "$out"/logs/*.log "$out/summary.txt" "$out/fresh-shot.png" # a re-used --out shows only this run
app_limit=${GENRELAB_FRESH_APP_LIMIT:-600} # seconds the app may take from start to screenshot

# The README's two commands, read from its first ```sh block (comments stripped), so the
# check follows the README rather than a copy of it.
mapfile -t readme_cmds < <(awk '/^```sh/ { block++; next } block == 1 && /^```/ { exit } block == 1' "$checkout/README.md" |
                           sed -e 's/[[:space:]]*#.*$//' -e 's/^[[:space:]]*//' | grep -v '^$')
gui_cmd=$(printf '%s\n' "${readme_cmds[@]}" | grep -m1 'run-app\.sh' || true)
test_cmd=$(printf '%s\n' "${readme_cmds[@]}" | grep -m1 'test\.sh' || true)
[[ ${#readme_cmds[@]} -eq 2 && -n $gui_cmd && -n $test_cmd ]] ||
    die "expected README.md's first \`\`\`sh block to hold the run-app.sh and test.sh commands, found: ${readme_cmds[*]:-nothing}"

# The Debian mirror this machine's apt uses (it may be the only one reachable): apt-cache
# policy lists every active source, whatever file or format it comes from.
mapfile -t apt_sources < <(apt-cache policy | awk '$1 ~ /^[0-9]+$/ && $2 ~ /^(https?|file):/ { print $2, $3 }' | sort -u)
mirror_for() { # SUITE -> the URI serving SUITE/main, or nothing
    printf '%s\n' "${apt_sources[@]}" | awk -v s="$1/main" '$2 == s { print $1; exit }'
}
mirror=$(mirror_for bookworm)
mirror=${mirror:-http://deb.debian.org/debian}
security_mirror=$(mirror_for bookworm-security)
security_mirror=${security_mirror:-http://deb.debian.org/debian-security}
# Settings that make that mirror reachable here (a proxy; a snapshot mirror's expired
# Valid-Until): the same machine-specific network settings go into the root's apt.
http_proxy_conf=""
valid_until_conf=""
check_date_conf=""
eval "$(apt-config shell http_proxy_conf Acquire::http::Proxy valid_until_conf Acquire::Check-Valid-Until check_date_conf Acquire::Check-Date)"

work_dirs=() # roots this run created: unmounted and removed by cleanup
root=""

mounts_under() { # DIR -> mount points below DIR, innermost (latest) first
    awk -v d="$1/" 'index($2, d) == 1 { print $2 }' /proc/mounts | tac
}

kill_processes_in() { # DIR -> stop what still runs with DIR as its root (Xvfb, a hung app)
    local sig pid pids
    for sig in TERM KILL; do
        pids=()
        for pid in /proc/[0-9]*; do
            if [[ $(readlink "$pid/root" 2>/dev/null) == "$1" ]]; then pids+=("${pid#/proc/}"); fi
        done
        [[ ${#pids[@]} -eq 0 ]] && return 0
        kill "-$sig" "${pids[@]}" 2>/dev/null || true
        sleep 2
    done
}

release_dir() { # DIR [keep] -> unmount everything below DIR, then delete it unless kept
    local dir=$1 keep_it=${2:-0} mnt
    [[ -d $dir ]] || return 0
    kill_processes_in "$dir"
    for mnt in $(mounts_under "$dir"); do
        umount "$mnt" 2>/dev/null || umount -l "$mnt" || true
    done
    if [[ -n $(mounts_under "$dir") ]]; then
        # Never rm -rf through a bind mount of the host's /dev.
        echo "check-fresh-debian: still mounted below $dir, leaving it in place:" >&2
        mounts_under "$dir" >&2
        return 1
    fi
    if [[ $keep_it -eq 1 ]]; then
        echo "check-fresh-debian: root kept (unmounted) at $dir"
    else
        rm -rf --one-file-system "$dir"
    fi
}

cleanup() {
    local rc=$? dir
    set +e
    trap - INT TERM
    for dir in "${work_dirs[@]}"; do
        if [[ $dir == "$root" ]]; then release_dir "$dir" "$keep"; else release_dir "$dir"; fi
    done
    exit "$rc"
}
trap cleanup EXIT
trap 'echo "check-fresh-debian: interrupted, cleaning up" >&2; exit 130' INT
trap 'exit 143' TERM

in_root() { # COMMAND_LINE -> run it in the root as root, with a fresh root login's environment
    env -i HOME=/root USER=root LOGNAME=root SHELL=/bin/bash TERM=dumb LANG=C.UTF-8 \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        CTEST_OUTPUT_ON_FAILURE=1 \
        chroot "$root" /bin/bash -c "$1"
}

# --- steps -----------------------------------------------------------------------------
# Each runs in a subshell with set -e, its output in logs/NN-name.log.

step_host_tools() {
    if ! command -v debootstrap >/dev/null; then
        echo "installing debootstrap on this machine"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap
    fi
    debootstrap --version
    git --version
}

step_bootstrap() {
    local tmp=$bootstrap_dir
    mkdir -p "$tmp"
    echo "debootstrap --variant=minbase bookworm from $mirror"
    http_proxy=${http_proxy_conf:-${http_proxy:-}} debootstrap --variant=minbase bookworm "$tmp" "$mirror"
    # The freshly bootstrapped root, nothing added: every run starts from exactly this.
    tar --numeric-owner -C "$tmp" -cf "$tarball.part" .
    mv "$tarball.part" "$tarball"
    rm -rf --one-file-system "$tmp"
    ls -l "$tarball"
}

step_unpack_and_mount() {
    tar --numeric-owner -C "$root" -xpf "$tarball"
    mount -t proc proc "$root/proc"
    mount -t sysfs sysfs "$root/sys"
    mount --bind /dev "$root/dev"
    mount --bind /dev/pts "$root/dev/pts"
    mount -t tmpfs tmpfs "$root/dev/shm" # the host's /dev/shm is a mount of its own
    mount -t tmpfs tmpfs "$root/tmp"
    cp -L /etc/resolv.conf "$root/etc/resolv.conf"
    [[ -s $root/etc/hosts ]] || printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost\n' >"$root/etc/hosts"
    # Same mirror as this machine, with the updates and security suites a Debian install has.
    rm -f "$root/etc/apt/sources.list"
    cat >"$root/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security_mirror
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
    {
        [[ -n $http_proxy_conf ]] && echo "Acquire::http::Proxy \"$http_proxy_conf\";"
        [[ -n $valid_until_conf ]] && echo "Acquire::Check-Valid-Until \"$valid_until_conf\";"
        [[ -n $check_date_conf ]] && echo "Acquire::Check-Date \"$check_date_conf\";"
        true
    } >"$root/etc/apt/apt.conf.d/99host-network"
    # Packages must not start daemons (dbus…) inside the chroot: they would outlive the
    # check and keep its mounts busy. Standard for chroots; changes nothing for the build.
    printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
    chmod +x "$root/usr/sbin/policy-rc.d"
    cat "$root/etc/apt/sources.list.d/debian.sources" "$root/etc/apt/apt.conf.d/99host-network"
    findmnt -R "$root" || mounts_under "$root"
}

step_copy_checkout() {
    # What a clone has: tracked files plus untracked ones that are not ignored (new files
    # not committed yet), without build folders; files deleted in the work tree skipped.
    # .git itself stays out: nothing in the build or the tests reads it.
    local count
    mkdir -p "$root/root/src/main"
    git -c safe.directory="$checkout" -C "$checkout" ls-files -z --cached --others --exclude-standard |
        while IFS= read -r -d '' f; do
            if [[ -e $checkout/$f || -L $checkout/$f ]]; then printf '%s\0' "$f"; fi
        done |
        tar -C "$checkout" --null --no-recursion -T - -cf - | tar -C "$root/root/src/main" -xf -
    count=$(find "$root/root/src/main" -type f | wc -l)
    echo "copied $count files of $checkout to /root/src/main"
    # What was tested: HEAD plus whatever the work tree changed at this moment.
    echo "HEAD $(git -c safe.directory="$checkout" -C "$checkout" log -1 --format='%h %s')"
    git -c safe.directory="$checkout" -C "$checkout" status --short
    if [[ -d $shared ]]; then
        mkdir -p "$root/root/src/shared"
        cp -a "$shared/." "$root/root/src/shared" # /. : also when ../shared is a symlink
        echo "copied $shared to /root/src/shared ($(du -sh "$root/root/src/shared" | cut -f1))"
    else
        echo "no $shared: the tests that need real data will skip"
    fi
}

step_display() {
    # Why xvfb/xauth first: the README's order is run-app.sh, then test.sh, and a reader on
    # a fresh Debian runs run-app.sh first, on a desktop that has a display. Xvfb stands in
    # for that display and is all we add: run-app.sh then installs and builds everything
    # from scratch itself, which is the path being checked. (Running test.sh first would
    # hand run-app.sh a machine that test.sh had already set up.)
    in_root "export DEBIAN_FRONTEND=noninteractive
             apt-get update -qq
             apt-get install -y -qq --no-install-recommends xvfb xauth"
}

app_watchdog() { # PARENT_PID -> stop the app if it has not quit app_limit s after it started
    # (with --screenshot it quits once the dataset is open; without, it would run forever)
    local parent=$1 exe="$root/root/src/main/build-release/app/genrelab" first="" pid pids
    while kill -0 "$parent" 2>/dev/null && sleep 5; do
        pids=()
        for pid in /proc/[0-9]*; do
            if [[ $(readlink "$pid/exe" 2>/dev/null) == "$exe" ]]; then pids+=("${pid#/proc/}"); fi
        done
        if [[ ${#pids[@]} -eq 0 ]]; then first=""; continue; fi
        first=${first:-$SECONDS}
        if (( SECONDS - first > app_limit )); then
            echo "check-fresh-debian: the app has not quit ${app_limit} s after starting, killing it" >&2
            kill -KILL "${pids[@]}" 2>/dev/null || true
        fi
    done
}

step_readme_gui() {
    local rc=0 watchdog
    rm -f "$root/root/fresh-shot.png"
    app_watchdog "$BASHPID" &
    watchdog=$!
    echo "+ $gui_cmd (under xvfb-run, with --screenshot)"
    in_root "cd /root/src/main && xvfb-run -a -s '-screen 0 1280x800x24' $gui_cmd --screenshot /root/fresh-shot.png" || rc=$?
    kill "$watchdog" 2>/dev/null || true
    return "$rc"
}

step_screenshot() {
    local png=$root/root/fresh-shot.png
    [[ -s $png ]] || { echo "the app wrote no /root/fresh-shot.png"; return 1; }
    [[ $(head -c 8 "$png" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] || { echo "fresh-shot.png is not a PNG"; return 1; }
    cp "$png" "$out/fresh-shot.png"
    # Width and height from the IHDR chunk: a real window, not a 0x0 grab.
    echo "$out/fresh-shot.png: $(od -An -tu1 -j16 -N8 "$png" | awk '{ printf "%dx%d", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }') PNG, $(stat -c %s "$png") bytes"
}

step_readme_test() {
    echo "+ $test_cmd"
    in_root "cd /root/src/main && $test_cmd"
}

# --- runner ----------------------------------------------------------------------------

names=()
results=()
secs=()
failed=0

run_step() { # NAME FUNCTION: run it, log it, record ok/FAILED and seconds (never in a condition: set -e must hold inside)
    local name=$1 fn=$2 n log start rc
    n=$(printf '%02d' $(( ${#names[@]} + 1 )))
    log="$out/logs/$n-$fn.log"
    log=${log/step_/}
    start=$SECONDS
    echo "[$(date +%H:%M:%S)] $name ... (log: $log)"
    set +e
    ( set -e; "$fn" ) >"$log" 2>&1
    rc=$?
    set -e
    names+=("$name")
    secs+=($(( SECONDS - start )))
    if [[ $rc -eq 0 ]]; then
        results+=(ok)
    else
        results+=(FAILED)
        failed=1
        echo "    FAILED (exit $rc); last lines of $log:"
        tail -n 20 "$log" | sed 's/^/    | /'
    fi
    return 0
}

skip_step() { names+=("$1"); results+=(skipped); secs+=(0); }

total_start=$SECONDS
echo "check-fresh-debian: checkout $checkout, output in $out"

run_step "host tools (debootstrap)" step_host_tools
if [[ $failed -eq 0 && ( $refresh -eq 1 || ! -s $tarball ) ]]; then
    # Bootstrapped beside the cache and removed after (by cleanup too: debootstrap mounts
    # /proc and /sys in it while it works).
    bootstrap_dir=$cache_dir/bootstrap.$$
    work_dirs+=("$bootstrap_dir")
    mkdir -p "$cache_dir"
    run_step "debootstrap bookworm minbase" step_bootstrap
elif [[ $failed -eq 0 ]]; then
    names+=("bootstrap: cached $(basename "$tarball")"); results+=(ok); secs+=(0)
fi

if [[ $failed -eq 0 ]]; then
    root=$(mktemp -d /var/tmp/genrelab-fresh-root.XXXXXX)
    work_dirs+=("$root")
    run_step "unpack root, mount, apt sources" step_unpack_and_mount
fi
if [[ $failed -eq 0 ]]; then
    run_step "copy checkout (+ ../shared)" step_copy_checkout
fi
if [[ $failed -eq 0 ]]; then
    run_step "display: apt install xvfb xauth" step_display
fi
if [[ $failed -eq 0 ]]; then
    run_step "README 1: $gui_cmd" step_readme_gui
    run_step "screenshot saved and copied out" step_screenshot
    # The tests run even if the GUI failed: they say more about what is wrong.
    run_step "README 2: $test_cmd" step_readme_test
else
    for name in "README 1: $gui_cmd" "screenshot saved and copied out" "README 2: $test_cmd"; do skip_step "$name"; done
fi

{
    echo
    printf '%-44s %-8s %8s\n' STEP RESULT SECONDS
    for i in "${!names[@]}"; do
        printf '%-44s %-8s %8s\n' "${names[i]}" "${results[i]}" "${secs[i]}"
    done
    printf '%-44s %-8s %8s\n' total "$([[ $failed -eq 0 ]] && echo ok || echo FAILED)" $(( SECONDS - total_start ))
    test_log=$(ls "$out"/logs/*readme_test.log 2>/dev/null || true)
    if [[ -n $test_log ]]; then
        echo
        grep -E 'tests passed|tests failed|^[[:space:]]+[0-9]+ - |Total Test time' "$test_log" || true
    fi
    echo
    echo "logs: $out/logs"
    if [[ -s $out/fresh-shot.png ]]; then echo "screenshot: $out/fresh-shot.png"; fi
} | tee "$out/summary.txt"

exit "$failed"

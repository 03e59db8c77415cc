#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# First contact without the BPF toolchain and without root: a clean copy of the tree (tracked and new files, no
# build output), owned by an unprivileged user (nobody), built and served by that user with a PATH that has no
# clang, llvm or bpftool (and no make). Checks that
#   - the build skips the BPF objects with one warning and still produces the server jar,
#   - `./tsvdb serve` starts, acknowledges the seed README's netcat insert, and GET /query returns the point,
#   - on JDK 25 and later the launcher has made the JIT's ahead-of-time cache and started the server with it,
#   - `tsvdb collect` from that jar says in one line what the build lacked, exit code 1.
# ./run-tests runs it as root after the test suite. Maven runs offline on a user-owned local repository in front
# of a read-only, hard-linked copy of root's (maven.repo.local.tail): nothing is downloaded again.
#   sudo scripts/ci/nonroot-serve.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
[ "$(id -u)" = 0 ] || { echo "nonroot-serve: run it as root (it creates a copy owned by nobody)" >&2; exit 2; }
user=${ZTSDB_NONROOT_USER:-nobody}
started=$(date +%s)
. "$here/scripts/find-java.sh"
ztsdb_find_java || exit 1
repo=${ZTSDB_MAVEN_REPO:-$HOME/.m2/repository}
dists=${ZTSDB_MAVEN_USER_HOME:-$HOME/.m2}/wrapper
[ -d "$repo" ] || { echo "nonroot-serve: no local Maven repository at $repo: run ./mvnw verify first" >&2; exit 1; }

work=$(mktemp -d /tmp/ztsdb-nonroot.XXXXXX)
chmod 755 "$work"
server_pid=
cleanup() {
    if [ -n "$server_pid" ]; then
        kill -- -"$server_pid" 2>/dev/null || kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    # The server runs in its own session under the user's runner: $server_pid is the runner, not the JVM.
    pkill -KILL -f -- "$work/home/data" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() {
    echo "nonroot-serve: FAILED: $*" >&2
    [ -f "$work/serve.log" ] && sed 's/^/  serve: /' "$work/serve.log" >&2
    exit 1
}

# The tree as ./run-tests just tested it: tracked files (deleted ones skipped) and new, not ignored ones.
mkdir "$work/src"
(cd "$here" && git ls-files -z --cached --others --exclude-standard) \
    | (cd "$here" && tar --null -T - --ignore-failed-read -cf - 2>/dev/null) | tar -C "$work/src" -xf -
# Maven: root's repository as a read-only tail (hard links: same inodes, readable, not writable), the wrapper's
# Maven distribution copied, an empty local repository and home owned by the user.
cp -al "$repo" "$work/tail"
find "$work/tail" -type d -exec chmod a+rx {} + # the copied directories only: the files are shared inodes
mkdir -p "$work/m2/repository" "$work/home" "$work/bin"
[ -d "$dists" ] && cp -a "$dists" "$work/m2/wrapper"
# PATH: every command of /usr/bin, /bin, /usr/sbin, /sbin except the BPF toolchain and make.
for dir in /usr/local/bin /usr/bin /bin /usr/sbin /sbin; do
    for f in "$dir"/*; do
        name=${f##*/}
        case "$name" in clang*|llvm*|bpftool*|make|gmake|ld.lld*|llc*) continue ;; esac
        [ -e "$work/bin/$name" ] || ln -s "$f" "$work/bin/$name"
    done
done
chown -R "$user" "$work/src" "$work/m2" "$work/home"
as_user() {
    setpriv --reuid="$user" --regid="$(id -g "$user")" --clear-groups \
        env -i HOME="$work/home" PATH="$work/bin" JAVA_HOME="$JAVA_HOME" MAVEN_USER_HOME="$work/m2" \
        MAVEN_ARGS="-o -Dmaven.repo.local=$work/m2/repository -Dmaven.repo.local.tail=$work/tail" "$@"
}
as_user bash -c 'command -v clang || command -v bpftool || command -v make' \
    && fail "the toolchain is still on PATH"

# Build and serve through the launcher, as a newcomer would.
as_user setsid bash -c "cd '$work/src' && exec ./tsvdb serve --port 0 --web-port 0 --bind 127.0.0.1 \
    --data-dir '$work/home/data'" > "$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 1200); do
    grep -q 'binary protocol on' "$work/serve.log" 2>/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || fail "tsvdb serve exited"
    sleep 0.5
done
banner=$(grep 'binary protocol on' "$work/serve.log") || fail "no banner within 600 s"
grep -q 'BPF objects not built, missing: .*clang' "$work/serve.log" || fail "the build did not warn about clang"
# On JDK 25 and later the launcher makes the ahead-of-time cache after the build and starts the server with it.
if [ "$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$JAVA_HOME/release" 2>/dev/null)" -ge 25 ] 2>/dev/null; then
    grep -q "making the JIT's ahead-of-time cache" "$work/serve.log" || fail "the launcher did not make the AOT cache"
    [ -s "$work/src/tsdb-server/target/tsvdb.jar.aot" ] || fail "no AOT cache next to the jar: $(cat "$work/serve.log")"
    pgrep -f -- "-XX:AOTCache=.* -jar .*tsvdb\.jar serve .*$work/home/data" >/dev/null \
        || fail "the server runs without the AOT cache: $(pgrep -af -- "$work/home/data")"
fi
built=$(date +%s)
tcp_port=$(sed -n 's/.*binary protocol on [^:]*:\([0-9]*\).*/\1/p' <<< "$banner")
http_port=$(sed -n 's|.*HTTP API on http://[^:]*:\([0-9]*\)/.*|\1|p' <<< "$banner")

# The seed README's netcat insert: series 1, timestamp 2542244864, value 100.0; the answer is an ok frame.
seed='ZTSD\x01\x01\x18\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00'
seed+='\x94\x87\x97\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00Y@'
answer=$(printf "$seed" | nc -N 127.0.0.1 "$tcp_port" | od -An -tx1 | tr -d ' \n')
[ "$answer" = 5a5453440180080000000000000000000100000000000000 ] || fail "netcat insert answered '$answer'"
query=$(curl -sf "http://127.0.0.1:$http_port/query?series=1&start=0&end=9999999999999") || fail "GET /query"
python3 - "$query" <<'PY' || fail "GET /query returned $query"
import json, sys
points = json.loads(sys.argv[1])["points"]
assert len(points) == 1 and points[0]["timestamp"] == 2542244864 and points[0]["value"] == 100.0, points
PY

# collect from the same jar (as root, so that privileges are not what stops it): one line naming what is missing.
set +e
collect_err=$("$JAVA" --enable-native-access=ALL-UNNAMED -jar "$work/src/tsdb-server/target/tsvdb.jar" collect \
    --port 0 --data-dir "$work/collect-data" 2>&1 >/dev/null)
collect_rc=$?
set -e
[ "$collect_rc" = 1 ] || fail "collect exited $collect_rc: $collect_err"
# stderr: the engine's INFO line about the data directory, then the error in one line, no stack trace
collect_err=$(grep -v ' INFO ' <<< "$collect_err")
[ "$(wc -l <<< "$collect_err")" = 1 ] || fail "collect printed more than one error line: $collect_err"
grep -q '^tsvdb collect: error: .*no BPF programs: the machine that built it lacked .*clang' <<< "$collect_err" \
    || fail "collect did not name the missing toolchain: $collect_err"
echo "nonroot-serve: ok ($user, no clang/bpftool/make on PATH): build + start $((built - started)) s," \
    "total $(( $(date +%s) - started )) s; collect says: $collect_err"

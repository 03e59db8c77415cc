# SPDX-License-Identifier: Apache-2.0
# Sourced by ./tsvdb and ./run-tests: finds a JDK >= 22 (JAVA_HOME, then `java` on PATH, then
# /usr/lib/jvm/*) and exports JAVA_HOME and JAVA. Stops with a clear message when there is none.

ZTSDB_MIN_JAVA=22

_ztsdb_java_major() { # $1 = path to a java binary; prints its feature version or nothing
    "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version =/ {print $2; exit}'
}

_ztsdb_try_home() { # $1 = candidate JAVA_HOME
    [ -n "$1" ] && [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
    local v
    v=$(_ztsdb_java_major "$1/bin/java")
    [ -n "$v" ] && [ "${v%%.*}" -ge "$ZTSDB_MIN_JAVA" ] 2>/dev/null || return 1
    export JAVA_HOME="$1" JAVA="$1/bin/java"
}

ztsdb_find_java() {
    _ztsdb_try_home "${JAVA_HOME:-}" && return 0
    if command -v java >/dev/null 2>&1; then
        local real
        real=$(readlink -f "$(command -v java)")
        _ztsdb_try_home "${real%/bin/java}" && return 0
    fi
    local candidate
    for candidate in $(ls -d /usr/lib/jvm/* 2>/dev/null | sort -rV); do
        _ztsdb_try_home "$candidate" && return 0
    done
    echo "error: ztsdb needs a JDK >= $ZTSDB_MIN_JAVA (Panama FFM); none found in JAVA_HOME, PATH or /usr/lib/jvm." >&2
    echo "       Install one (e.g. 'apt-get install openjdk-25-jdk' or Temurin 25) or set JAVA_HOME." >&2
    return 1
}

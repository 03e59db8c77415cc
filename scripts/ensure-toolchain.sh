#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Makes sure the native tools are present. As root it installs what is missing with apt; otherwise it names the
# packages to install and exits 1.
#   ensure-toolchain.sh         everything ./run-tests needs: the BPF toolchain, nc (the seed's netcat test),
#                               python3 (eBPF test workloads), iproute2 (tc and ip for the network tests)
#   ensure-toolchain.sh --bpf   only what building and running `tsvdb collect` needs: clang + bpftool (to build
#                               bpf/) and libbpf.so.1 (to load it)
# `tsvdb serve` needs none of them: the build skips the BPF objects without the toolchain (scripts/build-bpf.sh).
set -euo pipefail
missing=()
command -v clang >/dev/null 2>&1 || missing+=(clang llvm)
command -v llvm-strip >/dev/null 2>&1 || missing+=(llvm)
command -v make >/dev/null 2>&1 || missing+=(make)
command -v bpftool >/dev/null 2>&1 || missing+=(bpftool)
[ -f /usr/include/bpf/bpf_helpers.h ] || missing+=(libbpf-dev)
ldconfig -p 2>/dev/null | grep -q 'libbpf.so.1' || missing+=(libbpf1)
[ -f /usr/include/libelf.h ] || missing+=(libelf-dev)
if [ "${1:-}" != --bpf ]; then
    command -v nc >/dev/null 2>&1 || missing+=(netcat-openbsd)
    command -v python3 >/dev/null 2>&1 || missing+=(python3)   # eBPF test workloads
    command -v tc >/dev/null 2>&1 || missing+=(iproute2)       # network namespaces and tc for the eBPF tests
    command -v promtool >/dev/null 2>&1 || missing+=(prometheus)   # PromQL oracle, promtool and remote-read tests
    command -v victoria-metrics >/dev/null 2>&1 || missing+=(victoria-metrics)   # remote-write sender tests, vmagent
    command -v vmagent >/dev/null 2>&1 || missing+=(victoria-metrics)
    command -v influxd >/dev/null 2>&1 || missing+=(influxdb)   # line-protocol differential test
    [ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/java ] || missing+=(openjdk-17-jdk-headless)   # client tests on Java 17
    command -v curl >/dev/null 2>&1 || missing+=(curl)         # HTTP over TLS tested with curl
    command -v openssl >/dev/null 2>&1 || missing+=(openssl)   # certificates of SecureIngestBenchmark
    command -v mount >/dev/null 2>&1 || missing+=(mount)       # tmpfs of the full-disk tests
    [ -x /usr/bin/chromium ] || missing+=(chromium)                  # web UI browser tests (Selenium)
    [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)       # web UI browser tests (Selenium)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "ensure-toolchain: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq "${missing[@]}" >&2
else
    echo "ensure-toolchain: missing ${missing[*]}; install them (e.g. sudo apt-get install ${missing[*]})" >&2
    exit 1
fi

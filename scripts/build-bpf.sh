#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Builds the collector's CO-RE BPF objects (bpf/) when the toolchain is there, and skips them with one warning
# when it is not, so that the server (`tsvdb serve`) builds with nothing but a JDK. Called by the tsdb-ebpf
# Maven build (generate-resources):
#   scripts/build-bpf.sh <output dir>
#   scripts/build-bpf.sh --check     (exit 0 when the toolchain is complete, else print what is missing, exit 1)
# Without the toolchain it writes <output dir>/missing-toolchain.txt, which goes into the jar: `tsvdb collect`
# then names what the build lacked. ZTSDB_REQUIRE_BPF=1 turns the skip into an error (CI as root).
set -eu
out=${1:?usage: build-bpf.sh <output dir> | --check}
here=$(cd "$(dirname "$0")/.." && pwd)
missing=""
command -v make >/dev/null 2>&1 || missing="$missing make"
command -v "${CLANG:-clang}" >/dev/null 2>&1 || missing="$missing clang"
command -v "${LLVM_STRIP:-llvm-strip}" >/dev/null 2>&1 || missing="$missing llvm-strip"
command -v "${BPFTOOL:-bpftool}" >/dev/null 2>&1 || missing="$missing bpftool"
[ -r /usr/include/bpf/bpf_helpers.h ] || missing="$missing libbpf-headers(libbpf-dev)"
[ -r "${VMLINUX_BTF:-/sys/kernel/btf/vmlinux}" ] || missing="$missing kernel-BTF(/sys/kernel/btf/vmlinux)"
missing=${missing# }
if [ "$out" = --check ]; then
    [ -z "$missing" ] && exit 0
    echo "$missing"
    exit 1
fi
mkdir -p "$out"
if [ -z "$missing" ]; then
    rm -f "$out/missing-toolchain.txt"
    exec make -s -C "$here/bpf" OUTPUT="$out"
fi
if [ "${ZTSDB_REQUIRE_BPF:-0}" = 1 ]; then
    echo "bpf: cannot build the BPF objects, missing: $missing (ZTSDB_REQUIRE_BPF=1)" >&2
    exit 1
fi
rm -f "$out"/*.bpf.o
echo "$missing" > "$out/missing-toolchain.txt"
echo "[WARNING] bpf: BPF objects not built, missing: $missing. 'tsvdb serve' is unaffected;" \
    "'tsvdb collect' needs them (as root: scripts/ensure-toolchain.sh, then rebuild)." >&2

# SPDX-License-Identifier: Apache-2.0
# Test workloads run inside fake container cgroups (loopback only). Usage: workload.py <kind> args...
import os
import socket
import sys
import time


def write_port(path, port):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(port))
    os.rename(tmp, path)


def tcp_server(port_file, expected):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # A large receive window keeps segments full-size even when the machine is busy: small window-limited
    # segments each carry another IP+TCP header and would inflate the byte count past the 1 % tolerance.
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    s.bind(("127.0.0.1", 0))
    s.listen(1)
    write_port(port_file, s.getsockname()[1])
    c, _ = s.accept()
    total = 0
    while True:
        data = c.recv(1 << 20)
        if not data:
            break
        total += len(data)
    c.close()
    print(total, flush=True)


def tcp_client(port, n):
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 8 << 20)
    c.connect(("127.0.0.1", port))
    chunk = b"x" * (1 << 20)
    left = n
    while left > 0:
        part = min(left, len(chunk))
        c.sendall(chunk[:part])
        left -= part
    c.shutdown(socket.SHUT_WR)
    c.recv(1)
    c.close()


def udp_recv(port_file, k):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    s.bind(("127.0.0.1", 0))
    write_port(port_file, s.getsockname()[1])
    s.settimeout(20)
    got = 0
    try:
        while got < k:
            s.recv(65536)
            got += 1
    except socket.timeout:
        pass
    print(got, flush=True)


def udp_send(port, k, size):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    payload = b"u" * size
    for i in range(k):
        s.sendto(payload, ("127.0.0.1", port))
        if i % 100 == 99:
            time.sleep(0.001)  # let the receiver keep up: every datagram must arrive


def mem(mib):
    b = bytearray(mib << 20)
    for i in range(0, len(b), 4096):
        b[i] = 1
    print("ready", flush=True)
    time.sleep(600)


def busy(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


if __name__ == "__main__":
    kind = sys.argv[1]
    args = sys.argv[2:]
    if kind == "tcp-server":
        tcp_server(args[0], int(args[1]))
    elif kind == "tcp-client":
        tcp_client(int(args[0]), int(args[1]))
    elif kind == "udp-recv":
        udp_recv(args[0], int(args[1]))
    elif kind == "udp-send":
        udp_send(int(args[0]), int(args[1]), int(args[2]))
    elif kind == "mem":
        mem(int(args[0]))
    elif kind == "busy":
        busy(float(args[0]))
    elif kind == "sleep":
        time.sleep(float(args[0]))
    else:
        sys.exit("unknown workload " + kind)

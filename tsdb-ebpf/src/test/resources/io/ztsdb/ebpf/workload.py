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


def tcp_server(port_file, expected, host="127.0.0.1"):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # a large window keeps segments large even when this receiver is descheduled on a loaded machine (small
    # windows mean small segments, and every segment adds its IP+TCP header to the counted bytes)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 << 20)
    s.bind((host, 0))
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


def tcp_client(port, n, host="127.0.0.1", report=None):
    c = socket.create_connection((host, port))
    chunk = b"x" * 65536
    left = n
    while left > 0:
        sent = c.send(chunk[:min(left, len(chunk))])
        left -= sent
    c.shutdown(socket.SHUT_WR)
    c.recv(1)
    print(total_retrans(c) if report == "segments" else retransmitted_bytes(c), flush=True)
    c.close()


def retransmitted_bytes(sock):
    """tcpi_bytes_retrans of struct tcp_info (Linux >= 4.19, offset 208): payload sent more than once."""
    import struct
    info = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 256)
    return struct.unpack_from("<Q", info, 208)[0] if len(info) >= 216 else 0


def total_retrans(sock):
    """tcpi_total_retrans of struct tcp_info (u32 at offset 100): segments retransmitted over the connection."""
    import struct
    info = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 256)
    return struct.unpack_from("<I", info, 100)[0]


def udp_overflow(port_file):
    """A UDP socket with the smallest receive buffer that never reads: datagrams beyond it are dropped. Prints
    the socket's own drop counter (SO_MEMINFO, SK_MEMINFO_DROPS) once stdin closes."""
    import struct
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1)
    s.bind(("127.0.0.1", 0))
    write_port(port_file, s.getsockname()[1])
    sys.stdin.read()
    meminfo = s.getsockopt(socket.SOL_SOCKET, 55, 9 * 4)  # SO_MEMINFO
    print(struct.unpack_from("<9I", meminfo)[8], flush=True)


def sleeper(seconds):
    """Runs 1 ms, sleeps 0.5 ms, again: every run starts with a wakeup."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        spin = time.monotonic() + 0.001
        while time.monotonic() < spin:
            pass
        time.sleep(0.0005)


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
    elif kind == "tcp-server-at":
        tcp_server(args[1], int(args[2]), host=args[0])
    elif kind == "tcp-client-to":
        tcp_client(int(args[1]), int(args[2]), host=args[0], report="segments")
    elif kind == "udp-overflow":
        udp_overflow(args[0])
    elif kind == "sleeper":
        sleeper(float(args[0]))
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

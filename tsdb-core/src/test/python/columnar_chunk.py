#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Independent reference implementation of the ztsdb columnar chunk (encoding 0x02, versions 1 and 2).

Written from docs/format/columnar-chunk.md (the layout and the encoder's choice rules), standard library only,
with Python's unbounded integers: every 64-bit operation is spelled out with an explicit wrap. It encodes and
decodes; the Java tests compare its bytes with the Java encoder's and decode its chunks.

  columnar_chunk.py --golden DIR       writes the golden vectors columnar-v1-<name> and columnar-v2-<name>
                                       (.samples / .hex) into DIR
  columnar_chunk.py --corpus DIR N S   writes N seeded random chunks (seed S) as corpus-<i>.samples / .hex, every
                                       fourth in version 1, the others in version 2
  columnar_chunk.py --self-test        round-trips the golden series and a seeded corpus through its own decoder

A .samples file holds one sample per line: the timestamp in decimal and the value's raw IEEE-754 bits as 16
hex digits. A .hex file holds the encoded chunk as lowercase hex on one line.
"""
import math
import random
import struct
import sys
import os

MASK64 = (1 << 64) - 1
MINIBLOCK = 64
RICE_SPAN = 8
MAX_RICE = 56
MAX_EXPONENT = 18
EXPONENT_SAMPLES = 64
POWERS = [float(10 ** e) for e in range(MAX_EXPONENT + 1)]
LIMIT = float(2 ** 62)


def wrap(x):
    """Two's complement signed 64-bit value of x modulo 2^64."""
    x &= MASK64
    return x - (1 << 64) if x >> 63 else x


def zigzag(v):
    return ((v << 1) ^ (v >> 63)) & MASK64


def unzigzag(u):
    return wrap((u >> 1) ^ -(u & 1))


def varint(u):
    out = bytearray()
    while u >= 0x80:
        out.append((u & 0x7F) | 0x80)
        u >>= 7
    out.append(u)
    return bytes(out)


def width(u):
    return u.bit_length()


def packed_bytes(count, w):
    return (count * w + 7) // 8


def pack(values, w):
    acc = 0
    for i, v in enumerate(values):
        acc |= (v & ((1 << w) - 1)) << (i * w)
    return acc.to_bytes(packed_bytes(len(values), w), 'little')


def bits_of(d):
    return struct.unpack('<q', struct.pack('<d', d))[0]


def double_of(b):
    return struct.unpack('<d', struct.pack('<q', wrap(b)))[0]


# ---- integer column -------------------------------------------------------------------------------------------

def plan_packed(block, ext):
    """(bytes, form) of the smallest bit-packed or patched miniblock (the largest width on a tie), or in version 2
    (ext) of the smallest Rice miniblock if strictly shorter; form is ('packed', width, exceptions, high width) or
    ('rice', r)."""
    full = 0
    for y in block:
        full = max(full, width(y))
    if full == 0:
        return 1, ('packed', 0, 0, 0)
    counts = [0] * 65
    for y in block:
        counts[width(y)] += 1
    k = len(block)
    best = (1 + packed_bytes(k, full), full, 0)
    exceptions = 0
    for b in range(full - 1, -1, -1):
        exceptions += counts[b + 1]
        size = 3 + exceptions + packed_bytes(exceptions, full - b) + packed_bytes(k, b)
        if size < best[0]:
            best = (size, b, exceptions)
    plan = (best[0], ('packed', best[1], best[2], full - best[1]))
    if ext:
        for r in range(max(0, full - RICE_SPAN), min(full - 1, MAX_RICE) + 1):
            size = 1 + (k * (r + 1) + sum(y >> r for y in block) + 7) // 8
            if size < plan[0]:
                plan = (size, ('rice', r))
    return plan


def plan_miniblock(block, ext):
    """plan_packed, or in version 2 the sparse form (bitmap, then the non-zero values minus one as a nested
    miniblock) when some values are zero and it is strictly shorter: ('sparse', nested form)."""
    size, form = plan_packed(block, ext)
    if not ext or size == 1:
        return size, form
    non_zero = [y - 1 for y in block if y]
    if len(non_zero) == len(block):
        return size, form
    nested_size, nested = plan_packed(non_zero, True)
    sparse = 1 + (len(block) + 7) // 8 + nested_size
    if sparse < size:
        return sparse, ('sparse', nested)
    return size, form


def packed_cost(ys, ext):
    if not any(ys):
        return 1
    return 1 + sum(plan_miniblock(ys[i:i + MINIBLOCK], ext)[0] for i in range(0, len(ys), MINIBLOCK))


def write_miniblock(block, form):
    if form[0] == 'rice':
        r = form[1]
        acc, pos = 0, 0
        for y in block:
            acc |= (y & ((1 << r) - 1)) << pos
            pos += r
        for y in block:
            pos += y >> r
            acc |= 1 << pos
            pos += 1
        return bytes([0x41 + r]) + acc.to_bytes((pos + 7) // 8, 'little')
    if form[0] == 'sparse':
        bitmap = sum(1 << i for i, y in enumerate(block) if y)
        return (bytes([0x7F]) + bitmap.to_bytes((len(block) + 7) // 8, 'little') +
                write_miniblock([y - 1 for y in block if y], form[1]))
    _, b, e, hw = form
    out = bytearray()
    if e == 0:
        out.append(b)
    else:
        positions = [j for j, y in enumerate(block) if width(y) > b]
        out += bytes([b | 0x80, e, hw]) + bytes(positions)
        out += pack([block[j] >> b for j in positions], hw)
    out += pack(block, b)
    return bytes(out)


def write_packed(ys, ext):
    if not any(ys):
        return b'\x00'
    out = bytearray(b'\x01')
    for i in range(0, len(ys), MINIBLOCK):
        block = ys[i:i + MINIBLOCK]
        out += write_miniblock(block, plan_miniblock(block, ext)[1])
    return bytes(out)


def gcd_all(values):
    g = 0
    for v in values:
        g = math.gcd(g, v)
    return 1 if g in (0, 1) else g


def plan_column(x, ext):
    """The candidate forms of a non-constant column: list of (bytes, header, packed values), in tie order."""
    n = len(x)
    forms = []
    base = min(x)
    ys = [(v - base) & MASK64 for v in x]
    g = gcd_all(ys)
    ys = [y // g for y in ys]
    forms.append((1 + len(varint(zigzag(base))) + len(varint(g)) + packed_cost(ys, ext),
                  bytes([1]) + varint(zigzag(base)) + varint(g), ys))
    if n < 2:
        return forms
    deltas = [wrap(x[i] - x[i - 1]) for i in range(1, n)]
    base = min(deltas)
    ys = [(d - base) & MASK64 for d in deltas]
    g = gcd_all(ys)
    ys = [y // g for y in ys]
    forms.append((1 + len(varint(zigzag(x[0]))) + len(varint(zigzag(base))) + len(varint(g)) + packed_cost(ys, ext),
                  bytes([2]) + varint(zigzag(x[0])) + varint(zigzag(base)) + varint(g), ys))
    candidate, votes = 0, 0
    for d in deltas:
        if votes == 0:
            candidate, votes = d, 1
        else:
            votes += 1 if d == candidate else -1
    best = None
    for ref in ([0, candidate] if candidate != 0 else [0]):
        residual = [wrap(d - ref) for d in deltas]
        g = gcd_all([abs(r) for r in residual])
        shift = (g & -g).bit_length() - 1
        inverse = pow(g >> shift, -1, 1 << 64)
        ys = [zigzag(wrap((r >> shift) * inverse)) for r in residual]
        size = 1 + len(varint(zigzag(x[0]))) + len(varint(zigzag(ref))) + len(varint(g)) + packed_cost(ys, ext)
        if best is None or size < best[0]:
            best = (size, bytes([3]) + varint(zigzag(x[0])) + varint(zigzag(ref)) + varint(g), ys)
    forms.append(best)
    return forms


def column_cost(x, ext):
    if all(v == x[0] for v in x):
        return 1 + len(varint(zigzag(x[0])))
    return min(f[0] for f in plan_column(x, ext))


def encode_column(x, ext):
    if all(v == x[0] for v in x):
        return bytes([0]) + varint(zigzag(x[0]))
    forms = plan_column(x, ext)
    best = forms[0]
    if len(forms) > 1:
        level, delta, zz = forms
        if level[0] <= delta[0] and level[0] <= zz[0]:
            best = level
        elif zz[0] < delta[0]:
            best = zz
        else:
            best = delta
    return best[1] + write_packed(best[2], ext)


# ---- values ---------------------------------------------------------------------------------------------------

def fits(v, e):
    scaled = v * POWERS[e]
    if not math.fabs(scaled) < LIMIT:
        return False
    return bits_of(float(round(scaled)) / POWERS[e]) == bits_of(v)


def min_exponent(v):
    for e in range(MAX_EXPONENT + 1):
        if fits(v, e):
            return e
    return -1


def scale(values, e, ext):
    """(mantissas, residual column, [(position, residual)], residual section bytes, as column?)"""
    mantissas, column, listed = [], [], []
    previous, list_bytes = 0, 0
    for i, v in enumerate(values):
        if fits(v, e):
            previous = round(v * POWERS[e])
            mantissas.append(previous)
            column.append(0)
        else:
            scaled = v * POWERS[e]
            m = round(scaled) if math.fabs(scaled) < LIMIT else previous
            residual = wrap(bits_of(v) - bits_of(float(m) / POWERS[e]))
            mantissas.append(m)
            column.append(residual)
            listed.append((i, residual))
            list_bytes += 2 + len(varint(zigzag(residual)))
    list_bytes += len(varint(len(listed)))
    if not listed:
        return mantissas, column, listed, 1 + list_bytes, False
    column_bytes = column_cost(column, ext)
    return mantissas, column, listed, 1 + min(list_bytes, column_bytes), column_bytes < list_bytes


def encode_values(bits, ext):
    if all(b == bits[0] for b in bits):
        return bytes([0]) + struct.pack('<q', bits[0])
    values = [double_of(b) for b in bits]
    count = len(values)
    stride = max(1, count // EXPONENT_SAMPLES)
    exponents = sorted({min_exponent(values[i]) for i in range(0, count, stride)} - {-1})
    best = None

    def consider(e, best):
        mantissas, column, listed, residual_bytes, as_column = scale(values, e, ext)
        size = 2 + residual_bytes + column_cost(mantissas, ext)
        if best is None or size < best[0]:
            return size, e, mantissas, column, listed, as_column
        return best

    for e in exponents:
        best = consider(e, best)
    if best is not None and best[4]:
        listed = best[4]
        step = max(1, len(listed) // EXPONENT_SAMPLES)
        extra = {min_exponent(values[listed[j][0]]) for j in range(0, len(listed), step)}
        for e in sorted(extra - {-1} - set(exponents)):
            best = consider(e, best)
    if best is None or best[4]:
        raw_size = 1 + column_cost(bits, ext)
        if best is None or raw_size < best[0]:
            return bytes([2]) + encode_column(bits, ext)
    _, e, mantissas, column, listed, as_column = best
    out = bytearray([1, e]) + encode_column(mantissas, ext)
    if as_column:
        return bytes(out + bytes([1]) + encode_column(column, ext))
    out += bytes([0]) + varint(len(listed))
    for position, _ in listed:
        out += struct.pack('<H', position)
    for _, residual in listed:
        out += varint(zigzag(residual))
    return bytes(out)


def encode_chunk(timestamps, bits, version=2):
    """Encodes samples (signed 64-bit timestamps, raw value bits as signed 64-bit integers) in layout version 1 or 2
    (version 2: Rice and sparse miniblocks as well)."""
    count = len(timestamps)
    assert count == len(bits) and count <= 0xFFFF and version in (1, 2)
    ext = version == 2
    out = bytearray([0x02, version]) + struct.pack('<H', count)
    if count == 0:
        return bytes(out)
    return bytes(out + encode_column([wrap(t) for t in timestamps], ext) +
                 encode_values([wrap(b) for b in bits], ext))


# ---- decoder --------------------------------------------------------------------------------------------------

class Reader:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def take(self, n):
        if n < 0 or self.pos + n > len(self.data):
            raise ValueError('runs past the end at %d' % self.pos)
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def u8(self):
        return self.take(1)[0]

    def varint(self):
        result, shift = 0, 0
        while True:
            b = self.u8()
            result |= (b & 0x7F) << shift
            if not b & 0x80:
                if result > MASK64:
                    raise ValueError('varint above 64 bits')
                return result
            shift += 7
            if shift > 63:
                raise ValueError('varint longer than 10 bytes')

    def unpack(self, count, w):
        acc = int.from_bytes(self.take(packed_bytes(count, w)), 'little')
        return [(acc >> (i * w)) & ((1 << w) - 1) for i in range(count)]


def read_rice(r, k, p):
    """A Rice miniblock's bit stream: k low parts of p bits, then k unary quotients (zeros ended by a one)."""
    start = r.pos
    stream = int.from_bytes(r.data[start:], 'little')
    available = 8 * (len(r.data) - start)
    ys = [(stream >> (i * p)) & ((1 << p) - 1) for i in range(k)]
    pos = k * p
    for i in range(k):
        q = 0
        while True:
            if pos >= available:
                raise ValueError('Rice quotients run past the end')
            if (stream >> pos) & 1:
                break
            q += 1
            pos += 1
        pos += 1
        ys[i] = (ys[i] | q << p) & MASK64
    r.take((pos + 7) // 8)
    return ys


SEEN_HEADERS = []


def read_miniblock(r, k, ext, nested=False):
    h = r.u8()
    SEEN_HEADERS.append(h)
    if ext and h == 0x7F:
        if nested:
            raise ValueError('nested sparse miniblock')
        bitmap = int.from_bytes(r.take((k + 7) // 8), 'little')
        if bitmap == 0 or bitmap >> k:
            raise ValueError('sparse bitmap')
        non_zero = read_miniblock(r, bin(bitmap).count('1'), ext, True)
        ys, j = [], 0
        for i in range(k):
            if bitmap >> i & 1:
                ys.append((non_zero[j] + 1) & MASK64)
                j += 1
            else:
                ys.append(0)
        return ys
    if ext and 0x41 <= h <= 0x41 + MAX_RICE:
        return read_rice(r, k, h - 0x41)
    b = h & 0x7F
    if b > 64:
        raise ValueError('width')
    positions, highs = [], []
    if h & 0x80:
        e, hw = r.u8(), r.u8()
        if not (1 <= e <= k and hw >= 1 and b + hw <= 64):
            raise ValueError('exceptions')
        positions = list(r.take(e))
        if any(p >= k for p in positions) or positions != sorted(set(positions)):
            raise ValueError('positions')
        highs = r.unpack(e, hw)
    lows = r.unpack(k, b)
    for p, high in zip(positions, highs):
        lows[p] |= high << b
    return lows


def read_packed(r, m, ext):
    flag = r.u8()
    if flag == 0:
        return [0] * m
    if flag != 1:
        raise ValueError('packed flag')
    ys = []
    for i in range(0, m, MINIBLOCK):
        ys += read_miniblock(r, min(MINIBLOCK, m - i), ext)
    return ys


def decode_column(r, n, ext):
    kind = r.u8()
    if kind == 0:
        return [unzigzag(r.varint())] * n
    if kind == 1:
        base, g = unzigzag(r.varint()), r.varint()
        return [wrap(base + y * g) for y in read_packed(r, n, ext)]
    if kind in (2, 3) and n >= 2:
        x = unzigzag(r.varint())
        base = unzigzag(r.varint())
        g = r.varint()
        out = [x]
        for y in read_packed(r, n - 1, ext):
            x = wrap(x + base + (y if kind == 2 else unzigzag(y)) * g)
            out.append(x)
        return out
    raise ValueError('column kind')


def decode_chunk(data):
    r = Reader(data)
    if len(data) < 4 or data[0] != 0x02 or data[1] not in (0x01, 0x02):
        raise ValueError('header')
    ext = data[1] == 0x02
    r.take(2)
    count = struct.unpack('<H', r.take(2))[0]
    if count == 0:
        timestamps, bits = [], []
    else:
        timestamps = decode_column(r, count, ext)
        kind = r.u8()
        if kind == 0:
            bits = [struct.unpack('<q', r.take(8))[0]] * count
        elif kind == 2:
            bits = decode_column(r, count, ext)
        elif kind == 1:
            e = r.u8()
            if e > MAX_EXPONENT:
                raise ValueError('exponent')
            bits = [bits_of(float(m) / POWERS[e]) for m in decode_column(r, count, ext)]
            mode = r.u8()
            if mode == 1:
                bits = [wrap(b + residual) for b, residual in zip(bits, decode_column(r, count, ext))]
            elif mode == 0:
                listed = r.varint()
                if listed > count:
                    raise ValueError('exceptions')
                positions = [struct.unpack('<H', r.take(2))[0] for _ in range(listed)]
                if any(p >= count for p in positions) or positions != sorted(set(positions)):
                    raise ValueError('positions')
                for p in positions:
                    bits[p] = wrap(bits[p] + unzigzag(r.varint()))
            else:
                raise ValueError('residuals mode')
        else:
            raise ValueError('values kind')
    if r.pos != len(data):
        raise ValueError('trailing bytes')
    return timestamps, bits


# ---- vectors --------------------------------------------------------------------------------------------------

T0 = 1704067200000


def golden_series():
    """Named series of the golden vectors: small, readable, one feature each."""
    series = {}
    series['empty'] = ([], [])
    series['single'] = ([T0], [bits_of(12.5)])
    series['constant'] = ([T0 + 10000 * i for i in range(100)], [bits_of(42.0)] * 100)
    series['decimals'] = ([T0 + 10000 * i for i in range(150)],
                          [bits_of(round(20 + 5 * math.sin(i / 7.0), 2)) for i in range(150)])
    series['container-cpu'] = ([T0 + 10000 * i for i in range(130)],
                               [bits_of(((i * 7919) % 1000003 * 613 + 12345678) / 1e8) for i in range(130)])
    series['memory-pages'] = ([T0 + 10000 * i for i in range(90)],
                              [bits_of(float(4096 * (50000 + (i * 37) % 200 - 100))) for i in range(90)])
    series['counter-resets'] = ([T0 + 15000 * i + (i % 3) - 1 for i in range(120)],
                                [bits_of(float(0 if i % 40 == 39 else (i % 40) * 137)) for i in range(120)])
    series['near-decimals'] = ([T0 + 300000 * i for i in range(80)],
                               [bits_of(44.986000000000004 if i % 5 == 0 else round(40 + (i % 13) * 0.517, 3))
                                for i in range(80)])
    series['special-doubles'] = (list(range(12)), [
        bits_of(float('nan')), wrap(0x7FF0000000000001), wrap(0xFFF8DEADBEEF0001), bits_of(-0.0),
        bits_of(float('inf')), bits_of(float('-inf')), 1, wrap(0x800FFFFFFFFFFFFF), bits_of(1.7976931348623157e308),
        bits_of(0.1), bits_of(-0.0), bits_of(3.0)])
    series['extreme-timestamps'] = ([-(1 << 63), (1 << 63) - 1, 0, -1, -1, 5, (1 << 63) - 1],
                                    [bits_of(v) for v in (1.0, -1.0, 1e300, 5e-324, 2.5, 2.5, 0.0)])
    series['irregular-gaps'] = ([T0 + 60000 * (10 * i + (7 * i * i) % 23 // 20 * 30 + (i % 11 == 0)) for i in
                                 range(200)], [bits_of(float(60 + (i * 13) % 40)) for i in range(200)])
    series['repeats-and-jumps'] = ([T0 + 1000 * i for i in range(150)],
                                   [bits_of(-73.9643503153147 if (i // 7) % 2 else -73.8887029914239 + (i % 3))
                                    for i in range(150)])
    series['sparse-spikes'] = ([T0 + 10000 * i for i in range(256)],
                               [bits_of(409.6 * ((i * 31) % 97) if i % 50 == 3 else 0.0) for i in range(256)])
    lcg = 0x5EED
    random_bits = []
    for _ in range(70):
        lcg = (lcg * 6364136223846793005 + 1442695040888963407) & MASK64
        random_bits.append(wrap(lcg))
    series['random-bits'] = ([wrap(b * 3) for b in random_bits], random_bits)
    return series


def corpus_series(count, seed):
    """Seeded random series mixing the golden shapes, for differential tests against the Java encoder."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        n = rng.choice([1, 2, 3, 17, 64, 65, 200, 720, rng.randint(1, 3000)])
        t = rng.randint(-(1 << 62), 1 << 62) if rng.random() < 0.1 else T0 + rng.randint(0, 10 ** 6)
        step = rng.choice([10000, 15000, 300000, 1, 0])
        v = rng.randint(0, 10 ** 6) / 100.0
        timestamps, bits = [], []
        decimals = rng.choice([0, 1, 2, 3, 8, 12])
        noise = rng.choice(['walk', 'walk', 'rates', 'bursts'])
        for _ in range(n):
            shape = rng.random()
            if shape < 0.05:
                t = rng.randint(-(1 << 63), (1 << 63) - 1)
            else:
                t = wrap(t + step + (rng.randint(-2, 2) if rng.random() < 0.1 else 0)
                         + (step * rng.randint(1, 5) if rng.random() < 0.05 else 0))
            shape = rng.random()
            if shape < 0.03:
                b = rng.randint(-(1 << 63), (1 << 63) - 1)
            elif shape < 0.06:
                b = rng.choice([bits_of(-0.0), bits_of(float('inf')), wrap(0x7FF8000000000123), 1])
            elif shape < 0.2:
                b = bits_of(v)
            elif shape < 0.25:
                b = bits_of(math.nextafter(v, math.inf))
            elif noise == 'bursts':
                b = bits_of(0.0 if rng.random() < 0.6 else 409.6 * rng.randint(1, 3000))
            elif noise == 'rates':
                b = bits_of(max(0, round(v * 10 + rng.gauss(0, 20000))) / 10.0)
            else:
                v = round(v + rng.gauss(0, 50), decimals)
                b = bits_of(v)
            timestamps.append(t)
            bits.append(b)
        out.append((timestamps, bits))
    return out


def write_vector(directory, name, timestamps, bits, version):
    with open(os.path.join(directory, name + '.samples'), 'w') as f:
        for t, b in zip(timestamps, bits):
            f.write('%d %016x\n' % (t, b & MASK64))
    with open(os.path.join(directory, name + '.hex'), 'w') as f:
        f.write(encode_chunk(timestamps, bits, version).hex() + '\n')


def golden_series_v2():
    """Named series of the version 2 golden vectors: the version 1 shapes, and shapes for Rice and sparse
    miniblocks (noisy rates, block-I/O bursts among zeros, a few large values among small noise)."""
    series = dict(golden_series())
    lcg = 0xC0DEC
    noise = []
    for _ in range(700):
        lcg = (lcg * 6364136223846793005 + 1442695040888963407) & MASK64
        noise.append(lcg >> 40)
    series['noisy-rates'] = ([T0 + 10000 * i for i in range(300)],
                             [bits_of((1050000 + sum(noise[i + j] % 100000 for j in range(4))) / 10)
                              for i in range(300)])
    series['network-counter'] = ([T0 + 10000 * i for i in range(260)],
                                 [bits_of(float(sum(500 + noise[j] % 3000 for j in range(i)))) for i in range(260)])
    series['blkio-bursts'] = ([T0 + 10000 * i for i in range(200)],
                              [bits_of(0.0 if noise[i] % 5 < 3 else 409.6 * (1 + noise[i + 300] % 900))
                               for i in range(200)])
    series['ops-among-zeros'] = ([T0 + 10000 * i for i in range(130)],
                                 [bits_of(0.0 if noise[i] % 3 else (1 + noise[i + 200] % 200) / 10) for i in range(130)])
    series['small-noise-with-spikes'] = ([T0 + 10000 * i for i in range(128)],
                                         [bits_of(float(noise[i] % 64 + (1 << 30 if i % 41 == 7 else 0)))
                                          for i in range(128)])
    return series


def self_test():
    cases = list(golden_series_v2().values()) + corpus_series(60, 1)
    for version in (1, 2):
        for timestamps, bits in cases:
            chunk = encode_chunk(timestamps, bits, version)
            assert decode_chunk(chunk) == ([wrap(t) for t in timestamps], [wrap(b) for b in bits])
    rice = sparse = 0
    for timestamps, bits in golden_series_v2().values():
        chunk = encode_chunk(timestamps, bits, 2)
        assert len(chunk) <= len(encode_chunk(timestamps, bits, 1))
        rice += any(0x41 <= h <= 0x79 for h in miniblock_headers(chunk))
        sparse += 0x7F in miniblock_headers(chunk)
    assert rice and sparse, 'the version 2 golden series must exercise Rice and sparse miniblocks'
    print('self-test: %d chunks round-trip in both versions; Rice in %d, sparse in %d golden v2 chunks'
          % (len(cases), rice, sparse))


def miniblock_headers(chunk):
    """Header bytes of every miniblock of a chunk, nested ones included."""
    SEEN_HEADERS.clear()
    decode_chunk(chunk)
    return list(SEEN_HEADERS)


def main(argv):
    if argv[:1] == ['--golden'] and len(argv) == 2:
        os.makedirs(argv[1], exist_ok=True)
        for name, (timestamps, bits) in golden_series().items():
            write_vector(argv[1], 'columnar-v1-' + name, timestamps, bits, 1)
        for name, (timestamps, bits) in golden_series_v2().items():
            write_vector(argv[1], 'columnar-v2-' + name, timestamps, bits, 2)
    elif argv[:1] == ['--corpus'] and len(argv) == 4:
        os.makedirs(argv[1], exist_ok=True)
        for i, (timestamps, bits) in enumerate(corpus_series(int(argv[2]), int(argv[3]))):
            # Three in four chunks in version 2, the others in version 1.
            write_vector(argv[1], 'corpus-%04d' % i, timestamps, bits, 1 if i % 4 == 3 else 2)
    elif argv == ['--self-test']:
        self_test()
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Writes the seed corpora under tests/fuzz/corpus/<target>/ (docs/fuzzing.md).

The seeds are small hand-made inputs: valid files of every kind each reader supports, a few
truncated or malformed ones, and byte programs for the pipeline and C API targets. Rerun after
changing this script; regression inputs found by fuzzing live beside the seeds as crash-*.
"""
import gzip
import os
import random

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")


def put(target, name, data):
    folder = os.path.join(here, target)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(folder, name), "wb") as out:
        out.write(data)


# ---- Matrix Market ----
banner = "%%MatrixMarket matrix {} {} {}\n"
mm = {
    "real-general": banner.format("coordinate", "real", "general")
    + "% comment\n3 3 5\n1 1 1.5\n3 1 4e10\n2 2 3.25\n1 3 -2\n3 3 5e-3\n",
    "real-general-duplicates": banner.format("coordinate", "real", "general")
    + "2 2 4\n1 1 1\n1 1 2\n2 2 0\n2 1 -1.0e-300\n",
    "real-symmetric": banner.format("coordinate", "real", "symmetric")
    + "3 3 4\n1 1 4\n2 1 -1\n3 2 2\n3 3 5\n",
    "real-skew": banner.format("coordinate", "real", "skew-symmetric") + "3 3 2\n2 1 3\n3 1 -1.5\n",
    "integer-general": banner.format("coordinate", "integer", "general")
    + "2 3 3\n1 1 7\n2 3 -12\n1 2 0\n",
    "integer-symmetric": banner.format("coordinate", "integer", "symmetric") + "2 2 2\n1 1 1\n2 1 9\n",
    "pattern-general": banner.format("coordinate", "pattern", "general") + "3 3 3\n1 2\n2 3\n3 1\n",
    "pattern-symmetric": banner.format("coordinate", "pattern", "symmetric") + "3 3 3\n1 1\n2 1\n3 3\n",
    "complex-general": banner.format("coordinate", "complex", "general")
    + "2 2 2\n1 1 1.0 -2.0\n2 1 0.5 0.25\n",
    "complex-hermitian": banner.format("coordinate", "complex", "hermitian")
    + "2 2 2\n1 1 2.0 0.0\n2 1 1.0 1.0\n",
    "complex-skew": banner.format("coordinate", "complex", "skew-symmetric") + "2 2 1\n2 1 1 2\n",
    "complex-symmetric": banner.format("coordinate", "complex", "symmetric") + "2 2 2\n1 1 1 1\n2 1 3 -3\n",
    "array-real-general": banner.format("array", "real", "general") + "2 3\n1\n2\n3\n4\n5\n6\n",
    "array-real-symmetric": banner.format("array", "real", "symmetric") + "3 3\n1\n2\n3\n4\n5\n6\n",
    "array-real-skew": banner.format("array", "real", "skew-symmetric") + "3 3\n1\n2\n3\n",
    "array-integer": banner.format("array", "integer", "general") + "2 2\n1\n0\n0\n-4\n",
    "array-complex-hermitian": banner.format("array", "complex", "hermitian")
    + "2 2\n1 0\n2 3\n4 0\n",
    "nonfinite": banner.format("coordinate", "real", "general") + "2 2 3\n1 1 nan\n2 2 -Inf\n1 2 1e999\n",
    "empty": banner.format("coordinate", "real", "general") + "0 0 0\n",
    "crlf": banner.format("coordinate", "real", "general").replace("\n", "\r\n") + "1 1 1\r\n1 1 2\r\n",
    # malformed ones
    "truncated": banner.format("coordinate", "real", "general") + "3 3 5\n1 1 1.5\n3 1",
    "bad-index": banner.format("coordinate", "real", "general") + "2 2 1\n3 1 1\n",
    "bad-banner": "%%MatrixMarket matrix coordinate float general\n1 1 0\n",
    "both-triangles": banner.format("coordinate", "real", "symmetric") + "2 2 2\n2 1 1\n1 2 1\n",
    "no-size": banner.format("coordinate", "real", "general"),
    "huge-count": banner.format("coordinate", "real", "general") + "2 2 999999999999\n1 1 1\n",
}
for name, text in mm.items():
    put("matrix_market", name + ".mtx", text)
put("matrix_market", "real-general.mtx.gz", gzip.compress(mm["real-general"].encode(), mtime=0))


# ---- Rutherford-Boeing ----
def right(text, width):
    return text.rjust(width)


def title(text):
    return text.ljust(72) + "SEEDKEY1\n"


def counts(values):
    return "".join(right(str(v), 14) for v in values) + "\n"


def type_line(kind, rows, cols, nnz):
    return kind + " " * 11 + counts([rows, cols, nnz, 0])


def formats(pointers, indices, values=""):
    return pointers.ljust(16) + indices.ljust(16) + values + "\n"


rb = {
    "rua-touching": title("RUA") + counts([5, 1, 1, 3, 0]) + type_line("RUA", 3, 3, 5)
    + formats("(4I1)", "(5I1)", "(1P,2D12.5)") + "1346\n13213\n+1.50000D+00+4.00000D+10\n"
    "+3.25000D+00-2.00000D+00\n+5.00000d-03\n",
    "rua-fortran": title("forms") + counts([3, 1, 1, 1]) + type_line("RUA", 4, 1, 4)
    + formats("(2I3)", "(4I3)", "(4E10.3)") + "  1  5\n  1  2  3  4\n" + right("1.5-300", 10)
    + right("12345", 10) + right("2.5d+02", 10) + "-7.0E 01  \n",
    "rua-groups": title("groups") + counts([3, 1, 1, 1]) + type_line("RUA", 1, 3, 3)
    + formats("(4I2)", "(3I2)", "(3(1X,E11.4))") + " 1 2 3 4\n 1 1 1\nX 1.2500E+00X-2.5000E+00X 3.7500E-01\n",
    "rsa-rhs": title("RSA rhs") + counts([5, 1, 1, 1, 1]) + type_line("RSA", 3, 3, 4)
    + formats("(10I3)", "(10I3)", "(4E14.6)".ljust(20) + "(4E14.6)") + "RHS" + " " * 11
    + counts([1, 0]) + "  1  3  4  5\n  1  2  3  3\n" + right("4.000000E+00", 14)
    + right("-1.000000E+00", 14) + right("2.000000E+00", 14) + right("5.000000E+00", 14) + "\n"
    + right("9.0", 14) + right("8.0", 14) + right("7.0", 14) + "\n",
    "rza": title("skew") + counts([3, 1, 1, 1]) + type_line("RZA", 2, 2, 1)
    + formats("(3I2)", "(1I2)", "(1E12.4)") + " 1 2 2\n 2\n" + right("3.0000E+00", 12) + "\n",
    "pua": title("pattern") + counts([2, 1, 1, 0]) + type_line("PUA", 2, 3, 3)
    + formats("(4I2)", "(3I2)") + " 1 2 3 4\n 2 1 2\n",
    "psa": title("symmetric pattern") + counts([2, 1, 1, 0]) + type_line("PSA", 3, 3, 3)
    + formats("(4I2)", "(3I2)") + " 1 3 4 4\n 1 3 3\n",
    "iua": title("integer") + counts([3, 1, 1, 1]) + type_line("IUA", 2, 2, 2)
    + formats("(3I2)", "(2I2)", "(2I4)") + " 1 2 3\n 1 2\n   7  -3\n",
    "cha": title("hermitian") + counts([4, 1, 1, 2]) + type_line("CHA", 2, 2, 2)
    + formats("(3I2)", "(2I2)", "(2E10.3)") + " 1 3 3\n 1 2\n" + right("2.000E+00", 10)
    + right("0.000E+00", 10) + "\n" + right("1.000E+00", 10) + right("-1.000E+00", 10) + "\n",
    "cua": title("unsymmetric") + counts([3, 1, 1, 1]) + type_line("CUA", 1, 2, 1)
    + formats("(3I2)", "(1I2)", "(2E10.3)") + " 1 1 2\n 1\n" + right("5.000E-01", 10)
    + right("2.500E+00", 10) + "\n",
    "rra": title("rectangular") + counts([3, 1, 1, 1]) + type_line("RRA", 3, 2, 3)
    + formats("(3I2)", "(3I2)", "(3F6.2)") + " 1 3 4\n 1 3 2\n  1.00 -2.50  0.00\n",
    # malformed ones
    "bad-pointer": title("errors") + counts([4, 2, 1, 1]) + type_line("RUA", 2, 3, 2)
    + formats("(2I2)", "(2I2)", "(2E10.3)") + " 1 2\n 1 3\n 1 2\n" + right("1.0", 10) + right("2.0", 10) + "\n",
    "truncated": title("truncated") + counts([3, 1, 1, 1]) + type_line("RUA", 2, 2, 3)
    + formats("(3I2)", "(3I2)", "(3E10.3)") + " 1 3 4\n 1 2",
    "elemental": title("elemental") + counts([3, 1, 1, 1]) + type_line("RUE", 2, 2, 3)
    + formats("(3I2)", "(3I2)", "(3E10.3)") + " 1 3 4\n 1 2 2\n",
}
for name, text in rb.items():
    put("rutherford_boeing", name + ".rb", text)
put("rutherford_boeing", "psa.rb.gz", gzip.compress(rb["psa"].encode(), mtime=0))

# ---- pipeline and C API: byte programs (any bytes are valid inputs) ----
generator = random.Random(20240601)
for k in range(24):
    size = generator.choice([8, 32, 96, 200, 400])
    put("pipeline", "random-%02d" % k, bytes(generator.randrange(256) for _ in range(size)))
    put("capi", "random-%02d" % k, bytes(generator.randrange(256) for _ in range(size)))
# A 20x20 matrix with a diagonal and 60 small entries, default-like options.
program = bytes([20, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
program += bytes([0, 8] * 20) + bytes([generator.randrange(256) for _ in range(240)])
put("pipeline", "diagonal-20", program)

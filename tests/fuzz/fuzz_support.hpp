// Helpers shared by the libFuzzer targets: reporting a failed check, reading choices out of
// the fuzzer's bytes, comparing matrices and a private scratch folder for files.
#pragma once

#include <stdlib.h>
#include <unistd.h>

#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>

#include "lupine/sparse.hpp"

namespace fuzz {

/// A broken invariant: print it and abort, which libFuzzer records as a crash with the input.
[[noreturn]] inline void fail(const std::string& what) {
  std::fprintf(stderr, "fuzz check failed: %s\n", what.c_str());
  std::abort();
}

inline void check(bool condition, const char* what) {
  if (!condition) fail(what);
}

/// Choices drawn from the fuzzer's bytes, front to back; zeros once the bytes run out, so that
/// a short input still describes a complete (small) case.
class Bytes {
 public:
  Bytes(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  std::uint8_t byte() { return position_ < size_ ? data_[position_++] : 0; }
  std::uint16_t word() {
    const std::uint16_t low = byte();
    return static_cast<std::uint16_t>(low | (byte() << 8));
  }
  /// A value in [0, count) (count > 0).
  unsigned below(unsigned count) { return byte() % count; }
  bool flag() { return (byte() & 1) != 0; }
  bool empty() const { return position_ >= size_; }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t position_ = 0;
};

/// One entry of `table`, chosen by the next byte.
template <class T, std::size_t count>
T pick(Bytes& bytes, const T (&table)[count]) {
  return table[bytes.below(static_cast<unsigned>(count))];
}

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

/// Equal, counting two NaNs as equal (a value read twice must come back the same).
inline bool same_value(double a, double b) {
  return a == b || (std::isnan(a) && std::isnan(b));
}
inline bool same_value(std::complex<double> a, std::complex<double> b) {
  return same_value(a.real(), b.real()) && same_value(a.imag(), b.imag());
}
inline bool same_value(std::complex<double> a, double b) {
  return same_value(a.real(), b) && a.imag() == 0;
}

/// Same dimensions, same pattern and the same values (`Other` may be wider in both types).
template <class Scalar, class Index, class OtherScalar, class OtherIndex>
bool same_matrix(const lupine::CscMatrix<Scalar, Index>& a,
                 const lupine::CscMatrix<OtherScalar, OtherIndex>& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols() || a.nnz() != b.nnz()) return false;
  for (Index j = 0; j <= a.cols(); ++j) {
    if (a.col_ptr()[j] != b.col_ptr()[j]) return false;
  }
  for (Index p = 0; p < a.nnz(); ++p) {
    if (a.row_indices()[p] != b.row_indices()[p]) return false;
  }
  if (a.values().size() != b.values().size()) return false;
  for (std::size_t p = 0; p < a.values().size(); ++p) {
    if (!same_value(b.values()[p], a.values()[p])) return false;
  }
  return true;
}

/// A folder of its own under /tmp for the process's files, removed at exit.
class ScratchFolder {
 public:
  ScratchFolder() {
    char pattern[] = "/tmp/lupine-fuzz-XXXXXX";
    const char* made = ::mkdtemp(pattern);
    if (made == nullptr) fail("cannot create a scratch folder under /tmp");
    path_ = made;
  }
  ~ScratchFolder() {
    for (const char* name : {"/input", "/output.mtx"}) std::remove((path_ + name).c_str());
    ::rmdir(path_.c_str());
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;

  /// `name` is "/input" or "/output.mtx", the two files the targets use.
  std::string file(const char* name) const { return path_ + name; }

 private:
  std::string path_;
};

inline bool write_file(const std::string& path, const std::string& bytes) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return false;
  const bool written = std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size();
  return std::fclose(file) == 0 && written;
}

}  // namespace fuzz

// LAPACK reports an illegal argument through xerbla_, which in OpenBLAS prints and returns; the
// targets' own definition (the executable's symbol wins over the shared library's) makes it a
// crash the fuzzer records. Each target is one translation unit, so one definition each.
extern "C" void xerbla_(const char* routine, const int* argument, std::size_t length) {
  fuzz::fail("LAPACK " + std::string(routine, length) + " rejected its argument " +
             std::to_string(*argument));
}

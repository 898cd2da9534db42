// Helpers shared by the io tests: temporary folders, dense views of CSC matrices, and
// catching the Error a call throws.
#pragma once

#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "lupine/error.hpp"
#include "lupine/sparse.hpp"

namespace io_test {

/// A fresh folder under /tmp, removed with its files when the object goes.
class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/lupine-io-test-XXXXXX";
    const char* made = ::mkdtemp(pattern);
    if (made == nullptr) throw std::runtime_error("cannot create a temporary folder");
    path_ = made;
  }
  ~TempDir() {
    for (const std::string& file : files_) std::remove(file.c_str());
    ::rmdir(path_.c_str());
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  /// The path of `name` inside the folder (the file is removed with the folder).
  std::string file(const std::string& name) {
    files_.push_back(path_ + "/" + name);
    return files_.back();
  }

 private:
  std::string path_;
  std::vector<std::string> files_;
};

inline void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  if (!out) throw std::runtime_error("cannot write " + path);
}

inline std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// Writes `text` gzip-compressed (one gzip member).
inline void gzip_file(const std::string& path, const std::string& text) {
  gzFile file = gzopen(path.c_str(), "wb9");
  if (file == nullptr) throw std::runtime_error("cannot create " + path);
  const int written = gzwrite(file, text.data(), static_cast<unsigned>(text.size()));
  if (gzclose(file) != Z_OK || written != static_cast<int>(text.size())) {
    throw std::runtime_error("cannot write " + path);
  }
}

/// Row-major dense copy of a CSC matrix (absent entries are Scalar{}).
template <class Scalar, class Index>
std::vector<std::vector<Scalar>> dense(const lupine::CscMatrix<Scalar, Index>& matrix) {
  std::vector<std::vector<Scalar>> result(
      static_cast<std::size_t>(matrix.rows()),
      std::vector<Scalar>(static_cast<std::size_t>(matrix.cols())));
  for (Index j = 0; j < matrix.cols(); ++j) {
    for (Index p = matrix.col_ptr()[j]; p < matrix.col_ptr()[j + 1]; ++p) {
      result[matrix.row_indices()[p]][j] = matrix.has_values() ? matrix.values()[p] : Scalar(1);
    }
  }
  return result;
}

/// The Error that `call` throws; fails the test when it throws none.
template <class Call>
lupine::Error error_of(Call&& call) {
  try {
    call();
  } catch (const lupine::Error& error) {
    return error;
  }
  FAIL("expected a lupine::Error, none was thrown");
  throw std::logic_error("unreachable");
}

/// Same pattern and the same values, bit for bit.
template <class Scalar, class Index>
bool identical(const lupine::CscMatrix<Scalar, Index>& a,
               const lupine::CscMatrix<Scalar, Index>& b) {
  return a.same_pattern(b) && a.values() == b.values();
}

}  // namespace io_test

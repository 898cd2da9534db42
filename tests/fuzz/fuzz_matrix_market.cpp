// libFuzzer target: the bytes are a Matrix Market file (any format, field and symmetry, plain
// or gzip-compressed). Reading may fail only with a lupine::Error; a file that reads must give
// a valid matrix, read the same into wider types, and survive a write and a second read
// unchanged (values are written in round-trip form).
#include <complex>
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "lupine/io.hpp"

using Complex = std::complex<double>;

namespace {

// A 30-byte size line may declare 10^9 columns: CSC then needs 4 GB of column pointers,
// which is the declared matrix, not a reader fault. Such files are left out.
constexpr std::int64_t largest_dimension = std::int64_t{1} << 20;

const fuzz::ScratchFolder& folder() {
  static const fuzz::ScratchFolder scratch;
  return scratch;
}

bool same_header(const lupine::MatrixMarketHeader& a, const lupine::MatrixMarketHeader& b) {
  return a.format == b.format && a.field == b.field && a.symmetry == b.symmetry &&
         a.rows == b.rows && a.cols == b.cols && a.stored_entries == b.stored_entries;
}

void check_error(const lupine::Error& error) {
  if (error.kind() == lupine::ErrorKind::parse_error) {
    fuzz::check(error.line() >= 1, "a parse error without its line");
  }
  fuzz::check(error.what()[0] != '\0', "an error without a message");
}

template <class Scalar, class Index>
void check_read_back(const lupine::CscMatrix<Scalar, Index>& matrix,
                     lupine::MatrixMarketSymmetry symmetry, const lupine::ReadOptions& options) {
  const std::string output = folder().file("/output.mtx");
  lupine::write_matrix_market(output, matrix, symmetry, "written by fuzz_matrix_market");
  const lupine::CscMatrix<Scalar, Index> back =
      lupine::read_matrix_market<Scalar, Index>(output, options);
  fuzz::check(fuzz::same_matrix(matrix, back), "the matrix written and read back differs");
}

template <class Scalar, class Index>
bool all_finite(const lupine::CscMatrix<Scalar, Index>& matrix) {
  for (const Scalar& value : matrix.values()) {
    if (!std::isfinite(std::abs(value))) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string input = folder().file("/input");
  if (!fuzz::write_file(input, text)) fuzz::fail("cannot write the input file");

  lupine::MatrixMarketHeader header;
  bool header_read = false;
  try {
    header = lupine::read_matrix_market_header(input);
    header_read = true;
    if (header.rows > largest_dimension || header.cols > largest_dimension) return 0;
  } catch (const lupine::Error& error) {
    check_error(error);
  }

  // Real scalars, 32-bit indices, NaN/Inf refused: the strictest reading.
  lupine::CscMatrix<double, std::int32_t> real;
  bool real_read = false;
  try {
    lupine::MatrixMarketHeader parsed;
    real = lupine::parse_matrix_market<double, std::int32_t>(text, "fuzz.mtx", &parsed);
    real_read = true;
    fuzz::check(header_read && same_header(header, parsed),
                "parse_matrix_market and read_matrix_market_header disagree on the header");
    fuzz::check(real.rows() == parsed.rows && real.cols() == parsed.cols,
                "the matrix does not have the header's dimensions");
    real.validate(true);
  } catch (const lupine::Error& error) {
    check_error(error);
  }

  // Complex scalars, 64-bit indices, NaN/Inf allowed: everything the strict reading accepts
  // and more, with the same entries.
  lupine::ReadOptions lenient;
  lenient.allow_non_finite = true;
  lupine::CscMatrix<Complex, std::int64_t> wide;
  bool wide_read = false;
  try {
    lupine::MatrixMarketHeader parsed;
    wide = lupine::parse_matrix_market<Complex, std::int64_t>(text, "fuzz.mtx", lenient, &parsed);
    wide_read = true;
    wide.validate(false);
  } catch (const lupine::Error& error) {
    check_error(error);
  }
  if (real_read) {
    fuzz::check(wide_read, "a file read as real cannot be read as complex");
    fuzz::check(fuzz::same_matrix(real, wide), "the real and complex readings differ");
    check_read_back(real, lupine::MatrixMarketSymmetry::general, lupine::ReadOptions());
  }
  if (wide_read) {
    check_read_back(wide, lupine::MatrixMarketSymmetry::general, lenient);
    if (header.symmetry != lupine::MatrixMarketSymmetry::general && all_finite(wide)) {
      // The expanded matrix mirrors itself exactly, so the writer must take it back.
      check_read_back(wide, header.symmetry, lenient);
    }
  }

  // The dense reading of a small file has the sparse reading's shape and zeros.
  if (real_read && static_cast<std::int64_t>(real.rows()) * real.cols() <= (1 << 16)) {
    lupine::DenseMatrix<double> dense;
    try {
      dense = lupine::parse_matrix_market_dense<double>(text, "fuzz.mtx");
    } catch (const lupine::Error& error) {
      fuzz::fail(std::string("the sparse reading succeeds, the dense one fails: ") + error.what());
    }
    fuzz::check(dense.rows == real.rows() && dense.cols == real.cols(),
                "the dense reading has other dimensions");
    for (std::int32_t j = 0; j < real.cols(); ++j) {
      std::int32_t p = real.col_ptr()[j];
      for (std::int32_t i = 0; i < real.rows(); ++i) {
        const bool stored = p < real.col_ptr()[j + 1] && real.row_indices()[p] == i;
        if (stored) {
          ++p;
        } else {
          fuzz::check(dense(i, j) == 0.0, "the dense reading has an entry the sparse one lacks");
        }
      }
    }
  }
  return 0;
}

// libFuzzer target: the bytes are a Rutherford-Boeing / Harwell-Boeing file (any type, plain
// or gzip-compressed). Reading may fail only with a lupine::Error; a file that reads must give
// a valid matrix, read the same into wider types, and survive a Matrix Market write and read
// unchanged.
#include <complex>
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "lupine/io.hpp"

using Complex = std::complex<double>;

namespace {

const fuzz::ScratchFolder& folder() {
  static const fuzz::ScratchFolder scratch;
  return scratch;
}

void check_error(const lupine::Error& error) {
  if (error.kind() == lupine::ErrorKind::parse_error) {
    fuzz::check(error.line() >= 1, "a parse error without its line");
  }
  fuzz::check(error.what()[0] != '\0', "an error without a message");
}

template <class Scalar, class Index>
void check_read_back(const lupine::CscMatrix<Scalar, Index>& matrix,
                     const lupine::ReadOptions& options) {
  const std::string output = folder().file("/output.mtx");
  lupine::write_matrix_market(output, matrix, lupine::MatrixMarketSymmetry::general,
                              "written by fuzz_rutherford_boeing");
  const lupine::CscMatrix<Scalar, Index> back =
      lupine::read_matrix_market<Scalar, Index>(output, options);
  fuzz::check(fuzz::same_matrix(matrix, back), "the matrix written and read back differs");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);

  // Real scalars, 32-bit indices, NaN/Inf refused: the strictest reading.
  lupine::CscMatrix<double, std::int32_t> real;
  bool real_read = false;
  try {
    real = lupine::parse_rutherford_boeing<double, std::int32_t>(text, "fuzz.rb");
    real_read = true;
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
    wide = lupine::parse_rutherford_boeing<Complex, std::int64_t>(text, "fuzz.rb", lenient);
    wide_read = true;
    wide.validate(false);
  } catch (const lupine::Error& error) {
    check_error(error);
  }
  if (real_read) {
    fuzz::check(wide_read, "a file read as real cannot be read as complex");
    fuzz::check(fuzz::same_matrix(real, wide), "the real and complex readings differ");
    check_read_back(real, lupine::ReadOptions());
  }
  if (wide_read) check_read_back(wide, lenient);
  return 0;
}

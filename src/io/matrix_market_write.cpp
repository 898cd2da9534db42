// Matrix Market writer: coordinate files from CSC, array files from dense matrices.
#include <charconv>
#include <complex>
#include <cstdint>
#include <string>
#include <vector>

#include "io/text_file.hpp"
#include "lupine/io.hpp"

namespace lupine {
namespace {

// Longest line of a complex coordinate entry: two 64-bit indices (20 characters each) and
// two shortest round-trip doubles (at most 24 characters each), blanks and newline.
constexpr std::size_t longest_entry_line = 128;

char* put_integer(char* out, std::int64_t value) {
  return std::to_chars(out, out + 24, value).ptr;
}

// The shortest text that reads back to the same double: at most 17 significant digits.
char* put_real(char* out, double value) {
  return std::to_chars(out, out + 32, value).ptr;
}

template <class Scalar>
char* put_value(char* out, const Scalar& value) {
  if constexpr (is_complex<Scalar>::value) {
    out = put_real(out, value.real());
    *out++ = ' ';
    return put_real(out, value.imag());
  } else {
    return put_real(out, value);
  }
}

void write_comment(io_detail::TextWriter& writer, const std::string& comment) {
  if (comment.empty()) return;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = comment.find('\n', start);
    const std::string line =
        comment.substr(start, end == std::string::npos ? std::string::npos : end - start);
    writer.write(line.empty() ? std::string("%\n") : "% " + line + "\n");
    if (end == std::string::npos) break;
    start = end + 1;
  }
}

std::string entry_name(std::int64_t row, std::int64_t col) {
  return "entry (" + std::to_string(row) + ", " + std::to_string(col) + ")";
}

template <class Scalar>
std::string value_text(const Scalar& value) {
  char buffer[64];
  return std::string(buffer, put_value(buffer, value));
}

/// The lower triangle to write for a matrix asserted to have `symmetry` (not general):
/// the matrix itself when it stores the lower triangle or both (checked to mirror each
/// other), its mirrored transpose when it stores only the upper triangle.
template <class Scalar, class Index>
CscMatrix<Scalar, Index> lower_storage(const CscMatrix<Scalar, Index>& matrix,
                                       MatrixMarketSymmetry symmetry) {
  const auto& col_ptr = matrix.col_ptr();
  const auto& row_indices = matrix.row_indices();
  const auto& values = matrix.values();
  const bool with_values = !values.empty();
  auto mirror = [&](const Scalar& value) -> Scalar {
    if (symmetry == MatrixMarketSymmetry::skew_symmetric) return -value;
    if constexpr (is_complex<Scalar>::value) {
      if (symmetry == MatrixMarketSymmetry::hermitian) return std::conj(value);
    }
    return value;
  };
  std::int64_t lower = 0;
  std::int64_t upper = 0;
  for (Index j = 0; j < matrix.cols(); ++j) {
    for (Index p = col_ptr[j]; p < col_ptr[j + 1]; ++p) {
      const Index i = row_indices[p];
      if (i > j) ++lower;
      if (i < j) ++upper;
      if (i != j || !with_values) continue;
      const Scalar& value = values[p];
      if (symmetry == MatrixMarketSymmetry::skew_symmetric && value != Scalar(0)) {
        throw Error(ErrorKind::invalid_argument,
                    "cannot write a skew-symmetric matrix with a nonzero diagonal: " +
                        entry_name(i, j) + " = " + value_text(value),
                    i, j);
      }
      if constexpr (is_complex<Scalar>::value) {
        if (symmetry == MatrixMarketSymmetry::hermitian && value.imag() != 0) {
          throw Error(ErrorKind::invalid_argument,
                      "cannot write a hermitian matrix with a non-real diagonal: " +
                          entry_name(i, j) + " = " + value_text(value),
                      i, j);
        }
      }
    }
  }
  if (lower > 0 && upper > 0) {
    // Both triangles stored: they must be mirror images, entry by entry.
    for (Index j = 0; j < matrix.cols(); ++j) {
      for (Index p = col_ptr[j]; p < col_ptr[j + 1]; ++p) {
        const Index i = row_indices[p];
        if (i == j) continue;
        const Index q = matrix.find(j, i);
        const std::string symmetry_name = to_string(symmetry);
        if (q < 0) {
          throw Error(ErrorKind::invalid_argument,
                      "cannot write the matrix as " + symmetry_name + ": " + entry_name(i, j) +
                          " is stored but its mirror " + entry_name(j, i) + " is not",
                      i, j);
        }
        if (with_values && values[q] != mirror(values[p])) {
          throw Error(ErrorKind::invalid_argument,
                      "cannot write the matrix as " + symmetry_name + ": " + entry_name(i, j) +
                          " = " + value_text(values[p]) + " but " + entry_name(j, i) + " = " +
                          value_text(values[q]),
                      j, i);
        }
      }
    }
    return matrix;
  }
  if (upper == 0) return matrix;
  CscMatrix<Scalar, Index> flipped = transpose(matrix);
  for (Scalar& value : flipped.values()) value = mirror(value);
  return flipped;
}

}  // namespace

template <class Scalar, class Index>
void write_matrix_market(const std::string& path, const CscMatrix<Scalar, Index>& matrix,
                         MatrixMarketSymmetry symmetry, const std::string& comment) {
  const bool pattern = matrix.values().empty() && matrix.nnz() > 0;
  const MatrixMarketField field = pattern                     ? MatrixMarketField::pattern
                                  : is_complex<Scalar>::value ? MatrixMarketField::complex
                                                              : MatrixMarketField::real;
  const bool general = symmetry == MatrixMarketSymmetry::general;
  if (!general && !matrix.is_square()) {
    throw Error(ErrorKind::invalid_argument, std::string("cannot write a ") +
                                                 std::to_string(matrix.rows()) + " x " +
                                                 std::to_string(matrix.cols()) + " matrix as " +
                                                 to_string(symmetry) + ": it is not square");
  }
  if (symmetry == MatrixMarketSymmetry::hermitian && field != MatrixMarketField::complex) {
    throw Error(ErrorKind::invalid_argument,
                std::string("cannot write a ") + to_string(field) +
                    " matrix as hermitian: Matrix Market allows hermitian for complex values only");
  }
  if (pattern && symmetry == MatrixMarketSymmetry::skew_symmetric) {
    throw Error(ErrorKind::invalid_argument,
                "cannot write a pattern-only matrix as skew-symmetric: Matrix Market allows "
                "general or symmetric patterns only");
  }
  const CscMatrix<Scalar, Index> stored =
      general ? CscMatrix<Scalar, Index>() : lower_storage(matrix, symmetry);
  const CscMatrix<Scalar, Index>& source = general ? matrix : stored;
  const auto& col_ptr = source.col_ptr();
  const auto& row_indices = source.row_indices();
  const auto& values = source.values();
  // Entries written: all, or those below the diagonal (and on it, except for skew).
  auto written = [&](Index i, Index j) {
    return general || i > j || (i == j && symmetry != MatrixMarketSymmetry::skew_symmetric);
  };
  std::int64_t count = 0;
  for (Index j = 0; j < source.cols(); ++j) {
    for (Index p = col_ptr[j]; p < col_ptr[j + 1]; ++p) count += written(row_indices[p], j);
  }

  io_detail::TextWriter writer(path);
  writer.write(std::string("%%MatrixMarket matrix coordinate ") + to_string(field) + " " +
               to_string(symmetry) + "\n");
  write_comment(writer, comment);
  writer.write(std::to_string(matrix.rows()) + " " + std::to_string(matrix.cols()) + " " +
               std::to_string(count) + "\n");
  for (Index j = 0; j < source.cols(); ++j) {
    for (Index p = col_ptr[j]; p < col_ptr[j + 1]; ++p) {
      const Index i = row_indices[p];
      if (!written(i, j)) continue;
      char* const line = writer.reserve(longest_entry_line);
      char* out = put_integer(line, std::int64_t{i} + 1);
      *out++ = ' ';
      out = put_integer(out, std::int64_t{j} + 1);
      if (!pattern) {
        *out++ = ' ';
        out = put_value(out, values[p]);
      }
      *out++ = '\n';
      writer.commit(static_cast<std::size_t>(out - line));
    }
  }
  writer.close();
}

template <class Scalar>
void write_matrix_market_dense(const std::string& path, const DenseMatrix<Scalar>& matrix,
                               const std::string& comment) {
  if (matrix.rows < 0 || matrix.cols < 0 ||
      matrix.data.size() != static_cast<std::size_t>(matrix.rows * matrix.cols)) {
    throw Error(ErrorKind::invalid_argument, "cannot write a dense " + std::to_string(matrix.rows) +
                                                 " x " + std::to_string(matrix.cols) +
                                                 " matrix holding " +
                                                 std::to_string(matrix.data.size()) + " values");
  }
  io_detail::TextWriter writer(path);
  writer.write(std::string("%%MatrixMarket matrix array ") +
               (is_complex<Scalar>::value ? "complex" : "real") + " general\n");
  write_comment(writer, comment);
  writer.write(std::to_string(matrix.rows) + " " + std::to_string(matrix.cols) + "\n");
  for (const Scalar& value : matrix.data) {
    char* const line = writer.reserve(longest_entry_line);
    char* out = put_value(line, value);
    *out++ = '\n';
    writer.commit(static_cast<std::size_t>(out - line));
  }
  writer.close();
}

#define LUPINE_INSTANTIATE_MM_WRITE(Scalar, Index)                                       \
  template void write_matrix_market(const std::string&, const CscMatrix<Scalar, Index>&, \
                                    MatrixMarketSymmetry, const std::string&);

LUPINE_INSTANTIATE_MM_WRITE(double, std::int32_t)
LUPINE_INSTANTIATE_MM_WRITE(double, std::int64_t)
LUPINE_INSTANTIATE_MM_WRITE(std::complex<double>, std::int32_t)
LUPINE_INSTANTIATE_MM_WRITE(std::complex<double>, std::int64_t)

template void write_matrix_market_dense(const std::string&, const DenseMatrix<double>&,
                                        const std::string&);
template void write_matrix_market_dense(const std::string&,
                                        const DenseMatrix<std::complex<double>>&,
                                        const std::string&);

}  // namespace lupine

// Matrix Market and Rutherford-Boeing / Harwell-Boeing input and output.
//
// Every malformed input is an Error of kind parse_error whose line() is the 1-based line of
// the file where the problem was found and whose message says what was expected there.
// Files ending in .gz are decompressed transparently; a truncated or corrupt gzip stream is
// a file_error.
#pragma once

#include <cstdint>
#include <string>

#include "lupine/dense.hpp"
#include "lupine/sparse.hpp"

namespace lupine {

enum class MatrixMarketFormat { coordinate, array };
enum class MatrixMarketField { real, integer, complex, pattern };
enum class MatrixMarketSymmetry { general, symmetric, skew_symmetric, hermitian };

const char* to_string(MatrixMarketFormat format) noexcept;
const char* to_string(MatrixMarketField field) noexcept;
const char* to_string(MatrixMarketSymmetry symmetry) noexcept;

struct MatrixMarketHeader {
  MatrixMarketFormat format = MatrixMarketFormat::coordinate;
  MatrixMarketField field = MatrixMarketField::real;
  MatrixMarketSymmetry symmetry = MatrixMarketSymmetry::general;
  std::int64_t rows = 0;
  std::int64_t cols = 0;
  /// Entries stored in the file: the size line's count for coordinate files; for array
  /// files the number of values stored (rows*cols for general, one triangle otherwise).
  std::int64_t stored_entries = 0;
};

/// Reads only the banner and size line.
MatrixMarketHeader read_matrix_market_header(const std::string& path);

/// Reads a coordinate or array file into CSC. Symmetric, skew-symmetric and hermitian
/// storage is expanded to the full matrix; duplicates are summed; explicit zeros are kept
/// (an array file stores every entry, zeros included). Pattern files get the value 1 for
/// every entry (see assign_pattern_values for solver-friendly values). A complex file read
/// with a real Scalar is an `unsupported` error. `header`, when given, receives the header.
template <class Scalar, class Index = std::int32_t>
CscMatrix<Scalar, Index> read_matrix_market(const std::string& path,
                                            MatrixMarketHeader* header = nullptr);

/// Same as read_matrix_market, parsing the file's text already in memory (`name` is used in
/// messages).
template <class Scalar, class Index = std::int32_t>
CscMatrix<Scalar, Index> parse_matrix_market(const std::string& text,
                                             const std::string& name = "<memory>",
                                             MatrixMarketHeader* header = nullptr);

/// Reads an array (or coordinate) file as a dense column-major matrix, e.g. a right-hand side.
template <class Scalar>
DenseMatrix<Scalar> read_matrix_market_dense(const std::string& path,
                                             MatrixMarketHeader* header = nullptr);

/// Writes `matrix` as a coordinate file. With symmetry other than general only the lower
/// triangle is written (the caller asserts the symmetry). Pattern-only matrices are written
/// with field `pattern`. Values are written with 17 significant digits so they round-trip.
/// A path ending in .gz is gzip-compressed.
template <class Scalar, class Index>
void write_matrix_market(const std::string& path, const CscMatrix<Scalar, Index>& matrix,
                         MatrixMarketSymmetry symmetry = MatrixMarketSymmetry::general,
                         const std::string& comment = "");

/// Writes a dense matrix as an array file (general).
template <class Scalar>
void write_matrix_market_dense(const std::string& path, const DenseMatrix<Scalar>& matrix,
                               const std::string& comment = "");

/// Rutherford-Boeing / Harwell-Boeing assembled matrices: types RUA, RSA, RZA, PUA, PSA,
/// (CUA, CSA, CHA into complex Scalar). Fixed-format Fortran fields are honoured.
template <class Scalar, class Index = std::int32_t>
CscMatrix<Scalar, Index> read_rutherford_boeing(const std::string& path);

/// Reads .mtx, .mtx.gz, .rb, .rua, .rsa, .psa, .pua (by extension).
template <class Scalar, class Index = std::int32_t>
CscMatrix<Scalar, Index> read_matrix(const std::string& path, bool* pattern_only = nullptr);

/// Deterministic values for a pattern-only matrix, so that the same file always gives the
/// same system. Off-diagonal a_ij = s * (0.5 + h(i,j)) with h a hash of (i,j) in [0,1) and
/// s = -1 or +1 from another bit of the hash; diagonal a_jj = 1 + sum of |a_ij| over the
/// off-diagonal entries of column j (column diagonal dominance where a diagonal is stored).
template <class Index>
void assign_pattern_values(CscMatrix<double, Index>& matrix);

}  // namespace lupine

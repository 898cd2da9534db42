// Matrix Market and Rutherford-Boeing / Harwell-Boeing input and output.
//
// Every malformed input is an Error of kind parse_error whose line() is the 1-based line of
// the file where the problem was found and whose message, "<file>:<line>: expected ...",
// says what was expected there. Sizes that do not fit the index type are size_overflow
// errors (line set too). Compressed files are recognised by the gzip magic bytes, whatever
// their name, and decompressed while they are read (the text is never held whole); a
// truncated or corrupt gzip stream is a file_error, and so is a file that cannot be opened
// or read. NaN and Inf values are rejected unless ReadOptions::allow_non_finite is set.
// Values are converted exactly (correctly rounded, as strtod in the C locale).
#pragma once

#include <cstdint>
#include <string>

#include "lupine/dense.hpp"
#include "lupine/sparse.hpp"

namespace lupine {

enum class MatrixMarketFormat { coordinate, array };
enum class MatrixMarketField { real, integer, complex, pattern };
enum class MatrixMarketSymmetry { general, symmetric, skew_symmetric, hermitian };

/// The banner words: "coordinate", "real", "skew-symmetric", ...
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
  /// files the number of values stored (rows*cols for general, n(n+1)/2 for symmetric and
  /// hermitian, n(n-1)/2 for skew-symmetric).
  std::int64_t stored_entries = 0;
};

struct ReadOptions {
  /// Accept "nan", "inf", "infinity" (any case, signed) and values that overflow double
  /// (read as +-Inf) instead of rejecting them with a parse_error.
  bool allow_non_finite = false;
};

/// Reads only the banner and size line (a compressed file is decompressed only that far).
MatrixMarketHeader read_matrix_market_header(const std::string& path);

/// Reads a coordinate or array file into CSC. Symmetric, skew-symmetric and hermitian
/// storage is expanded to the full matrix: each off-diagonal entry (i,j) also gives (j,i),
/// negated for skew-symmetric and conjugated for hermitian files. Such files may store the
/// lower or the upper triangle, but not entries of both; a diagonal entry in a
/// skew-symmetric file, or one with a nonzero imaginary part in a hermitian file, is a
/// parse error. Duplicates are summed; explicit zeros are kept (an array file stores every
/// entry, zeros included). Pattern files get the value 1 for every entry (see
/// assign_pattern_values for solver-friendly values). A complex file read with a real
/// Scalar is an `unsupported` error. `header`, when given, receives the header.
template <class Scalar, class Index = std::int32_t>
CscMatrix<Scalar, Index> read_matrix_market(const std::string& path,
                                            MatrixMarketHeader* header = nullptr);
template <class Scalar, class Index = std::int32_t>
CscMatrix<Scalar, Index> read_matrix_market(const std::string& path, const ReadOptions& options,
                                            MatrixMarketHeader* header = nullptr);

/// Same as read_matrix_market, parsing the file's text already in memory (`name` is used in
/// messages). The text may itself be gzip-compressed.
template <class Scalar, class Index = std::int32_t>
CscMatrix<Scalar, Index> parse_matrix_market(const std::string& text,
                                             const std::string& name = "<memory>",
                                             MatrixMarketHeader* header = nullptr);
template <class Scalar, class Index = std::int32_t>
CscMatrix<Scalar, Index> parse_matrix_market(const std::string& text, const std::string& name,
                                             const ReadOptions& options,
                                             MatrixMarketHeader* header = nullptr);

/// Reads an array (or coordinate) file as a dense column-major matrix, e.g. a right-hand
/// side. Symmetric storage is expanded as for read_matrix_market; duplicate coordinate
/// entries are summed. Instantiated for double and std::complex<double>.
template <class Scalar>
DenseMatrix<Scalar> read_matrix_market_dense(const std::string& path,
                                             MatrixMarketHeader* header = nullptr);
template <class Scalar>
DenseMatrix<Scalar> read_matrix_market_dense(const std::string& path, const ReadOptions& options,
                                             MatrixMarketHeader* header = nullptr);
/// read_matrix_market_dense on text already in memory.
template <class Scalar>
DenseMatrix<Scalar> parse_matrix_market_dense(const std::string& text,
                                              const std::string& name = "<memory>",
                                              const ReadOptions& options = ReadOptions(),
                                              MatrixMarketHeader* header = nullptr);

/// Writes `matrix` as a coordinate file, column by column with 1-based indices. With
/// symmetry other than general the caller asserts that symmetry and only the lower triangle
/// is written (the strict lower triangle for skew-symmetric, whose diagonal must be zero).
/// The matrix may hold both triangles, which must then mirror each other exactly (else
/// invalid_argument naming the first mismatch), or only one of them, which is written as the
/// lower triangle. Hermitian needs a complex Scalar; pattern files can only be general or
/// symmetric. Pattern-only matrices (no values, nnz > 0) are written with field `pattern`.
/// Values are written in the shortest decimal form that reads back to the same double (at
/// most 17 significant digits), so they round-trip exactly. A path ending in .gz is
/// gzip-compressed (zlib level 6). Failing to create or write the file is a file_error, and
/// no partial file is left behind.
template <class Scalar, class Index>
void write_matrix_market(const std::string& path, const CscMatrix<Scalar, Index>& matrix,
                         MatrixMarketSymmetry symmetry = MatrixMarketSymmetry::general,
                         const std::string& comment = "");

/// Writes a dense matrix as an array file (general), with values as in write_matrix_market.
template <class Scalar>
void write_matrix_market_dense(const std::string& path, const DenseMatrix<Scalar>& matrix,
                               const std::string& comment = "");

/// Rutherford-Boeing / Harwell-Boeing assembled matrices: types RUA, RSA, RZA, RRA, PUA, PSA,
/// PRA, IUA, ISA, IZA, IRA (integer values), and CUA, CSA, CZA, CHA, CRA (complex, into a
/// complex Scalar only; a real Scalar gives an `unsupported` error). The fixed Fortran
/// formats of the header are honoured: fields are read by column position, so numbers need
/// not be separated by blanks; D exponents, exponents without a letter ("1.5-300"), scale
/// factors and implied decimal points are understood.
/// A Harwell-Boeing right-hand-side header line (line 5) is skipped, and so is any data
/// after the values. Symmetric storage is expanded as in read_matrix_market; pattern types
/// get the value 1. Elemental (type ?xE) matrices are `unsupported`.
template <class Scalar, class Index = std::int32_t>
CscMatrix<Scalar, Index> read_rutherford_boeing(const std::string& path);
template <class Scalar, class Index = std::int32_t>
CscMatrix<Scalar, Index> read_rutherford_boeing(const std::string& path,
                                                const ReadOptions& options);

/// read_rutherford_boeing on text already in memory (`name` is used in messages).
template <class Scalar, class Index = std::int32_t>
CscMatrix<Scalar, Index> parse_rutherford_boeing(const std::string& text,
                                                 const std::string& name = "<memory>",
                                                 const ReadOptions& options = ReadOptions());

/// Reads a Matrix Market file (.mtx) or a Rutherford-Boeing / Harwell-Boeing file (.rb,
/// .hb, .rua, .rsa, .rza, .rra, .pua, .psa, .pza, .pra, .cua, .csa, .cza, .cha), each
/// optionally ending in .gz; other names are recognised by the Matrix Market banner.
/// `pattern_only`, when given, is set when the file holds no values (the matrix then has
/// the value 1 everywhere; see assign_pattern_values).
template <class Scalar, class Index = std::int32_t>
CscMatrix<Scalar, Index> read_matrix(const std::string& path, bool* pattern_only = nullptr);
template <class Scalar, class Index = std::int32_t>
CscMatrix<Scalar, Index> read_matrix(const std::string& path, const ReadOptions& options,
                                     bool* pattern_only = nullptr);

/// Deterministic values for a pattern-only matrix, so that the same file always gives the
/// same system; any values the matrix had are replaced. For an off-diagonal entry (i,j)
/// (0-based) let z = mix(mix(i) ^ j), where mix is the 64-bit SplitMix64 step
///   mix(x): x += 0x9E3779B97F4A7C15; x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9;
///           x = (x ^ (x >> 27)) * 0x94D049BB133111EB; return x ^ (x >> 31)
/// on unsigned 64-bit integers; h = (z >> 11) * 2^-53 lies in [0, 1). Then
/// a_ij = s * (0.5 + h) with s = -1 when the lowest bit of z is 1 and s = +1 otherwise.
/// A diagonal entry is a_jj = 1 + sum of |a_ij| over the off-diagonal entries of column j,
/// which makes every column with a stored diagonal strictly diagonally dominant.
template <class Index>
void assign_pattern_values(CscMatrix<double, Index>& matrix);

}  // namespace lupine

// Compressed sparse column matrices, the triplet builder, and the basic kernels on them.
//
// Templated on scalar (double now, std::complex<double> next) and index (int32 now, int64
// next). The definitions live in src/core and are explicitly instantiated for
// {double, std::complex<double>} x {std::int32_t, std::int64_t}.
#pragma once

#include <complex>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "lupine/error.hpp"

namespace lupine {

template <class T>
struct is_complex : std::false_type {};
template <class T>
struct is_complex<std::complex<T>> : std::true_type {};

/// Real type underlying a scalar (double for double and std::complex<double>).
template <class Scalar>
struct real_type {
  using type = Scalar;
};
template <class T>
struct real_type<std::complex<T>> {
  using type = T;
};
template <class Scalar>
using real_type_t = typename real_type<Scalar>::type;

/// A sparse matrix in compressed sparse column form.
///
/// Invariants (checked by validate(), established by every constructor that takes arrays):
/// col_ptr has cols+1 nondecreasing entries from 0 to nnz; row indices of each column are in
/// [0, rows), strictly increasing. `values` is either empty (a pattern-only matrix) or holds
/// nnz entries. Explicit zeros are entries: they belong to the pattern.
template <class Scalar, class Index = std::int32_t>
class CscMatrix {
  static_assert(std::is_integral<Index>::value && std::is_signed<Index>::value,
                "Index must be a signed integer type");

 public:
  using scalar_type = Scalar;
  using index_type = Index;

  CscMatrix() : col_ptr_(1, 0) {}

  /// An all-zero rows x cols matrix with no stored entries.
  CscMatrix(Index rows, Index cols);

  /// Takes ownership of the arrays and validates them (structure always; finiteness when
  /// `check_finite`). `values` may be empty for a pattern-only matrix.
  CscMatrix(Index rows, Index cols, std::vector<Index> col_ptr, std::vector<Index> row_indices,
            std::vector<Scalar> values, bool check_finite = false);

  Index rows() const noexcept { return rows_; }
  Index cols() const noexcept { return cols_; }
  Index nnz() const noexcept { return col_ptr_.back(); }
  bool has_values() const noexcept { return !values_.empty() || nnz() == 0; }
  bool is_square() const noexcept { return rows_ == cols_; }

  const std::vector<Index>& col_ptr() const noexcept { return col_ptr_; }
  const std::vector<Index>& row_indices() const noexcept { return row_indices_; }
  const std::vector<Scalar>& values() const noexcept { return values_; }
  /// Values may be changed in place; the pattern may not.
  std::vector<Scalar>& values() noexcept { return values_; }

  /// Position of entry (row, col) in values(), or -1 when it is not stored. O(log nnz(col)).
  Index find(Index row, Index col) const;

  /// Throws invalid_matrix naming the first offending column/entry.
  void validate(bool check_finite = false) const;

  /// Same dimensions and identical col_ptr/row_indices.
  bool same_pattern(const CscMatrix& other) const noexcept;

 private:
  Index rows_ = 0;
  Index cols_ = 0;
  std::vector<Index> col_ptr_;
  std::vector<Index> row_indices_;
  std::vector<Scalar> values_;
};

/// Collects (row, col, value) entries in any order; build() sorts them and sums duplicates.
template <class Scalar, class Index = std::int32_t>
class TripletBuilder {
 public:
  TripletBuilder(Index rows, Index cols);

  void reserve(std::size_t entries);
  /// Throws invalid_matrix when (row, col) is outside the matrix.
  void add(Index row, Index col, Scalar value);
  std::size_t size() const noexcept { return rows_of_.size(); }
  Index rows() const noexcept { return rows_; }
  Index cols() const noexcept { return cols_; }

  /// Sorted CSC with duplicates summed (a duplicate of an explicit zero stays an entry).
  /// With `pattern_only`, values are dropped. Throws size_overflow if nnz does not fit Index.
  CscMatrix<Scalar, Index> build(bool pattern_only = false) const;

 private:
  Index rows_;
  Index cols_;
  std::vector<Index> rows_of_;
  std::vector<Index> cols_of_;
  std::vector<Scalar> values_;
};

/// Which operator a solve or product applies: A, Aᵀ, or the conjugate transpose Aᴴ (the same
/// as Aᵀ for real scalars).
enum class Transpose { no, yes, conjugate };

/// Aᵀ (values transposed too; no conjugation).
template <class Scalar, class Index>
CscMatrix<Scalar, Index> transpose(const CscMatrix<Scalar, Index>& matrix);

/// The pattern of A + Aᵀ (square A), without values, diagonal entries kept where present.
template <class Scalar, class Index>
CscMatrix<Scalar, Index> pattern_plus_transpose(const CscMatrix<Scalar, Index>& matrix);

/// y = op(A) x where op is the identity, the transpose or the conjugate transpose. x and y must
/// not alias.
template <class Scalar, class Index>
void multiply(const CscMatrix<Scalar, Index>& matrix, const Scalar* x, Scalar* y,
              Transpose transpose = Transpose::no);

/// y = op(A) x for std::vector arguments, with size checks.
template <class Scalar, class Index>
std::vector<Scalar> multiply(const CscMatrix<Scalar, Index>& matrix, const std::vector<Scalar>& x,
                             Transpose transpose = Transpose::no);

/// max_j sum_i |a_ij|
template <class Scalar, class Index>
real_type_t<Scalar> norm_one(const CscMatrix<Scalar, Index>& matrix);
/// max_i sum_j |a_ij|
template <class Scalar, class Index>
real_type_t<Scalar> norm_inf(const CscMatrix<Scalar, Index>& matrix);
/// max_ij |a_ij|
template <class Scalar, class Index>
real_type_t<Scalar> norm_max(const CscMatrix<Scalar, Index>& matrix);

/// Fraction of off-diagonal entries (i,j) whose mirror (j,i) is also stored; 1 for a
/// structurally symmetric pattern, 1 for a diagonal matrix.
template <class Scalar, class Index>
double pattern_symmetry(const CscMatrix<Scalar, Index>& matrix);

}  // namespace lupine

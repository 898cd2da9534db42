#include "lupine/sparse.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/scalar.hpp"
#include "lupine/checked.hpp"

namespace lupine {
namespace {

std::string entry_name(std::int64_t row, std::int64_t col) {
  return "entry (" + std::to_string(row) + ", " + std::to_string(col) + ")";
}

}  // namespace

template <class Scalar, class Index>
CscMatrix<Scalar, Index>::CscMatrix(Index rows, Index cols) : rows_(rows), cols_(cols) {
  if (rows < 0 || cols < 0) {
    throw Error(ErrorKind::invalid_matrix, "matrix dimensions must be nonnegative, got " +
                                               std::to_string(rows) + " x " + std::to_string(cols));
  }
  col_ptr_.assign(static_cast<std::size_t>(cols) + 1, 0);
}

template <class Scalar, class Index>
CscMatrix<Scalar, Index>::CscMatrix(Index rows, Index cols, std::vector<Index> col_ptr,
                                    std::vector<Index> row_indices, std::vector<Scalar> values,
                                    bool check_finite)
    : rows_(rows),
      cols_(cols),
      col_ptr_(std::move(col_ptr)),
      row_indices_(std::move(row_indices)),
      values_(std::move(values)) {
  validate(check_finite);
}

template <class Scalar, class Index>
void CscMatrix<Scalar, Index>::validate(bool check_finite) const {
  if (rows_ < 0 || cols_ < 0) {
    throw Error(ErrorKind::invalid_matrix, "matrix dimensions must be nonnegative, got " +
                                               std::to_string(rows_) + " x " +
                                               std::to_string(cols_));
  }
  if (col_ptr_.size() != static_cast<std::size_t>(cols_) + 1) {
    throw Error(ErrorKind::invalid_matrix,
                "column pointer array has " + std::to_string(col_ptr_.size()) +
                    " entries, expected cols + 1 = " + std::to_string(std::int64_t{cols_} + 1));
  }
  if (col_ptr_[0] != 0) {
    throw Error(ErrorKind::invalid_matrix,
                "column pointer array must start at 0, starts at " + std::to_string(col_ptr_[0]),
                -1, 0);
  }
  for (Index j = 0; j < cols_; ++j) {
    if (col_ptr_[j + 1] < col_ptr_[j]) {
      throw Error(ErrorKind::invalid_matrix,
                  "column pointers decrease at column " + std::to_string(j) + " (" +
                      std::to_string(col_ptr_[j]) + " then " + std::to_string(col_ptr_[j + 1]) +
                      ")",
                  -1, j);
    }
  }
  const Index nnz = col_ptr_.back();
  if (row_indices_.size() != static_cast<std::size_t>(nnz)) {
    throw Error(ErrorKind::invalid_matrix,
                "row index array has " + std::to_string(row_indices_.size()) +
                    " entries, column pointers say nnz = " + std::to_string(nnz));
  }
  if (!values_.empty() && values_.size() != static_cast<std::size_t>(nnz)) {
    throw Error(ErrorKind::invalid_matrix, "value array has " + std::to_string(values_.size()) +
                                               " entries, expected nnz = " + std::to_string(nnz));
  }
  for (Index j = 0; j < cols_; ++j) {
    for (Index p = col_ptr_[j]; p < col_ptr_[j + 1]; ++p) {
      const Index i = row_indices_[p];
      if (i < 0 || i >= rows_) {
        throw Error(ErrorKind::invalid_matrix,
                    "row index " + std::to_string(i) + " out of range [0, " +
                        std::to_string(rows_) + ") in column " + std::to_string(j),
                    i, j);
      }
      if (p > col_ptr_[j] && row_indices_[p - 1] >= i) {
        const std::string what = row_indices_[p - 1] == i
                                     ? "duplicate " + entry_name(i, j)
                                     : "unsorted row indices in column " + std::to_string(j) +
                                           ": row " + std::to_string(i) + " after row " +
                                           std::to_string(row_indices_[p - 1]);
        throw Error(ErrorKind::invalid_matrix, what, i, j);
      }
      if (check_finite && !values_.empty() && !detail::is_finite_value(values_[p])) {
        throw Error(ErrorKind::non_finite_input, "non-finite value at " + entry_name(i, j), i, j);
      }
    }
  }
}

template <class Scalar, class Index>
Index CscMatrix<Scalar, Index>::find(Index row, Index col) const {
  if (col < 0 || col >= cols_) return -1;
  const auto first = row_indices_.begin() + col_ptr_[col];
  const auto last = row_indices_.begin() + col_ptr_[col + 1];
  const auto it = std::lower_bound(first, last, row);
  if (it == last || *it != row) return -1;
  return static_cast<Index>(it - row_indices_.begin());
}

template <class Scalar, class Index>
bool CscMatrix<Scalar, Index>::same_pattern(const CscMatrix& other) const noexcept {
  return rows_ == other.rows_ && cols_ == other.cols_ && col_ptr_ == other.col_ptr_ &&
         row_indices_ == other.row_indices_;
}

template <class Scalar, class Index>
TripletBuilder<Scalar, Index>::TripletBuilder(Index rows, Index cols) : rows_(rows), cols_(cols) {
  if (rows < 0 || cols < 0) {
    throw Error(ErrorKind::invalid_matrix, "matrix dimensions must be nonnegative, got " +
                                               std::to_string(rows) + " x " + std::to_string(cols));
  }
}

template <class Scalar, class Index>
void TripletBuilder<Scalar, Index>::reserve(std::size_t entries) {
  rows_of_.reserve(entries);
  cols_of_.reserve(entries);
  values_.reserve(entries);
}

template <class Scalar, class Index>
void TripletBuilder<Scalar, Index>::add(Index row, Index col, Scalar value) {
  if (row < 0 || row >= rows_ || col < 0 || col >= cols_) {
    throw Error(ErrorKind::invalid_matrix,
                entry_name(row, col) + " is outside the " + std::to_string(rows_) + " x " +
                    std::to_string(cols_) + " matrix",
                row, col);
  }
  rows_of_.push_back(row);
  cols_of_.push_back(col);
  values_.push_back(value);
}

template <class Scalar, class Index>
CscMatrix<Scalar, Index> TripletBuilder<Scalar, Index>::build(bool pattern_only) const {
  const std::size_t count = rows_of_.size();
  checked_cast<Index>(count, "number of triplets");
  // Two counting sorts: by row into a row-major list, then by column. The second pass
  // visits rows in increasing order, so every column comes out with sorted rows.
  std::vector<Index> row_start(static_cast<std::size_t>(rows_) + 1, 0);
  for (std::size_t t = 0; t < count; ++t) ++row_start[rows_of_[t] + 1];
  for (Index i = 0; i < rows_; ++i) row_start[i + 1] += row_start[i];
  std::vector<Index> by_row(count);
  {
    std::vector<Index> next(row_start.begin(), row_start.end() - 1);
    for (std::size_t t = 0; t < count; ++t) by_row[next[rows_of_[t]]++] = static_cast<Index>(t);
  }
  std::vector<Index> col_start(static_cast<std::size_t>(cols_) + 1, 0);
  for (std::size_t t = 0; t < count; ++t) ++col_start[cols_of_[t] + 1];
  for (Index j = 0; j < cols_; ++j) col_start[j + 1] += col_start[j];
  std::vector<Index> sorted(count);
  {
    std::vector<Index> next(col_start.begin(), col_start.end() - 1);
    for (std::size_t k = 0; k < count; ++k) {
      const Index t = by_row[k];
      sorted[next[cols_of_[t]]++] = t;
    }
  }
  // Merge duplicates: within a column, equal rows are now adjacent.
  std::vector<Index> col_ptr(static_cast<std::size_t>(cols_) + 1, 0);
  std::vector<Index> row_indices;
  std::vector<Scalar> values;
  row_indices.reserve(count);
  if (!pattern_only) values.reserve(count);
  for (Index j = 0; j < cols_; ++j) {
    const Index column_begin = static_cast<Index>(row_indices.size());
    for (Index k = col_start[j]; k < col_start[j + 1]; ++k) {
      const Index t = sorted[k];
      const Index i = rows_of_[t];
      if (static_cast<Index>(row_indices.size()) > column_begin && row_indices.back() == i) {
        if (!pattern_only) values.back() += values_[t];
      } else {
        row_indices.push_back(i);
        if (!pattern_only) values.push_back(values_[t]);
      }
    }
    col_ptr[j + 1] = static_cast<Index>(row_indices.size());
  }
  return CscMatrix<Scalar, Index>(rows_, cols_, std::move(col_ptr), std::move(row_indices),
                                  std::move(values));
}

template <class Scalar, class Index>
CscMatrix<Scalar, Index> transpose(const CscMatrix<Scalar, Index>& matrix) {
  const Index rows = matrix.rows();
  const Index cols = matrix.cols();
  const auto& col_ptr = matrix.col_ptr();
  const auto& row_indices = matrix.row_indices();
  const auto& values = matrix.values();
  const bool with_values = !values.empty();
  std::vector<Index> t_col_ptr(static_cast<std::size_t>(rows) + 1, 0);
  for (Index p = 0; p < matrix.nnz(); ++p) ++t_col_ptr[row_indices[p] + 1];
  for (Index i = 0; i < rows; ++i) t_col_ptr[i + 1] += t_col_ptr[i];
  std::vector<Index> t_rows(static_cast<std::size_t>(matrix.nnz()));
  std::vector<Scalar> t_values(with_values ? static_cast<std::size_t>(matrix.nnz()) : 0);
  std::vector<Index> next(t_col_ptr.begin(), t_col_ptr.end() - 1);
  for (Index j = 0; j < cols; ++j) {
    for (Index p = col_ptr[j]; p < col_ptr[j + 1]; ++p) {
      const Index q = next[row_indices[p]]++;
      t_rows[q] = j;
      if (with_values) t_values[q] = values[p];
    }
  }
  return CscMatrix<Scalar, Index>(cols, rows, std::move(t_col_ptr), std::move(t_rows),
                                  std::move(t_values));
}

template <class Scalar, class Index>
CscMatrix<Scalar, Index> pattern_plus_transpose(const CscMatrix<Scalar, Index>& matrix) {
  if (!matrix.is_square()) {
    throw Error(ErrorKind::dimension_mismatch, "A + A^T needs a square matrix, got " +
                                                   std::to_string(matrix.rows()) + " x " +
                                                   std::to_string(matrix.cols()));
  }
  const Index n = matrix.cols();
  const CscMatrix<Scalar, Index> at = transpose(matrix);
  const auto& a_ptr = matrix.col_ptr();
  const auto& a_rows = matrix.row_indices();
  const auto& t_ptr = at.col_ptr();
  const auto& t_rows = at.row_indices();
  std::vector<Index> col_ptr(static_cast<std::size_t>(n) + 1, 0);
  std::vector<Index> rows;
  rows.reserve(static_cast<std::size_t>(matrix.nnz()) * 2);
  for (Index j = 0; j < n; ++j) {
    // Both columns are sorted: merge them.
    Index p = a_ptr[j];
    Index q = t_ptr[j];
    while (p < a_ptr[j + 1] || q < t_ptr[j + 1]) {
      Index next_row;
      if (q >= t_ptr[j + 1] || (p < a_ptr[j + 1] && a_rows[p] < t_rows[q])) {
        next_row = a_rows[p++];
      } else if (p >= a_ptr[j + 1] || t_rows[q] < a_rows[p]) {
        next_row = t_rows[q++];
      } else {
        next_row = a_rows[p++];
        ++q;
      }
      rows.push_back(next_row);
    }
    col_ptr[j + 1] = checked_cast<Index>(rows.size(), "nnz of A + A^T");
  }
  return CscMatrix<Scalar, Index>(n, n, std::move(col_ptr), std::move(rows), {});
}

template <class Scalar, class Index>
void multiply(const CscMatrix<Scalar, Index>& matrix, const Scalar* x, Scalar* y,
              Transpose transpose) {
  const auto& col_ptr = matrix.col_ptr();
  const auto& row_indices = matrix.row_indices();
  const auto& values = matrix.values();
  if (!matrix.has_values()) {
    throw Error(ErrorKind::invalid_argument, "cannot multiply by a pattern-only matrix");
  }
  if (transpose == Transpose::no) {
    std::fill(y, y + matrix.rows(), Scalar{});
    for (Index j = 0; j < matrix.cols(); ++j) {
      const Scalar xj = x[j];
      for (Index p = col_ptr[j]; p < col_ptr[j + 1]; ++p) y[row_indices[p]] += values[p] * xj;
    }
  } else if (transpose == Transpose::yes || !is_complex<Scalar>::value) {
    for (Index j = 0; j < matrix.cols(); ++j) {
      Scalar sum{};
      for (Index p = col_ptr[j]; p < col_ptr[j + 1]; ++p) sum += values[p] * x[row_indices[p]];
      y[j] = sum;
    }
  } else {
    for (Index j = 0; j < matrix.cols(); ++j) {
      Scalar sum{};
      for (Index p = col_ptr[j]; p < col_ptr[j + 1]; ++p) {
        sum += detail::conjugate(values[p]) * x[row_indices[p]];
      }
      y[j] = sum;
    }
  }
}

template <class Scalar, class Index>
std::vector<Scalar> multiply(const CscMatrix<Scalar, Index>& matrix, const std::vector<Scalar>& x,
                             Transpose transpose) {
  const Index in_size = transpose == Transpose::no ? matrix.cols() : matrix.rows();
  const Index out_size = transpose == Transpose::no ? matrix.rows() : matrix.cols();
  if (x.size() != static_cast<std::size_t>(in_size)) {
    throw Error(ErrorKind::dimension_mismatch, "vector has " + std::to_string(x.size()) +
                                                   " entries, the product needs " +
                                                   std::to_string(in_size));
  }
  std::vector<Scalar> y(static_cast<std::size_t>(out_size));
  multiply(matrix, x.data(), y.data(), transpose);
  return y;
}

template <class Scalar, class Index>
real_type_t<Scalar> norm_one(const CscMatrix<Scalar, Index>& matrix) {
  real_type_t<Scalar> result = 0;
  const auto& col_ptr = matrix.col_ptr();
  const auto& values = matrix.values();
  if (values.empty()) return 0;
  for (Index j = 0; j < matrix.cols(); ++j) {
    real_type_t<Scalar> sum = 0;
    for (Index p = col_ptr[j]; p < col_ptr[j + 1]; ++p) sum += std::abs(values[p]);
    result = std::max(result, sum);
  }
  return result;
}

template <class Scalar, class Index>
real_type_t<Scalar> norm_inf(const CscMatrix<Scalar, Index>& matrix) {
  const auto& values = matrix.values();
  if (values.empty()) return 0;
  std::vector<real_type_t<Scalar>> row_sums(static_cast<std::size_t>(matrix.rows()), 0);
  const auto& row_indices = matrix.row_indices();
  for (Index p = 0; p < matrix.nnz(); ++p) row_sums[row_indices[p]] += std::abs(values[p]);
  real_type_t<Scalar> result = 0;
  for (auto sum : row_sums) result = std::max(result, sum);
  return result;
}

template <class Scalar, class Index>
real_type_t<Scalar> norm_max(const CscMatrix<Scalar, Index>& matrix) {
  real_type_t<Scalar> result = 0;
  for (const auto& value : matrix.values())
    result = std::max<real_type_t<Scalar>>(result, std::abs(value));
  return result;
}

template <class Scalar, class Index>
double pattern_symmetry(const CscMatrix<Scalar, Index>& matrix) {
  if (!matrix.is_square()) return 0.0;
  const auto& col_ptr = matrix.col_ptr();
  const auto& row_indices = matrix.row_indices();
  std::int64_t off_diagonal = 0;
  std::int64_t matched = 0;
  for (Index j = 0; j < matrix.cols(); ++j) {
    for (Index p = col_ptr[j]; p < col_ptr[j + 1]; ++p) {
      const Index i = row_indices[p];
      if (i == j) continue;
      ++off_diagonal;
      if (matrix.find(j, i) >= 0) ++matched;
    }
  }
  return off_diagonal == 0 ? 1.0 : static_cast<double>(matched) / static_cast<double>(off_diagonal);
}

#define LUPINE_INSTANTIATE_SPARSE(Scalar, Index)                                              \
  template class CscMatrix<Scalar, Index>;                                                    \
  template class TripletBuilder<Scalar, Index>;                                               \
  template CscMatrix<Scalar, Index> transpose(const CscMatrix<Scalar, Index>&);               \
  template CscMatrix<Scalar, Index> pattern_plus_transpose(const CscMatrix<Scalar, Index>&);  \
  template void multiply(const CscMatrix<Scalar, Index>&, const Scalar*, Scalar*, Transpose); \
  template std::vector<Scalar> multiply(const CscMatrix<Scalar, Index>&,                      \
                                        const std::vector<Scalar>&, Transpose);               \
  template real_type_t<Scalar> norm_one(const CscMatrix<Scalar, Index>&);                     \
  template real_type_t<Scalar> norm_inf(const CscMatrix<Scalar, Index>&);                     \
  template real_type_t<Scalar> norm_max(const CscMatrix<Scalar, Index>&);                     \
  template double pattern_symmetry(const CscMatrix<Scalar, Index>&);

LUPINE_INSTANTIATE_SPARSE(double, std::int32_t)
LUPINE_INSTANTIATE_SPARSE(double, std::int64_t)
LUPINE_INSTANTIATE_SPARSE(std::complex<double>, std::int32_t)
LUPINE_INSTANTIATE_SPARSE(std::complex<double>, std::int64_t)

}  // namespace lupine

#include "solve/triangular_solve.hpp"

#include <algorithm>
#include <complex>
#include <cstdint>

#include "core/scalar.hpp"
#include "solve/supernodal_solve.hpp"

namespace lupine::detail {
namespace {

// L (unit lower) then U, column-oriented, on the block's segment y.
template <class Scalar, class Index>
void solve_column_block(const ColumnFactor<Scalar, Index>& factor, const Scalar* inverse_diagonal,
                        Index size, Scalar* y) {
  const Index* L_col_ptr = factor.L_col_ptr.data();
  const Index* L_rows = factor.L_rows.data();
  const Scalar* L_values = factor.L_values.data();
  for (Index k = 0; k < size; ++k) {
    const Scalar yk = y[k];
    for (Index p = L_col_ptr[k]; p < L_col_ptr[k + 1]; ++p) y[L_rows[p]] -= L_values[p] * yk;
  }
  const Index* U_col_ptr = factor.U_col_ptr.data();
  const Index* U_rows = factor.U_rows.data();
  const Scalar* U_values = factor.U_values.data();
  for (Index k = size - 1; k >= 0; --k) {
    const Scalar yk = y[k] * inverse_diagonal[k];
    y[k] = yk;
    for (Index p = U_col_ptr[k]; p < U_col_ptr[k + 1]; ++p) y[U_rows[p]] -= U_values[p] * yk;
  }
}

// Uᵀ (lower) then Lᵀ (unit upper), as dot products over the stored columns.
template <class Scalar, class Index>
void solve_column_block_transpose(const ColumnFactor<Scalar, Index>& factor,
                                  const Scalar* inverse_diagonal, Index size, Scalar* y) {
  const Index* U_col_ptr = factor.U_col_ptr.data();
  const Index* U_rows = factor.U_rows.data();
  const Scalar* U_values = factor.U_values.data();
  for (Index k = 0; k < size; ++k) {
    Scalar sum = y[k];
    for (Index p = U_col_ptr[k]; p < U_col_ptr[k + 1]; ++p) {
      sum = minus_product(sum, U_values[p], y[U_rows[p]]);
    }
    y[k] = sum * inverse_diagonal[k];
  }
  const Index* L_col_ptr = factor.L_col_ptr.data();
  const Index* L_rows = factor.L_rows.data();
  const Scalar* L_values = factor.L_values.data();
  for (Index k = size - 1; k >= 0; --k) {
    Scalar sum = y[k];
    for (Index p = L_col_ptr[k]; p < L_col_ptr[k + 1]; ++p) {
      sum = minus_product(sum, L_values[p], y[L_rows[p]]);
    }
    y[k] = sum;
  }
}

template <class Scalar, class Index>
void solve_dense_block(const DenseFactor<Scalar, Index>& factor, Index size, Scalar* y,
                       Scalar* scratch) {
  const std::size_t order = static_cast<std::size_t>(size);
  for (Index k = 0; k < size; ++k) scratch[k] = y[factor.perm[k]];
  const Scalar* lu = factor.lu.data();
  for (Index k = 0; k < size; ++k) {
    const Scalar* column = lu + static_cast<std::size_t>(k) * order;
    const Scalar yk = scratch[k];
    for (Index i = k + 1; i < size; ++i) scratch[i] -= column[i] * yk;
  }
  for (Index k = size - 1; k >= 0; --k) {
    const Scalar* column = lu + static_cast<std::size_t>(k) * order;
    const Scalar yk = scratch[k] / column[k];
    scratch[k] = yk;
    for (Index i = 0; i < k; ++i) scratch[i] -= column[i] * yk;
  }
  for (Index k = 0; k < size; ++k) y[k] = scratch[k];
}

template <class Scalar, class Index>
void solve_dense_block_transpose(const DenseFactor<Scalar, Index>& factor, Index size, Scalar* y,
                                 Scalar* scratch) {
  const std::size_t order = static_cast<std::size_t>(size);
  const Scalar* lu = factor.lu.data();
  for (Index k = 0; k < size; ++k) {
    const Scalar* column = lu + static_cast<std::size_t>(k) * order;
    Scalar sum = y[k];
    for (Index i = 0; i < k; ++i) sum -= column[i] * y[i];
    y[k] = sum / column[k];
  }
  for (Index k = size - 1; k >= 0; --k) {
    const Scalar* column = lu + static_cast<std::size_t>(k) * order;
    Scalar sum = y[k];
    for (Index i = k + 1; i < size; ++i) sum -= column[i] * y[i];
    y[k] = sum;
  }
  for (Index k = 0; k < size; ++k) scratch[factor.perm[k]] = y[k];
  for (Index k = 0; k < size; ++k) y[k] = scratch[k];
}

// Solves block b of the pivoted system (its transpose when `transpose`) for `count`
// right-hand sides, the columns of W (leading dimension n), for a block of order > 1 (the
// callers solve singletons inline). Supernodal blocks take them all at once (BLAS-3); the
// other paths one at a time.
template <class Scalar, class Index>
void solve_diagonal_block(const NumericData<Scalar, Index>& data, std::size_t b, Scalar* W,
                          Index count, Scalar* scratch, bool transpose) {
  const SymbolicData<Index>& symbolic = data.symbolic.data();
  const BlockPlan<Index>& plan = symbolic.blocks[b];
  const BlockFactor<Scalar, Index>& factor = data.blocks[b];
  if (factor.path == FactorPath::supernodal) {
    if (transpose) {
      solve_supernodal_block_transpose(*factor.supernodal, plan.size, W + plan.start, symbolic.n,
                                       count, scratch);
    } else {
      solve_supernodal_block(*factor.supernodal, plan.size, W + plan.start, symbolic.n, count,
                             scratch);
    }
    return;
  }
  const std::size_t n = static_cast<std::size_t>(symbolic.n);
  const Scalar* inverse_diagonal = data.inverse_diagonal.data() + plan.start;
  for (Index r = 0; r < count; ++r) {
    Scalar* y = W + r * n + plan.start;
    if (factor.path == FactorPath::dense) {
      if (transpose) {
        solve_dense_block_transpose(*factor.dense, plan.size, y, scratch);
      } else {
        solve_dense_block(*factor.dense, plan.size, y, scratch);
      }
    } else if (transpose) {
      solve_column_block_transpose(factor.column, inverse_diagonal, plan.size, y);
    } else {
      solve_column_block(factor.column, inverse_diagonal, plan.size, y);
    }
  }
}

// Block back substitution on the pivoted, permuted system for `count` right-hand sides
// (columns of W, leading dimension n): blocks last to first, each followed by the update of
// the rows above it with its off-diagonal columns.
template <class Scalar, class Index>
void solve_permuted(const NumericData<Scalar, Index>& data, Scalar* W, Index count,
                    Scalar* scratch) {
  const SymbolicData<Index>& symbolic = data.symbolic.data();
  const std::size_t n = static_cast<std::size_t>(symbolic.n);
  const Index* off_col_ptr = symbolic.off_col_ptr.data();
  const Index* off_rows = data.off_rows.data();
  const Scalar* off_values = data.off_values.data();
  const Scalar* inverse_diagonal = data.inverse_diagonal.data();
  for (std::size_t b = symbolic.blocks.size(); b-- > 0;) {
    const BlockPlan<Index>& plan = symbolic.blocks[b];
    if (plan.size == 1) {
      // Singletons, most blocks of many circuit matrices: no call, no look at the factor.
      for (Index r = 0; r < count; ++r) W[r * n + plan.start] *= inverse_diagonal[plan.start];
    } else {
      solve_diagonal_block(data, b, W, count, scratch, /*transpose=*/false);
    }
    if (off_col_ptr[plan.start] == off_col_ptr[plan.start + plan.size]) continue;
    for (Index r = 0; r < count; ++r) {
      Scalar* w = W + r * n;
      for (Index j = plan.start; j < plan.start + plan.size; ++j) {
        const Scalar xj = w[j];
        for (Index p = off_col_ptr[j]; p < off_col_ptr[j + 1]; ++p)
          w[off_rows[p]] -= off_values[p] * xj;
      }
    }
  }
}

// The transpose is block lower triangular: blocks first to last, each after gathering the
// contributions of the blocks before it.
template <class Scalar, class Index>
void solve_permuted_transpose(const NumericData<Scalar, Index>& data, Scalar* W, Index count,
                              Scalar* scratch) {
  const SymbolicData<Index>& symbolic = data.symbolic.data();
  const std::size_t n = static_cast<std::size_t>(symbolic.n);
  const Index* off_col_ptr = symbolic.off_col_ptr.data();
  const Index* off_rows = data.off_rows.data();
  const Scalar* off_values = data.off_values.data();
  const Scalar* inverse_diagonal = data.inverse_diagonal.data();
  for (std::size_t b = 0; b < symbolic.blocks.size(); ++b) {
    const BlockPlan<Index>& plan = symbolic.blocks[b];
    for (Index r = 0; r < count && off_col_ptr[plan.start] != off_col_ptr[plan.start + plan.size];
         ++r) {
      Scalar* w = W + r * n;
      for (Index j = plan.start; j < plan.start + plan.size; ++j) {
        Scalar sum = w[j];
        for (Index p = off_col_ptr[j]; p < off_col_ptr[j + 1]; ++p) {
          sum = minus_product(sum, off_values[p], w[off_rows[p]]);
        }
        w[j] = sum;
      }
    }
    if (plan.size == 1) {
      for (Index r = 0; r < count; ++r) W[r * n + plan.start] *= inverse_diagonal[plan.start];
    } else {
      solve_diagonal_block(data, b, W, count, scratch, /*transpose=*/true);
    }
  }
}

}  // namespace

template <class Scalar, class Index>
void solve_columns(const NumericData<Scalar, Index>& data, const Scalar* B, Scalar* X, Index count,
                   Index ld, Scalar* W, Scalar* scratch, Transpose transpose) {
  const SymbolicData<Index>& symbolic = data.symbolic.data();
  const Index n = symbolic.n;
  const Index* row_perm = data.pivot_row_perm.data();
  const Index* col_perm = symbolic.col_perm.data();
  const auto* row_scale = data.pivoted_row_scale.data();  // row_scale[row_perm[k]]
  const std::size_t stride = static_cast<std::size_t>(ld);
  const std::size_t order = static_cast<std::size_t>(n);
  // P R A Q = L U:  A x = b  <=>  (L U)(Qᵀ x) = P R b;  Aᵀ x = b  <=>  (L U)ᵀ (P R⁻¹ x) = Qᵀ b;
  // Aᴴ x = b  <=>  Aᵀ conj(x) = conj(b), so the conjugate transpose conjugates on the way in
  // and out of the transposed solve (R is real) and needs no kernels of its own.
  if (transpose == Transpose::no) {
    for (Index r = 0; r < count; ++r) {
      const Scalar* b = B + r * stride;
      Scalar* w = W + r * order;
      for (Index k = 0; k < n; ++k) w[k] = b[row_perm[k]] * row_scale[k];
    }
    solve_permuted(data, W, count, scratch);
    for (Index r = 0; r < count; ++r) {
      Scalar* x = X + r * stride;
      const Scalar* w = W + r * order;
      for (Index k = 0; k < n; ++k) x[col_perm[k]] = w[k];
    }
  } else if (transpose == Transpose::yes || !is_complex<Scalar>::value) {
    for (Index r = 0; r < count; ++r) {
      const Scalar* b = B + r * stride;
      Scalar* w = W + r * order;
      for (Index k = 0; k < n; ++k) w[k] = b[col_perm[k]];
    }
    solve_permuted_transpose(data, W, count, scratch);
    for (Index r = 0; r < count; ++r) {
      Scalar* x = X + r * stride;
      const Scalar* w = W + r * order;
      for (Index k = 0; k < n; ++k) x[row_perm[k]] = w[k] * row_scale[k];
    }
  } else {
    for (Index r = 0; r < count; ++r) {
      const Scalar* b = B + r * stride;
      Scalar* w = W + r * order;
      for (Index k = 0; k < n; ++k) w[k] = conjugate(b[col_perm[k]]);
    }
    solve_permuted_transpose(data, W, count, scratch);
    for (Index r = 0; r < count; ++r) {
      Scalar* x = X + r * stride;
      const Scalar* w = W + r * order;
      for (Index k = 0; k < n; ++k) x[row_perm[k]] = conjugate(w[k]) * row_scale[k];
    }
  }
}

template <class Scalar, class Index>
void solve_one(const NumericData<Scalar, Index>& data, const Scalar* b, Scalar* x, Scalar* w,
               Scalar* scratch, Transpose transpose) {
  solve_columns(data, b, x, Index{1}, data.symbolic.data().n, w, scratch, transpose);
}

template <class Scalar, class Index>
Index solve_chunk(const NumericData<Scalar, Index>& data, Index nrhs) {
  // Supernodal blocks solve many right-hand sides with TRSM/GEMM; 16 at a time gets most of
  // BLAS-3's gain while the workspace stays 16 vectors.
  if (data.symbolic.data().supernodal.empty()) return 1;
  return std::max<Index>(1, std::min<Index>(nrhs, 16));
}

template <class Scalar, class Index>
std::size_t solve_block_scratch_size(const NumericData<Scalar, Index>& data) {
  const auto& symbolic = data.symbolic.data();
  return static_cast<std::size_t>(
      std::max(symbolic.largest_dense_block, 2 * symbolic.largest_supernodal_block));
}

template <class Scalar, class Index>
std::size_t solve_scratch_size(const NumericData<Scalar, Index>& data, Index chunk) {
  const std::size_t n = static_cast<std::size_t>(data.symbolic.data().n);
  const std::size_t columns = static_cast<std::size_t>(std::max<Index>(chunk, 1));
  return std::max(5 * n + solve_block_scratch_size(data),
                  columns * (n + solve_block_scratch_size(data)));
}

#define LUPINE_INSTANTIATE_SOLVE(Scalar, Index)                                                 \
  template void solve_one(const NumericData<Scalar, Index>&, const Scalar*, Scalar*, Scalar*,   \
                          Scalar*, Transpose);                                                  \
  template void solve_columns(const NumericData<Scalar, Index>&, const Scalar*, Scalar*, Index, \
                              Index, Scalar*, Scalar*, Transpose);                              \
  template Index solve_chunk(const NumericData<Scalar, Index>&, Index);                         \
  template std::size_t solve_scratch_size(const NumericData<Scalar, Index>&, Index);            \
  template std::size_t solve_block_scratch_size(const NumericData<Scalar, Index>&);

LUPINE_INSTANTIATE_SOLVE(double, std::int32_t)
LUPINE_INSTANTIATE_SOLVE(double, std::int64_t)
LUPINE_INSTANTIATE_SOLVE(std::complex<double>, std::int32_t)
LUPINE_INSTANTIATE_SOLVE(std::complex<double>, std::int64_t)

}  // namespace lupine::detail

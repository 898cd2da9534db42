// One pipeline run with 32-bit or 64-bit indices, everything it computes kept, so that the two
// index widths can be compared bit for bit: they run the same arithmetic in the same order.
#pragma once

#include <cstdint>
#include <vector>

#include "lupine/solver.hpp"

namespace lupine_test {

/// `matrix` with Index indices (the same entries and values).
template <class Index>
lupine::CscMatrix<double, Index> with_indices(const lupine::CscMatrix<double>& matrix);

/// What run_pipeline computes; every index widened to 64 bits, every double kept as its bits.
struct PipelineResult {
  std::vector<std::uint64_t> x, xt;     // A x = b and Aᵀ x = b with 2 refinement steps
  std::vector<std::uint64_t> x0, xt0;   // the same without refinement
  std::vector<std::uint64_t> multiple;  // three right-hand sides at once, refined
  int refinement_steps = 0, refinement_steps_t = 0;
  std::uint64_t refined_error = 0, refined_error_t = 0;  // SolveReport::backward_error
  std::uint64_t error0 = 0, error0_t = 0;                // Numeric::backward_error of x0, xt0
  std::uint64_t det_sign = 0, det_log_abs = 0, det_mantissa = 0;
  std::int64_t det_exponent = 0;
  std::uint64_t condition = 0;  // 0 when not asked for
  int condition_solves = 0;
  // factors() (empty when not asked for)
  std::vector<std::int64_t> row_perm, col_perm, L_col_ptr, L_rows, U_col_ptr, U_rows;
  std::vector<std::uint64_t> row_scale, L_values, U_values;
  // refactor with `values_after` (nearby values), then the same solves
  bool refactored = false;
  bool reused_pivots = false;
  std::vector<std::uint64_t> x_after, xt_after;
  std::vector<std::uint64_t> L_after, U_after;
  // statistics
  std::int64_t predicted_lu_nnz = 0, lu_nnz = 0, nnz_L = 0, nnz_U = 0, off_diagonal_pivots = 0,
               delayed_pivots = 0, perturbed_pivots = 0, column_blocks = 0, supernodal_blocks = 0,
               dense_blocks = 0;
  std::uint64_t predicted_flops = 0, factor_flops = 0, pivot_growth = 0;
  int threads = 0;
};

struct PipelineParts {
  bool factors = true;    // export the factors (and again after the refactorization)
  bool condition = true;  // Numeric::condition_estimate
  /// Values of the same pattern for a refactorization (none: no refactorization).
  const std::vector<double>* values_after = nullptr;
};

/// analyze, factor, solves with A and Aᵀ (refined and not, one and three right-hand sides),
/// backward errors, determinant, condition estimate, factors and a refactorization of
/// `matrix` under `options`, with Index indices.
template <class Index>
PipelineResult run_pipeline(const lupine::CscMatrix<double>& matrix, const lupine::Options& options,
                            const PipelineParts& parts = {});

/// Catch checks that the two runs computed the same bits (and took the same decisions).
void check_same_bits(const PipelineResult& narrow, const PipelineResult& wide);

/// The values of `matrix` multiplied by 1 + amount sin(k): a nearby operating point.
std::vector<double> nearby_values(const lupine::CscMatrix<double>& matrix, double amount);

}  // namespace lupine_test

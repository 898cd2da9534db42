#include "support/index_width.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>

namespace lupine_test {
namespace {

std::uint64_t bits(double value) {
  std::uint64_t result = 0;
  std::memcpy(&result, &value, sizeof result);
  return result;
}

std::vector<std::uint64_t> bits(const double* values, std::size_t count) {
  std::vector<std::uint64_t> result(count);
  for (std::size_t k = 0; k < count; ++k) result[k] = bits(values[k]);
  return result;
}

std::vector<std::uint64_t> bits(const std::vector<double>& values) {
  return bits(values.data(), values.size());
}

template <class Index>
std::vector<std::int64_t> widened(const std::vector<Index>& indices) {
  return std::vector<std::int64_t>(indices.begin(), indices.end());
}

}  // namespace

template <class Index>
lupine::CscMatrix<double, Index> with_indices(const lupine::CscMatrix<double>& matrix) {
  return lupine::CscMatrix<double, Index>(
      matrix.rows(), matrix.cols(),
      std::vector<Index>(matrix.col_ptr().begin(), matrix.col_ptr().end()),
      std::vector<Index>(matrix.row_indices().begin(), matrix.row_indices().end()),
      matrix.values());
}

std::vector<double> nearby_values(const lupine::CscMatrix<double>& matrix, double amount) {
  std::vector<double> values = matrix.values();
  for (std::size_t k = 0; k < values.size(); ++k) {
    values[k] *= 1.0 + amount * std::sin(static_cast<double>(k));
  }
  return values;
}

template <class Index>
PipelineResult run_pipeline(const lupine::CscMatrix<double>& matrix, const lupine::Options& options,
                            const PipelineParts& parts) {
  using lupine::Transpose;
  const lupine::CscMatrix<double, Index> a = with_indices<Index>(matrix);
  const std::size_t n = static_cast<std::size_t>(a.rows());
  const std::vector<double> ones(n, 1.0);
  const std::vector<double> b = lupine::multiply(a, ones);
  const std::vector<double> bt = lupine::multiply(a, ones, Transpose::yes);
  lupine::DenseMatrix<double> B(a.rows(), 3);
  for (std::size_t i = 0; i < n; ++i) {
    B.data[i] = b[i];
    B.data[n + i] = 1.0 + static_cast<double>(i % 7) - 0.5 * static_cast<double>(i % 3);
    B.data[2 * n + i] = std::sin(0.37 * static_cast<double>(i) + 1.0);
  }
  const Index ld = std::max<Index>(a.rows(), 1);

  PipelineResult result;
  lupine::Numeric<double, Index> numeric(lupine::analyze(a, options), a, options);
  lupine::SolveReport report;
  result.x = bits(numeric.solve(b, Transpose::no, 2, &report));
  result.refinement_steps = report.refinement_steps;
  result.refined_error = bits(report.backward_error);
  result.xt = bits(numeric.solve(bt, Transpose::yes, 2, &report));
  result.refinement_steps_t = report.refinement_steps;
  result.refined_error_t = bits(report.backward_error);
  const std::vector<double> x0 = numeric.solve(b);
  const std::vector<double> xt0 = numeric.solve(bt, Transpose::yes);
  result.x0 = bits(x0);
  result.xt0 = bits(xt0);
  result.error0 = bits(numeric.backward_error(b.data(), x0.data(), 1, ld, Transpose::no));
  result.error0_t = bits(numeric.backward_error(bt.data(), xt0.data(), 1, ld, Transpose::yes));
  result.multiple = bits(numeric.solve(B, Transpose::no, 2).data);
  const lupine::Determinant determinant = numeric.determinant();
  result.det_sign = bits(determinant.sign);
  result.det_log_abs = bits(determinant.log_abs);
  result.det_mantissa = bits(determinant.mantissa);
  result.det_exponent = determinant.exponent;
  if (parts.condition) {
    const lupine::ConditionEstimate estimate = numeric.condition_estimate();
    result.condition = bits(estimate.condition);
    result.condition_solves = estimate.solves;
  }
  if (parts.factors) {
    const lupine::Factors<double, Index> factors = numeric.factors();
    result.row_perm = widened(factors.row_perm);
    result.col_perm = widened(factors.col_perm);
    result.row_scale = bits(factors.row_scale);
    result.L_col_ptr = widened(factors.L.col_ptr());
    result.L_rows = widened(factors.L.row_indices());
    result.L_values = bits(factors.L.values());
    result.U_col_ptr = widened(factors.U.col_ptr());
    result.U_rows = widened(factors.U.row_indices());
    result.U_values = bits(factors.U.values());
  }
  const lupine::Stats& stats = numeric.stats();
  result.predicted_lu_nnz = stats.predicted_lu_nnz;
  result.predicted_flops = bits(stats.predicted_flops);
  result.lu_nnz = stats.lu_nnz;
  result.nnz_L = stats.nnz_L;
  result.nnz_U = stats.nnz_U;
  result.factor_flops = bits(stats.factor_flops);
  result.off_diagonal_pivots = stats.off_diagonal_pivots;
  result.delayed_pivots = stats.delayed_pivots;
  result.perturbed_pivots = stats.perturbed_pivots;
  result.pivot_growth = bits(stats.pivot_growth);
  result.column_blocks = stats.column_blocks;
  result.supernodal_blocks = stats.supernodal_blocks;
  result.dense_blocks = stats.dense_blocks;
  result.threads = stats.threads;
  if (parts.values_after != nullptr) {
    result.refactored = true;
    result.reused_pivots =
        numeric.refactor(parts.values_after->data()) == lupine::RefactorStatus::reused_pivots;
    result.x_after = bits(numeric.solve(b, Transpose::no, 2));
    result.xt_after = bits(numeric.solve(bt, Transpose::yes, 2));
    if (parts.factors) {
      const lupine::Factors<double, Index> factors = numeric.factors();
      result.L_after = bits(factors.L.values());
      result.U_after = bits(factors.U.values());
    }
  }
  return result;
}

void check_same_bits(const PipelineResult& narrow, const PipelineResult& wide) {
  CHECK(narrow.x == wide.x);
  CHECK(narrow.xt == wide.xt);
  CHECK(narrow.x0 == wide.x0);
  CHECK(narrow.xt0 == wide.xt0);
  CHECK(narrow.multiple == wide.multiple);
  CHECK(narrow.refinement_steps == wide.refinement_steps);
  CHECK(narrow.refinement_steps_t == wide.refinement_steps_t);
  CHECK(narrow.refined_error == wide.refined_error);
  CHECK(narrow.refined_error_t == wide.refined_error_t);
  CHECK(narrow.error0 == wide.error0);
  CHECK(narrow.error0_t == wide.error0_t);
  CHECK(narrow.det_sign == wide.det_sign);
  CHECK(narrow.det_log_abs == wide.det_log_abs);
  CHECK(narrow.det_mantissa == wide.det_mantissa);
  CHECK(narrow.det_exponent == wide.det_exponent);
  CHECK(narrow.condition == wide.condition);
  CHECK(narrow.condition_solves == wide.condition_solves);
  CHECK(narrow.row_perm == wide.row_perm);
  CHECK(narrow.col_perm == wide.col_perm);
  CHECK(narrow.row_scale == wide.row_scale);
  CHECK(narrow.L_col_ptr == wide.L_col_ptr);
  CHECK(narrow.L_rows == wide.L_rows);
  CHECK(narrow.L_values == wide.L_values);
  CHECK(narrow.U_col_ptr == wide.U_col_ptr);
  CHECK(narrow.U_rows == wide.U_rows);
  CHECK(narrow.U_values == wide.U_values);
  CHECK(narrow.refactored == wide.refactored);
  CHECK(narrow.reused_pivots == wide.reused_pivots);
  CHECK(narrow.x_after == wide.x_after);
  CHECK(narrow.xt_after == wide.xt_after);
  CHECK(narrow.L_after == wide.L_after);
  CHECK(narrow.U_after == wide.U_after);
  CHECK(narrow.predicted_lu_nnz == wide.predicted_lu_nnz);
  CHECK(narrow.predicted_flops == wide.predicted_flops);
  CHECK(narrow.lu_nnz == wide.lu_nnz);
  CHECK(narrow.nnz_L == wide.nnz_L);
  CHECK(narrow.nnz_U == wide.nnz_U);
  CHECK(narrow.factor_flops == wide.factor_flops);
  CHECK(narrow.off_diagonal_pivots == wide.off_diagonal_pivots);
  CHECK(narrow.delayed_pivots == wide.delayed_pivots);
  CHECK(narrow.perturbed_pivots == wide.perturbed_pivots);
  CHECK(narrow.pivot_growth == wide.pivot_growth);
  CHECK(narrow.column_blocks == wide.column_blocks);
  CHECK(narrow.supernodal_blocks == wide.supernodal_blocks);
  CHECK(narrow.dense_blocks == wide.dense_blocks);
  CHECK(narrow.threads == wide.threads);
}

template lupine::CscMatrix<double, std::int32_t> with_indices(const lupine::CscMatrix<double>&);
template lupine::CscMatrix<double, std::int64_t> with_indices(const lupine::CscMatrix<double>&);
template PipelineResult run_pipeline<std::int32_t>(const lupine::CscMatrix<double>&,
                                                   const lupine::Options&, const PipelineParts&);
template PipelineResult run_pipeline<std::int64_t>(const lupine::CscMatrix<double>&,
                                                   const lupine::Options&, const PipelineParts&);

}  // namespace lupine_test

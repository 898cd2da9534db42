#include "measure.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <new>

#include "backward_error.hpp"
#include "lupine/error.hpp"

namespace lupine_bench {
namespace {

using Clock = std::chrono::steady_clock;

template <class Step>
double seconds(Step&& step) {
  const Clock::time_point start = Clock::now();
  step();
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Samples {
  std::vector<double> analyze, factor, refactor, solve;
};

/// The worst of each backward error over the solves checked.
struct Accuracy {
  double componentwise = 0;
  double normwise = 0;

  template <class Scalar>
  void check(const MatrixOf<Scalar>& matrix, const Scalar* values, const Scalar* x,
             const Scalar* b) {
    keep_worse(componentwise, backward_error(matrix, values, x, b));
    keep_worse(normwise, normwise_backward_error(matrix, values, x, b));
  }
  static void keep_worse(double& worst, double value) {
    if (!(value <= worst)) worst = value;  // a NaN sticks
  }
};

/// One repetition: a fresh adapter through every phase. Accuracy, nnz(L+U), flops and
/// delayed pivots are taken from the first repetition only (the later ones repeat the same
/// computation).
template <class Scalar>
void run_once(const ProblemOf<Scalar>& problem, const std::string& solver,
              const MeasureSettings& settings, bool first, Samples& samples, Row& row,
              Accuracy& accuracy) {
  AdapterSettings adapter_settings;
  adapter_settings.threads = settings.lupine_threads;
  adapter_settings.refine_steps = settings.lupine_refine;
  adapter_settings.pivot_threshold = settings.lupine_threshold;
  adapter_settings.rescale_on_refactor = settings.lupine_rescale_on_refactor;
  adapter_settings.path = settings.lupine_path;
  adapter_settings.ordering = settings.lupine_ordering;
  adapter_settings.matching = settings.lupine_matching;
  const std::unique_ptr<SolverAdapterOf<Scalar>> adapter =
      make_adapter<Scalar>(solver, adapter_settings);
  const MatrixOf<Scalar>& matrix = problem.matrix;

  samples.analyze.push_back(seconds([&] { adapter->analyze(matrix); }));
  samples.factor.push_back(seconds([&] { adapter->factor(); }));
  adapter->prepare_solve();
  std::vector<Scalar> x(static_cast<std::size_t>(matrix.rows()));
  for (std::int64_t k = 0; k < problem.right_hand_sides.cols; ++k) {
    const Scalar* b = problem.right_hand_sides.column(k);
    samples.solve.push_back(seconds([&] { adapter->solve(b, x.data()); }));
    if (first) accuracy.check(matrix, matrix.values().data(), x.data(), b);
  }
  if (first) {
    row.lu_nnz = adapter->lu_nnz();
    row.factor_flops = adapter->factor_flops();
    row.delayed_pivots = adapter->delayed_pivots();
    row.supernodal_blocks = adapter->supernodal_blocks();
    row.peak_rss_bytes = adapter->peak_memory_bytes();
  }
  for (const std::vector<Scalar>& values : problem.refactor_values) {
    samples.refactor.push_back(seconds([&] { adapter->refactor(values.data()); }));
  }
  // Refactorization may reuse pivots that no longer suit the values, so its result is
  // checked too: one untimed solve against the last refactored values.
  if (first && !problem.refactor_values.empty()) {
    const Scalar* b = problem.right_hand_sides.column(0);
    adapter->solve(b, x.data());
    accuracy.check(matrix, problem.refactor_values.back().data(), x.data(), b);
  }
}

void fail(Row& row, const std::string& status, const std::string& message) {
  row.status = status;
  row.message = message;
}

std::string short_number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g", value);
  return buffer;
}

}  // namespace

double median(std::vector<double> values) {
  if (values.empty()) return not_measured;
  std::sort(values.begin(), values.end());
  const std::size_t middle = values.size() / 2;
  if (values.size() % 2 == 1) return values[middle];
  return 0.5 * (values[middle - 1] + values[middle]);
}

template <class Scalar>
Row measure(const ProblemOf<Scalar>& problem, const std::string& solver,
            const MeasureSettings& settings) {
  Row row;
  row.threads = solver == "lupine" ? settings.lupine_threads : 1;
  Samples samples;
  Accuracy accuracy;
  try {
    const Clock::time_point start = Clock::now();
    for (int r = 0; r < kMaxRepeat; ++r) {
      const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
      if (r >= settings.repeat && elapsed >= settings.min_seconds) break;
      run_once(problem, solver, settings, r == 0, samples, row, accuracy);
    }
  } catch (const lupine::Error& error) {
    std::string status = lupine::to_string(error.kind());
    // Peers cannot tell a structurally singular matrix from a numerically singular one;
    // the bench's own maximum matching can.
    if (error.kind() == lupine::ErrorKind::numerically_singular &&
        problem.structural_rank < problem.matrix.rows()) {
      status = lupine::to_string(lupine::ErrorKind::structurally_singular);
    }
    fail(row, status, error.what());
    return row;
  } catch (const std::bad_alloc&) {
    fail(row, lupine::to_string(lupine::ErrorKind::out_of_memory), "std::bad_alloc");
    return row;
  } catch (const std::exception& error) {
    fail(row, lupine::to_string(lupine::ErrorKind::internal), error.what());
    return row;
  }
  row.analyze_s = median(samples.analyze);
  row.factor_s = median(samples.factor);
  row.refactor_s = median(samples.refactor);
  row.solve_s = median(samples.solve);
  row.backward_error = accuracy.componentwise;
  if (!(accuracy.normwise <= inaccurate_above)) {
    fail(row, status::inaccurate,
         "normwise backward error " + short_number(accuracy.normwise) + " above " +
             short_number(inaccurate_above) + " (componentwise " +
             short_number(accuracy.componentwise) + ")");
  }
  return row;
}

template Row measure<double>(const Problem&, const std::string&, const MeasureSettings&);
template Row measure<Complex>(const ComplexProblem&, const std::string&, const MeasureSettings&);

}  // namespace lupine_bench

// The dense partial LU of one frontal matrix (numeric/front.hpp) against dense references:
// P F Q = [L11 0; L21 I] [U11 U12; 0 S], threshold partial pivoting restricted to the fully
// summed rows, delayed columns, the root perturbation, and fixed-order refactorization.
#include <tbb/task_arena.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <complex>
#include <cstdint>
#include <limits>
#include <numeric>
#include <vector>

#include "numeric/front.hpp"

using lupine::detail::factor_front;
using lupine::detail::FrontKernel;
using lupine::detail::FrontMode;
using lupine::detail::FrontOutcome;
using lupine::detail::FrontProblem;

namespace {

// Uniform values in [-1, 1) from splitmix64, the same on every platform.
class Stream {
 public:
  explicit Stream(std::uint64_t seed) : state_(seed) {}
  double uniform() {
    state_ += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) * 0x1.0p-52 - 1.0;
  }

 private:
  std::uint64_t state_;
};

// A square column-major matrix.
struct Dense {
  std::int64_t m = 0;
  std::vector<double> values;
  explicit Dense(std::int64_t order = 0)
      : m(order), values(static_cast<std::size_t>(order * order), 0.0) {}
  double& operator()(std::int64_t i, std::int64_t j) {
    return values[static_cast<std::size_t>(i + j * m)];
  }
  double operator()(std::int64_t i, std::int64_t j) const {
    return values[static_cast<std::size_t>(i + j * m)];
  }
};

Dense random_front(std::int64_t m, std::uint64_t seed) {
  Dense front(m);
  Stream stream(seed);
  for (double& value : front.values) value = stream.uniform();
  return front;
}

struct Run {
  std::int64_t nfs = 0;
  Dense front;  // after the call
  std::vector<int> row_ids;
  std::vector<int> col_ids;
  FrontOutcome outcome;
};

struct Settings {
  double tau = 0.1;
  FrontKernel kernel = FrontKernel::automatic;
  FrontMode mode = FrontMode::pivoting;
  std::int64_t fixed_eliminated = 0;
  double guard = 0;
  double perturbation = 0;
  bool parallel = false;
  /// The columns past the fully summed ones in storage of their own, as the supernodal
  /// driver lays a front out (copied back into `Run::front` after the call).
  bool separate_trailing = false;
};

// Runs factor_front on a copy of `original`, row and column ids starting as given (0..m-1
// when empty).
Run run_front(const Dense& original, std::int64_t nfs, const Settings& settings,
              std::vector<int> row_ids = {}, std::vector<int> col_ids = {}) {
  const std::int64_t m = original.m;
  Run run;
  run.nfs = nfs;
  run.front = original;
  if (row_ids.empty()) {
    row_ids.resize(static_cast<std::size_t>(m));
    std::iota(row_ids.begin(), row_ids.end(), 0);
  }
  if (col_ids.empty()) {
    col_ids.resize(static_cast<std::size_t>(m));
    std::iota(col_ids.begin(), col_ids.end(), 0);
  }
  run.row_ids = std::move(row_ids);
  run.col_ids = std::move(col_ids);
  std::vector<double> scratch(static_cast<std::size_t>(std::max<std::int64_t>(m, 1)));
  std::vector<double> trailing;
  if (settings.separate_trailing) {
    trailing.assign(run.front.values.begin() + nfs * m, run.front.values.end());
  }
  FrontProblem<double, int> problem;
  problem.front = run.front.values.data();
  problem.trailing = settings.separate_trailing ? trailing.data() : nullptr;
  problem.order = static_cast<int>(m);
  problem.fully_summed = static_cast<int>(nfs);
  problem.row_ids = run.row_ids.data();
  problem.col_ids = run.col_ids.data();
  problem.column_scratch = scratch.data();
  problem.mode = settings.mode;
  problem.fixed_eliminated = static_cast<int>(settings.fixed_eliminated);
  problem.pivot_threshold = settings.tau;
  problem.guard_threshold = settings.guard;
  problem.perturbation = settings.perturbation;
  problem.allow_parallel = settings.parallel;
  problem.kernel = settings.kernel;
  factor_front(problem, run.outcome);
  std::copy(trailing.begin(), trailing.end(), run.front.values.begin() + nfs * m);
  return run;
}

// (P F Q)(i, j) = F(row_ids[i], col_ids[j]).
Dense permuted(const Dense& original, const std::vector<int>& row_ids,
               const std::vector<int>& col_ids) {
  Dense result(original.m);
  for (std::int64_t j = 0; j < original.m; ++j) {
    for (std::int64_t i = 0; i < original.m; ++i) {
      result(i, j) =
          original(row_ids[static_cast<std::size_t>(i)], col_ids[static_cast<std::size_t>(j)]);
    }
  }
  return result;
}

// max |P F Q - [L11 0; L21 I][U11 U12; 0 S]| / max (|L||U| + |S|), from the factored front.
double reconstruction_error(const Dense& original, const Run& run) {
  const std::int64_t m = original.m;
  const std::int64_t e = run.outcome.eliminated;
  const Dense& F = run.front;
  const Dense target = permuted(original, run.row_ids, run.col_ids);
  double worst = 0;
  double scale = std::numeric_limits<double>::min();
  for (std::int64_t j = 0; j < m; ++j) {
    for (std::int64_t i = 0; i < m; ++i) {
      double product = 0;
      double magnitude = 0;
      const std::int64_t top = std::min({i, j, e - 1});
      for (std::int64_t k = 0; k <= top; ++k) {
        const double l = k == i ? 1.0 : F(i, k);
        product += l * F(k, j);
        magnitude += std::abs(l * F(k, j));
      }
      if (i >= e && j >= e) {
        product += F(i, j);
        magnitude += std::abs(F(i, j));
      }
      worst = std::max(worst, std::abs(product - target(i, j)));
      scale = std::max(scale, magnitude);
    }
  }
  return worst / scale;
}

// Replays the pivot sequence the kernel chose with a right-looking elimination of P F Q and
// checks every decision against the threshold rule of front.hpp: pivot k is acceptable
// (|a_kk| >= tau max_{i>=k} |a_ik|), it is the column's diagonal whenever the diagonal was an
// acceptable fully summed row, and otherwise the largest fully summed entry; every column
// left in the fully summed part fails the rule in the final Schur complement. A relative
// slack of 1e-9 separates rounding from wrong decisions.
void check_pivot_rule(const Dense& original, const Run& run, double tau) {
  const std::int64_t m = original.m;
  const std::int64_t nfs = run.nfs;
  const std::int64_t e = run.outcome.eliminated;
  const double slack = 1e-9;
  Dense a = permuted(original, run.row_ids, run.col_ids);
  std::int64_t off_diagonal = 0;
  for (std::int64_t k = 0; k < e; ++k) {
    INFO("pivot " << k << " of " << e << ", column " << run.col_ids[static_cast<std::size_t>(k)]);
    double column_max = 0;
    double fully_summed_max = 0;
    std::int64_t diagonal = -1;
    for (std::int64_t i = k; i < m; ++i) {
      column_max = std::max(column_max, std::abs(a(i, k)));
      if (i < nfs) {
        fully_summed_max = std::max(fully_summed_max, std::abs(a(i, k)));
        if (run.row_ids[static_cast<std::size_t>(i)] == run.col_ids[static_cast<std::size_t>(k)]) {
          diagonal = i;
        }
      }
    }
    const double pivot = std::abs(a(k, k));
    CHECK(pivot > 0);
    CHECK(pivot >= tau * column_max * (1 - slack));
    if (diagonal >= 0 && std::abs(a(diagonal, k)) > 0 &&
        std::abs(a(diagonal, k)) >= tau * column_max * (1 + slack)) {
      CHECK(diagonal == k);
    }
    if (run.row_ids[static_cast<std::size_t>(k)] != run.col_ids[static_cast<std::size_t>(k)]) {
      ++off_diagonal;
      CHECK(pivot >= fully_summed_max * (1 - slack));
    }
    for (std::int64_t j = k + 1; j < m; ++j) {
      const double u = a(k, j);
      if (u == 0) continue;
      for (std::int64_t i = k + 1; i < m; ++i) a(i, j) -= a(i, k) / a(k, k) * u;
    }
  }
  CHECK(run.outcome.off_diagonal_pivots == off_diagonal);
  // The delayed columns have no acceptable fully summed row left.
  for (std::int64_t j = e; j < nfs; ++j) {
    INFO("delayed column " << run.col_ids[static_cast<std::size_t>(j)]);
    double column_max = 0;
    double fully_summed_max = 0;
    for (std::int64_t i = e; i < m; ++i) {
      column_max = std::max(column_max, std::abs(a(i, j)));
      if (i < nfs) fully_summed_max = std::max(fully_summed_max, std::abs(a(i, j)));
    }
    CHECK((fully_summed_max == 0 || fully_summed_max < tau * column_max * (1 + slack)));
  }
}

// Row and column ids: permutations of the fully summed part, the rest untouched.
void check_permutations(const Run& run, std::int64_t m) {
  const std::int64_t nfs = run.nfs;
  std::vector<int> rows(run.row_ids.begin(), run.row_ids.begin() + nfs);
  std::vector<int> cols(run.col_ids.begin(), run.col_ids.begin() + nfs);
  std::sort(rows.begin(), rows.end());
  std::sort(cols.begin(), cols.end());
  for (std::int64_t k = 0; k < nfs; ++k) {
    CHECK(rows[static_cast<std::size_t>(k)] == k);
    CHECK(cols[static_cast<std::size_t>(k)] == k);
  }
  for (std::int64_t k = nfs; k < m; ++k) {
    CHECK(run.row_ids[static_cast<std::size_t>(k)] == k);
    CHECK(run.col_ids[static_cast<std::size_t>(k)] == k);
  }
}

void check_factorization(const Dense& original, const Run& run, double tau) {
  const std::int64_t m = original.m;
  CHECK(run.outcome.eliminated >= 0);
  CHECK(run.outcome.eliminated <= run.nfs);
  CHECK(run.outcome.non_finite_at == -1);
  CHECK(run.outcome.guard_failed_at == -1);
  CHECK(run.outcome.perturbed_pivots == 0);
  CHECK(run.outcome.flops ==
        Approx(lupine::detail::front_flops(static_cast<double>(m),
                                           static_cast<double>(run.outcome.eliminated))));
  check_permutations(run, m);
  CHECK(reconstruction_error(original, run) <= 1e-12);
  check_pivot_rule(original, run, tau);
}

std::vector<int> delayed_columns(const Run& run) {
  std::vector<int> delayed(run.col_ids.begin() + run.outcome.eliminated,
                           run.col_ids.begin() + run.nfs);
  std::sort(delayed.begin(), delayed.end());
  return delayed;
}

}  // namespace

TEST_CASE("front_flops counts divisions and multiply-adds pivot by pivot", "[numeric][front]") {
  for (const std::int64_t m : {1, 2, 5, 40, 300}) {
    for (std::int64_t e = 0; e <= m; e += std::max<std::int64_t>(1, m / 7)) {
      double flops = 0;
      for (std::int64_t k = 0; k < e; ++k) {
        const double r = static_cast<double>(m - k - 1);
        flops += r + 2 * r * r;
      }
      CHECK(lupine::detail::front_flops(static_cast<double>(m), static_cast<double>(e)) ==
            Approx(flops).margin(1e-9));
    }
  }
}

TEST_CASE("factor_front reproduces P F Q from its factors and Schur complement",
          "[numeric][front]") {
  const FrontKernel kernel = GENERATE(FrontKernel::blocked, FrontKernel::unblocked);
  INFO("kernel " << (kernel == FrontKernel::blocked ? "blocked" : "unblocked"));
  struct Shape {
    std::int64_t m, nfs;
  };
  // Orders around the inner (16) and outer (128) block sizes and the 256-column tiles.
  const Shape shapes[] = {{1, 1},     {1, 0},    {2, 1},     {2, 2},    {3, 3},   {7, 4},
                          {16, 16},   {17, 9},   {33, 33},   {40, 1},   {64, 20}, {129, 129},
                          {140, 130}, {200, 64}, {300, 300}, {300, 150}};
  std::uint64_t seed = 1;
  for (const Shape& shape : shapes) {
    for (const double tau : {0.0, 0.1, 1.0}) {
      if (shape.m >= 200 && tau == 0.0) continue;  // keep the large ones few
      INFO("m " << shape.m << " nfs " << shape.nfs << " tau " << tau);
      const Dense original = random_front(shape.m, seed++);
      const Run run = run_front(original, shape.nfs, Settings{tau, kernel});
      check_factorization(original, run, tau);
      // A root (every row fully summed) of a random front has every pivot it needs.
      if (shape.nfs == shape.m) CHECK(run.outcome.eliminated == shape.nfs);
    }
  }
}

TEST_CASE("factor_front with diagonally dominant fully summed rows keeps the diagonal",
          "[numeric][front]") {
  const FrontKernel kernel = GENERATE(FrontKernel::blocked, FrontKernel::unblocked);
  INFO("kernel " << (kernel == FrontKernel::blocked ? "blocked" : "unblocked"));
  const std::int64_t m = 150;
  const std::int64_t nfs = 140;
  Dense original = random_front(m, 11);
  for (std::int64_t j = 0; j < nfs; ++j) original(j, j) = 400.0;
  const Run run = run_front(original, nfs, Settings{0.1, kernel});
  check_factorization(original, run, 0.1);
  CHECK(run.outcome.eliminated == nfs);
  CHECK(run.outcome.off_diagonal_pivots == 0);
  CHECK(run.row_ids == run.col_ids);
  for (std::int64_t k = 0; k < m; ++k) CHECK(run.row_ids[static_cast<std::size_t>(k)] == k);
}

TEST_CASE("threshold pivoting prefers the diagonal and otherwise takes the largest entry",
          "[numeric][front]") {
  const FrontKernel kernel = GENERATE(FrontKernel::blocked, FrontKernel::unblocked);
  INFO("kernel " << (kernel == FrontKernel::blocked ? "blocked" : "unblocked"));
  // Column 0 of the root front [[1 0 0]; [5 2 0]; [8 1 3]] has the diagonal 1 below
  // tau * 8 for tau = 0.5 but above it for tau = 0.1.
  Dense front(3);
  const double values[3][3] = {{1, 0, 0}, {5, 2, 0}, {8, 1, 3}};
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) front(i, j) = values[i][j];
  }
  const Run loose = run_front(front, 3, Settings{0.1, kernel});
  CHECK(loose.row_ids[0] == 0);
  CHECK(loose.front(0, 0) == 1.0);
  check_factorization(front, loose, 0.1);
  const Run strict = run_front(front, 3, Settings{0.5, kernel});
  CHECK(strict.row_ids[0] == 2);
  CHECK(strict.front(0, 0) == 8.0);
  CHECK(strict.outcome.off_diagonal_pivots >= 1);
  check_factorization(front, strict, 0.5);
  // Restricted to the fully summed rows: with nfs = 2 the 8 of row 2 is not a candidate,
  // and the largest fully summed entry (5) passes 0.5 * 8.
  const Run partial = run_front(front, 2, Settings{0.5, kernel});
  CHECK(partial.row_ids[0] == 1);
  CHECK(partial.front(0, 0) == 5.0);
  check_factorization(front, partial, 0.5);
}

TEST_CASE("columns without an acceptable fully summed pivot are delayed", "[numeric][front]") {
  const FrontKernel kernel = GENERATE(FrontKernel::blocked, FrontKernel::unblocked);
  INFO("kernel " << (kernel == FrontKernel::blocked ? "blocked" : "unblocked"));
  const std::int64_t m = 60;
  const std::int64_t nfs = 30;
  const std::vector<int> zero_columns{3, 7, 8, 29};
  const std::vector<int> tiny_columns{0, 15, 16};
  Dense original = random_front(m, 21);
  for (std::int64_t j = 0; j < nfs; ++j) original(j, j) = 50.0;
  for (const int j : zero_columns) {
    for (std::int64_t i = 0; i < nfs; ++i) original(i, j) = 0.0;
  }
  for (const int j : tiny_columns) {
    for (std::int64_t i = 0; i < nfs; ++i) original(i, j) *= 1e-14;
  }
  std::vector<int> expected(zero_columns);
  expected.insert(expected.end(), tiny_columns.begin(), tiny_columns.end());
  std::sort(expected.begin(), expected.end());
  for (const double tau : {0.01, 0.1, 1.0}) {
    INFO("tau " << tau);
    const Run run = run_front(original, nfs, Settings{tau, kernel});
    check_factorization(original, run, tau);
    CHECK(run.outcome.eliminated == nfs - static_cast<std::int64_t>(expected.size()));
    CHECK(delayed_columns(run) == expected);
  }
  // Threshold 0 accepts any nonzero: only the exactly zero columns are delayed.
  const Run run = run_front(original, nfs, Settings{0.0, kernel});
  check_factorization(original, run, 0.0);
  std::vector<int> zero_sorted(zero_columns);
  std::sort(zero_sorted.begin(), zero_sorted.end());
  CHECK(delayed_columns(run) == zero_sorted);
}

TEST_CASE("delays across outer blocks and tiles keep the factorization exact", "[numeric][front]") {
  const FrontKernel kernel = GENERATE(FrontKernel::blocked, FrontKernel::unblocked);
  INFO("kernel " << (kernel == FrontKernel::blocked ? "blocked" : "unblocked"));
  // Every fifth fully summed column is zero in the fully summed rows: rejects in every inner
  // and outer block, shuffled behind the untried columns.
  const std::int64_t m = 420;
  const std::int64_t nfs = 300;
  Dense original = random_front(m, 31);
  std::vector<int> expected;
  for (std::int64_t j = 0; j < nfs; ++j) {
    if (j % 5 == 2) {
      expected.push_back(static_cast<int>(j));
      for (std::int64_t i = 0; i < nfs; ++i) original(i, j) = 0.0;
    } else {
      original(j, j) = 200.0;
    }
  }
  const Run run = run_front(original, nfs, Settings{0.1, kernel});
  check_factorization(original, run, 0.1);
  CHECK(delayed_columns(run) == expected);
}

TEST_CASE("a delayed column is retried once later pivots made it acceptable", "[numeric][front]") {
  const FrontKernel kernel = GENERATE(FrontKernel::blocked, FrontKernel::unblocked);
  INFO("kernel " << (kernel == FrontKernel::blocked ? "blocked" : "unblocked"));
  // Column 0 has only 1 in the fully summed rows against 30 below them: rejected with
  // tau = 0.1. Pivoting column 1 on its diagonal (row 1) subtracts 5 * 1 from row 0 of
  // column 0, and the retry then accepts the diagonal -5 >= 0.1 * 30.
  Dense front(6);
  front(1, 0) = 1;
  front(4, 0) = 30;
  front(1, 1) = 1;
  front(0, 1) = 5;
  front(2, 2) = 10;
  front(3, 3) = 10;
  front(4, 4) = 1;
  front(5, 5) = 1;
  const Run run = run_front(front, 4, Settings{0.1, kernel});
  check_factorization(front, run, 0.1);
  CHECK(run.outcome.eliminated == 4);
  CHECK(run.col_ids[3] == 0);
  CHECK(run.row_ids[3] == 0);
  CHECK(run.front(3, 3) == -5.0);
}

TEST_CASE("a root front eliminates a zero column only with a perturbation", "[numeric][front]") {
  const FrontKernel kernel = GENERATE(FrontKernel::blocked, FrontKernel::unblocked);
  INFO("kernel " << (kernel == FrontKernel::blocked ? "blocked" : "unblocked"));
  const std::int64_t m = 50;
  Dense original = random_front(m, 41);
  for (std::int64_t j = 0; j < m; ++j) original(j, j) += 8.0;
  const std::int64_t zero = 17;
  for (std::int64_t i = 0; i < m; ++i) original(i, zero) = 0.0;
  const Run singular = run_front(original, m, Settings{0.1, kernel});
  check_factorization(original, singular, 0.1);
  CHECK(singular.outcome.eliminated == m - 1);
  CHECK(delayed_columns(singular) == std::vector<int>{static_cast<int>(zero)});

  Settings perturbed{0.1, kernel};
  perturbed.perturbation = 1e-8;
  const Run run = run_front(original, m, perturbed);
  CHECK(run.outcome.eliminated == m);
  CHECK(run.outcome.perturbed_pivots == 1);
  CHECK(run.outcome.non_finite_at == -1);
  const auto position = std::find(run.col_ids.begin(), run.col_ids.end(), static_cast<int>(zero)) -
                        run.col_ids.begin();
  CHECK(run.front(position, position) == 1e-8);
  // The factors are those of the front with 1e-8 at the perturbed pivot's place.
  Dense modified = original;
  modified(run.row_ids[static_cast<std::size_t>(position)], zero) = 1e-8;
  CHECK(reconstruction_error(modified, run) <= 1e-12);

  // Not at a root: the column is delayed to the parent, unperturbed.
  const Run below = run_front(original, m - 5, perturbed);
  CHECK(below.outcome.perturbed_pivots == 0);
  CHECK(below.outcome.eliminated == m - 6);
  CHECK(delayed_columns(below) == std::vector<int>{static_cast<int>(zero)});
}

// A NaN or infinity anywhere in a candidate column (below the fully summed rows, in a pivot
// row, on the diagonal) stops the factorization at that column: never divided into L21,
// delayed as if the column were zero, or left to spoil a later column.
TEST_CASE("a non-finite value stops the factorization at its column", "[numeric][front]") {
  const FrontKernel kernel = GENERATE(FrontKernel::blocked, FrontKernel::unblocked);
  INFO("kernel " << (kernel == FrontKernel::blocked ? "blocked" : "unblocked"));
  const std::int64_t m = 40;
  const std::int64_t nfs = 30;
  for (const double bad :
       {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    // In a pivot row above the column, on its diagonal, and below the fully summed rows.
    for (const std::int64_t row : {std::int64_t{3}, std::int64_t{12}, std::int64_t{35}}) {
      INFO("value " << bad << " in row " << row);
      Dense original = random_front(m, 51);
      for (std::int64_t j = 0; j < m; ++j) original(j, j) += 10.0;
      original(row, 12) = bad;
      const Run run = run_front(original, nfs, Settings{0.1, kernel});
      CHECK(run.outcome.non_finite_at == 12);
      CHECK(run.col_ids[12] == 12);
      CHECK(run.outcome.eliminated == 12);
    }
  }
}

TEST_CASE("fixed mode reproduces a pivoted front from its recorded permutation",
          "[numeric][front]") {
  const FrontKernel kernel = GENERATE(FrontKernel::blocked, FrontKernel::unblocked);
  INFO("kernel " << (kernel == FrontKernel::blocked ? "blocked" : "unblocked"));
  struct Shape {
    std::int64_t m, nfs;
    double tau;
    double diagonal;  // added to the diagonal: large enough, no row interchanges
  };
  const Shape shapes[] = {{5, 5, 0.1, 0},       {30, 12, 0.1, 0},    {150, 150, 0.1, 0},
                          {150, 150, 0.1, 100}, {300, 200, 0.1, 60}, {300, 200, 0.1, 0},
                          {90, 60, 1.0, 0},     {260, 180, 1.0, 0}};
  std::uint64_t seed = 61;
  for (const Shape& shape : shapes) {
    INFO("m " << shape.m << " nfs " << shape.nfs << " tau " << shape.tau << " diagonal "
              << shape.diagonal);
    Dense original = random_front(shape.m, seed++);
    for (std::int64_t j = 0; j < shape.m; ++j) original(j, j) += shape.diagonal;
    const Run pivoted = run_front(original, shape.nfs, Settings{shape.tau, kernel});
    const std::int64_t e = pivoted.outcome.eliminated;
    const bool delays = e < shape.nfs;
    if (shape.tau == 1.0) CHECK(delays);  // these cases are meant to have delays
    Settings fixed;
    fixed.kernel = kernel;
    fixed.mode = FrontMode::fixed;
    fixed.fixed_eliminated = e;
    fixed.guard = 1e-3;
    const Dense reordered = permuted(original, pivoted.row_ids, pivoted.col_ids);
    const Run again = run_front(reordered, shape.nfs, fixed, pivoted.row_ids, pivoted.col_ids);
    CHECK(again.outcome.eliminated == e);
    CHECK(again.outcome.guard_failed_at == -1);
    CHECK(again.outcome.off_diagonal_pivots == pivoted.outcome.off_diagonal_pivots);
    CHECK(again.row_ids == pivoted.row_ids);
    CHECK(again.col_ids == pivoted.col_ids);
    CHECK(again.outcome.flops == pivoted.outcome.flops);
    bool interchanges = false;
    for (std::int64_t k = 0; k < shape.m; ++k) {
      interchanges = interchanges || pivoted.row_ids[static_cast<std::size_t>(k)] != k ||
                     pivoted.col_ids[static_cast<std::size_t>(k)] != k;
    }
    std::size_t differing = 0;
    double worst = 0;
    double scale = 0;
    for (std::size_t q = 0; q < again.front.values.size(); ++q) {
      differing += again.front.values[q] != pivoted.front.values[q];
      worst = std::max(worst, std::abs(again.front.values[q] - pivoted.front.values[q]));
      scale = std::max(scale, std::abs(pivoted.front.values[q]));
    }
    // Same operations on the same values in the same places: the same bits. With row
    // interchanges the pivoting run updates rows before they reach their final place, and
    // OpenBLAS's gemv/gemm round a row differently depending on its position in the call
    // (measured: reversing the rows of a 150 x 16 dgemv changes a few results by an ulp), so
    // only agreement to rounding can be asked there.
    if (!interchanges) {
      CHECK(differing == 0);
    } else {
      CHECK(worst <= 1e-12 * scale);
    }
  }
}

TEST_CASE("fixed mode fails its guard on a pivot made tiny", "[numeric][front]") {
  const FrontKernel kernel = GENERATE(FrontKernel::blocked, FrontKernel::unblocked);
  INFO("kernel " << (kernel == FrontKernel::blocked ? "blocked" : "unblocked"));
  const std::int64_t m = 80;
  const std::int64_t nfs = 60;
  Dense original = random_front(m, 71);
  for (std::int64_t j = 0; j < nfs; ++j) original(j, j) += 6.0;
  const Run pivoted = run_front(original, nfs, Settings{0.1, kernel});
  REQUIRE(pivoted.outcome.eliminated == nfs);
  Dense reordered = permuted(original, pivoted.row_ids, pivoted.col_ids);
  Settings fixed;
  fixed.kernel = kernel;
  fixed.mode = FrontMode::fixed;
  fixed.fixed_eliminated = nfs;
  fixed.guard = 1e-3;
  for (const std::int64_t target : {std::int64_t{0}, std::int64_t{23}, nfs - 1}) {
    INFO("pivot " << target);
    // Subtracting the computed pivot from the entry cancels it: the reused pivot becomes
    // rounding noise against the rest of its column.
    Dense changed = reordered;
    changed(target, target) -= pivoted.front(target, target);
    const Run run = run_front(changed, nfs, fixed, pivoted.row_ids, pivoted.col_ids);
    CHECK(run.outcome.guard_failed_at == target);
    CHECK(run.outcome.eliminated == target);
  }
  // An exactly zero pivot fails even with guard 0.
  Dense zero_pivot = reordered;
  for (std::int64_t i = 0; i < m; ++i) zero_pivot(i, 0) = i == 0 ? 0.0 : zero_pivot(i, 0);
  fixed.guard = 0;
  const Run run = run_front(zero_pivot, nfs, fixed, pivoted.row_ids, pivoted.col_ids);
  CHECK(run.outcome.guard_failed_at == 0);
  // Unchanged values pass the guard.
  fixed.guard = 1e-3;
  CHECK(
      run_front(reordered, nfs, fixed, pivoted.row_ids, pivoted.col_ids).outcome.guard_failed_at ==
      -1);
}

TEST_CASE("the unblocked and blocked kernels choose the same pivots", "[numeric][front]") {
  // Diagonals large enough that no choice is near a tie: rounding cannot change a decision.
  // Some fully summed columns are zero in the fully summed rows (delays), and the columns
  // past the fully summed ones live apart, as the supernodal driver lays them out.
  struct Shape {
    std::int64_t m, nfs;
  };
  const Shape shapes[] = {{6, 4}, {20, 20}, {33, 12}, {64, 40}, {65, 30}, {130, 100}};
  std::uint64_t seed = 101;
  for (const Shape& shape : shapes) {
    INFO("m " << shape.m << " nfs " << shape.nfs);
    const std::int64_t m = shape.m;
    const std::int64_t nfs = shape.nfs;
    Dense original = random_front(m, seed++);
    for (std::int64_t j = 0; j < nfs; ++j) {
      if (j % 7 == 3) {
        for (std::int64_t i = 0; i < nfs; ++i) original(i, j) = 0.0;
      } else {
        original(j, j) += 4.0 * static_cast<double>(m);
      }
    }
    Run runs[2];
    const FrontKernel kernels[2] = {FrontKernel::blocked, FrontKernel::unblocked};
    for (int r = 0; r < 2; ++r) {
      Settings settings{0.1, kernels[r]};
      settings.separate_trailing = true;
      runs[r] = run_front(original, nfs, settings);
      check_factorization(original, runs[r], 0.1);
    }
    CHECK(runs[0].outcome.eliminated == runs[1].outcome.eliminated);
    CHECK(runs[0].outcome.eliminated < nfs);
    CHECK(runs[0].outcome.off_diagonal_pivots == runs[1].outcome.off_diagonal_pivots);
    CHECK(delayed_columns(runs[0]) == delayed_columns(runs[1]));
    // The eliminated pivots are the same columns with the same rows, in the same order
    // (both take the candidates in order; only the delayed columns' order may differ).
    const auto e = static_cast<std::ptrdiff_t>(runs[0].outcome.eliminated);
    CHECK(
        std::equal(runs[0].col_ids.begin(), runs[0].col_ids.begin() + e, runs[1].col_ids.begin()));
    CHECK(
        std::equal(runs[0].row_ids.begin(), runs[0].row_ids.begin() + e, runs[1].row_ids.begin()));
    // L, U and the Schur complement over the eliminated rows/columns agree to rounding.
    double worst = 0;
    double scale = 0;
    for (std::int64_t j = 0; j < m; ++j) {
      if (j >= e && j < nfs) continue;  // delayed columns: their order may differ
      for (std::int64_t i = 0; i < m; ++i) {
        if (i >= e && i < nfs) continue;
        worst = std::max(worst, std::abs(runs[0].front(i, j) - runs[1].front(i, j)));
        scale = std::max(scale, std::abs(runs[0].front(i, j)));
      }
    }
    CHECK(worst <= 1e-13 * scale);
  }
}

TEST_CASE("parallel trailing updates give the same bits as sequential ones",
          "[numeric][front][threads]") {
  // Order 520: the first outer block's trailing update has two 256-column tiles and 4e7
  // flops, over the parallel threshold.
  const std::int64_t m = 520;
  const std::int64_t nfs = 450;
  const Dense original = random_front(m, 81);
  const Run sequential = run_front(original, nfs, Settings{0.1});
  Settings parallel{0.1};
  parallel.parallel = true;
  Run threaded;
  tbb::task_arena arena(2);
  arena.execute([&] { threaded = run_front(original, nfs, parallel); });
  CHECK(threaded.outcome.eliminated == sequential.outcome.eliminated);
  CHECK(threaded.row_ids == sequential.row_ids);
  CHECK(threaded.col_ids == sequential.col_ids);
  CHECK(threaded.front.values == sequential.front.values);
  CHECK(reconstruction_error(original, sequential) <= 1e-12);
}

TEST_CASE("factor_front works for complex scalars and 64-bit indices", "[numeric][front]") {
  const FrontKernel kernel = GENERATE(FrontKernel::blocked, FrontKernel::unblocked);
  INFO("kernel " << (kernel == FrontKernel::blocked ? "blocked" : "unblocked"));
  using Complex = std::complex<double>;
  const std::int64_t m = 24;
  const std::int64_t nfs = 18;
  Stream stream(91);
  std::vector<Complex> original(static_cast<std::size_t>(m * m));
  for (auto& value : original) value = Complex(stream.uniform(), stream.uniform());
  std::vector<Complex> front = original;
  std::vector<std::int64_t> rows(static_cast<std::size_t>(m)), cols(static_cast<std::size_t>(m));
  std::iota(rows.begin(), rows.end(), 0);
  std::iota(cols.begin(), cols.end(), 0);
  std::vector<Complex> scratch(static_cast<std::size_t>(m));
  FrontProblem<Complex, std::int64_t> problem;
  problem.front = front.data();
  problem.order = m;
  problem.fully_summed = nfs;
  problem.row_ids = rows.data();
  problem.col_ids = cols.data();
  problem.column_scratch = scratch.data();
  problem.pivot_threshold = 0.5;
  problem.kernel = kernel;
  FrontOutcome outcome;
  factor_front(problem, outcome);
  const std::int64_t e = outcome.eliminated;
  CHECK(e > 0);
  auto F = [&](std::int64_t i, std::int64_t j) {
    return front[static_cast<std::size_t>(i + j * m)];
  };
  double worst = 0;
  for (std::int64_t j = 0; j < m; ++j) {
    for (std::int64_t i = 0; i < m; ++i) {
      Complex product = 0;
      for (std::int64_t k = 0; k <= std::min({i, j, e - 1}); ++k) {
        product += (k == i ? Complex(1) : F(i, k)) * F(k, j);
      }
      if (i >= e && j >= e) product += F(i, j);
      const Complex target = original[static_cast<std::size_t>(
          rows[static_cast<std::size_t>(i)] + cols[static_cast<std::size_t>(j)] * m)];
      worst = std::max(worst, std::abs(product - target));
    }
  }
  CHECK(worst <= 1e-12);
  for (std::int64_t k = nfs; k < m; ++k) {
    CHECK(rows[static_cast<std::size_t>(k)] == k);
    CHECK(cols[static_cast<std::size_t>(k)] == k);
  }
}

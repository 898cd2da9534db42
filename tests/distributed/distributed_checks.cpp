// The distributed solver's checks, run by CTest under mpirun with 1, 2 and 4 ranks (a plain
// main, not Catch2: a failed assertion must not make one rank skip a collective call the
// others make). Each check runs on every rank; a failure prints its rank and place, and at the
// end every rank exits 1 when any rank failed.
//
//   mpirun -np 4 test_distributed [matrix folders...]
//
// On generated matrices always, and on ../shared/matrices ones when the folder is there: the
// distributed solution of A x = b and Aᵀ x = b (whole on rank 0 and as entries spread over the
// ranks, with rows of b and x spread too) has a componentwise backward error <= 1e-12 and
// agrees with the in-process solver's; a refactor loop with new values; a singular matrix and
// bad input on one rank raise the same lupine::Error on every rank.
#include <mpi.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "lupine/distributed.hpp"
#include "lupine/generate.hpp"
#include "lupine/io.hpp"
#include "lupine/solver.hpp"

namespace {

using Complex = std::complex<double>;
using lupine::CscMatrix;
using lupine::DistributedEntries;
using lupine::DistributedSolver;
using lupine::Error;
using lupine::ErrorKind;
using lupine::Transpose;

int world_rank = 0;
int world_size = 1;
int failures = 0;

#define EXPECT(condition, ...)                                                            \
  do {                                                                                    \
    if (!(condition)) {                                                                   \
      ++failures;                                                                         \
      std::fprintf(stderr, "rank %d: %s:%d: FAILED %s: ", world_rank, __FILE__, __LINE__, \
                   #condition);                                                           \
      std::fprintf(stderr, __VA_ARGS__);                                                  \
      std::fprintf(stderr, "\n");                                                         \
    }                                                                                     \
  } while (false)

void say(const std::string& text) {
  if (world_rank == 0) std::printf("%s\n", text.c_str());
  std::fflush(stdout);
}

double magnitude(double value) {
  return std::abs(value);
}
double magnitude(const Complex& value) {
  return std::abs(value);
}

double conjugated(double value) {
  return value;
}
Complex conjugated(const Complex& value) {
  return std::conj(value);
}

/// max_i |b - op(A) x|_i / (|op(A)| |x| + |b|)_i (Oettli-Prager).
template <class Scalar>
double backward_error(const CscMatrix<Scalar>& A, const Scalar* b, const Scalar* x,
                      Transpose transpose) {
  const std::size_t n = static_cast<std::size_t>(A.rows());
  std::vector<Scalar> residual(b, b + n);
  std::vector<double> scale(n);
  for (std::size_t i = 0; i < n; ++i) scale[i] = magnitude(b[i]);
  for (std::int32_t j = 0; j < A.cols(); ++j) {
    for (std::int32_t p = A.col_ptr()[j]; p < A.col_ptr()[j + 1]; ++p) {
      const std::size_t i = static_cast<std::size_t>(A.row_indices()[p]);
      const std::size_t column = static_cast<std::size_t>(j);
      Scalar a = A.values()[static_cast<std::size_t>(p)];
      if (transpose == Transpose::no) {
        residual[i] -= a * x[column];
        scale[i] += magnitude(a) * magnitude(x[column]);
      } else {
        if (transpose == Transpose::conjugate) a = conjugated(a);
        residual[column] -= a * x[i];
        scale[column] += magnitude(a) * magnitude(x[i]);
      }
    }
  }
  double worst = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double r = magnitude(residual[i]);
    if (r == 0) continue;
    worst = std::max(worst, scale[i] > 0 ? r / scale[i] : INFINITY);
  }
  return worst;
}

template <class Scalar>
std::vector<Scalar> random_vector(std::size_t size, unsigned seed) {
  std::mt19937 generator(seed);
  std::uniform_real_distribution<double> uniform(-1, 1);
  std::vector<Scalar> values(size);
  for (auto& value : values) {
    if constexpr (std::is_same<Scalar, Complex>::value) {
      value = Complex(uniform(generator), uniform(generator));
    } else {
      value = uniform(generator);
    }
  }
  return values;
}

/// Runs `step` (collective) and checks that it throws `kind` on every rank, with a message
/// containing `words` (when not empty).
void expect_error(const char* what, ErrorKind kind, const std::function<void()>& step,
                  const std::string& words = "") {
  bool thrown = false;
  try {
    step();
  } catch (const Error& error) {
    thrown = true;
    EXPECT(error.kind() == kind, "%s: kind %s, expected %s (%s)", what,
           lupine::to_string(error.kind()), lupine::to_string(kind), error.what());
    EXPECT(words.empty() || std::string(error.what()).find(words) != std::string::npos,
           "%s: message '%s' lacks '%s'", what, error.what(), words.c_str());
    if (world_rank == 0) std::printf("  %s: %s\n", what, error.what());
  }
  EXPECT(thrown, "%s: no error thrown", what);
  // Every rank must have thrown: a rank that did not would be in the next collective call.
  int mine = thrown ? 1 : 0;
  int all = 0;
  MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  EXPECT(all == 1, "%s: some rank did not throw", what);
}

/// This rank's share of A's entries: entry p goes to rank (p * 7919) % size, and the first
/// entry of each column is split in two halves on two ranks (the backend must sum them).
template <class Scalar>
DistributedEntries<Scalar> spread(const CscMatrix<Scalar>& A) {
  DistributedEntries<Scalar> local;
  local.n = A.rows();
  for (std::int32_t j = 0; j < A.cols(); ++j) {
    for (std::int32_t p = A.col_ptr()[j]; p < A.col_ptr()[j + 1]; ++p) {
      const Scalar value = A.values()[static_cast<std::size_t>(p)];
      const int owner = static_cast<int>((static_cast<std::int64_t>(p) * 7919) % world_size);
      const bool split = p == A.col_ptr()[j];
      for (int half = 0; half < (split ? 2 : 1); ++half) {
        if ((owner + half) % world_size != world_rank) continue;
        local.rows.push_back(A.row_indices()[p]);
        local.columns.push_back(j);
        local.values.push_back(split ? value * 0.5 : value);
      }
    }
  }
  return local;
}

/// Rows [first, last) of an n-vector held by this rank in a block distribution.
std::pair<std::int64_t, std::int64_t> my_block(std::int64_t n) {
  return {n * world_rank / world_size, n * (world_rank + 1) / world_size};
}

/// x (rank 0 only) from the blocks of every rank.
template <class Scalar>
std::vector<Scalar> gather_blocks(const std::vector<Scalar>& local, std::int64_t n) {
  const int width = static_cast<int>(sizeof(Scalar) / sizeof(double));
  std::vector<int> counts(static_cast<std::size_t>(world_size));
  std::vector<int> offsets(counts.size());
  for (int r = 0; r < world_size; ++r) {
    const std::int64_t first = n * r / world_size;
    const std::int64_t last = n * (r + 1) / world_size;
    counts[static_cast<std::size_t>(r)] = static_cast<int>(last - first) * width;
    offsets[static_cast<std::size_t>(r)] = static_cast<int>(first) * width;
  }
  std::vector<Scalar> all(world_rank == 0 ? static_cast<std::size_t>(n) : 0);
  MPI_Gatherv(local.data(), static_cast<int>(local.size()) * width, MPI_DOUBLE, all.data(),
              counts.data(), offsets.data(), MPI_DOUBLE, 0, MPI_COMM_WORLD);
  return all;
}

const Transpose transposes_real[] = {Transpose::no, Transpose::yes};
const Transpose transposes_complex[] = {Transpose::no, Transpose::yes, Transpose::conjugate};

const char* name_of(Transpose transpose) {
  return transpose == Transpose::no ? "A" : transpose == Transpose::yes ? "A^T" : "A^H";
}

/// Solves with the matrix whole on rank 0 and as spread entries, A and Aᵀ (and Aᴴ), against
/// the in-process solver; then a refactor loop.
/// With `may_refuse`, the superlu_dist backend may refuse the matrix as numerically singular
/// (static pivoting without MC64 loses on some circuits): then every rank must say so.
template <class Scalar>
void check_matrix(const std::string& name, const CscMatrix<Scalar>& A,
                  const lupine::DistributedOptions& options = {}, bool may_refuse = false) {
  const std::int64_t n = A.rows();
  const double tolerance = 1e-12;
  const auto& transposes =
      std::is_same<Scalar, Complex>::value
          ? std::vector<Transpose>(std::begin(transposes_complex), std::end(transposes_complex))
          : std::vector<Transpose>(std::begin(transposes_real), std::end(transposes_real));
  // The in-process reference, on every rank (each has the whole matrix here).
  lupine::Options in_process_options;
  in_process_options.threads = 1;
  lupine::Solver<Scalar> reference(in_process_options);
  reference.factor(A);
  const std::vector<Scalar> b = random_vector<Scalar>(static_cast<std::size_t>(n) * 2, 17);

  std::string line = name + " (n " + std::to_string(n) + ", nnz " + std::to_string(A.nnz()) + ")";
  try {
    // Whole on rank 0: two right-hand sides at once.
    DistributedSolver<Scalar> whole(MPI_COMM_WORLD, options);
    whole.factor(A);
    for (Transpose transpose : transposes) {
      std::vector<Scalar> x = whole.solve(b, 2, transpose);
      if (world_rank == 0) {
        for (int k = 0; k < 2; ++k) {
          const Scalar* bk = b.data() + k * n;
          const Scalar* xk = x.data() + k * n;
          const double error = backward_error(A, bk, xk, transpose);
          EXPECT(error <= tolerance, "%s whole %s rhs %d: backward error %.3g", name.c_str(),
                 name_of(transpose), k, error);
          std::vector<Scalar> expected(bk, bk + n);
          expected = reference.solve(expected, transpose);
          double difference = 0, size = 0;
          for (std::int64_t i = 0; i < n; ++i) {
            difference =
                std::max(difference, magnitude(xk[i] - expected[static_cast<std::size_t>(i)]));
            size = std::max(size, magnitude(expected[static_cast<std::size_t>(i)]));
          }
          // Both solutions have backward errors near eps; they differ by about cond(A) eps.
          EXPECT(difference <= 1e-6 * size, "%s whole %s rhs %d: differs from Lupine by %.3g",
                 name.c_str(), name_of(transpose), k, difference / size);
          if (k == 0) {
            char text[160];
            std::snprintf(text, sizeof text, "; %s berr %.1e, vs Lupine %.1e", name_of(transpose),
                          error, difference / size);
            line += text;
          }
        }
      }
    }
    const auto& stats = whole.stats();
    EXPECT(stats.n == n && stats.lu_nnz >= n && stats.factor_flops > 0, "%s: stats n %lld lu %lld",
           name.c_str(), static_cast<long long>(stats.n), static_cast<long long>(stats.lu_nnz));
    EXPECT(static_cast<int>(stats.factor_memory_mb.size()) == world_size, "%s: memory per rank",
           name.c_str());

    // Spread entries, spread rows of b and x, one right-hand side.
    DistributedSolver<Scalar> spread_solver(MPI_COMM_WORLD, options);
    DistributedEntries<Scalar> local = spread(A);
    spread_solver.factor(local);
    const auto [first, last] = my_block(n);
    std::vector<std::int64_t> rows;
    for (std::int64_t i = first; i < last; ++i) rows.push_back(i);
    std::vector<Scalar> b_local(b.begin() + first, b.begin() + last);
    std::vector<Scalar> x_local(b_local.size());
    for (Transpose transpose : transposes) {
      spread_solver.solve_distributed(rows, b_local.data(), x_local.data(), 1, transpose);
      std::vector<Scalar> x = gather_blocks(x_local, n);
      if (world_rank == 0) {
        const double error = backward_error(A, b.data(), x.data(), transpose);
        EXPECT(error <= tolerance, "%s spread %s: backward error %.3g", name.c_str(),
               name_of(transpose), error);
      }
    }

    // Refactor loop: new values on the same pattern, the analysis reused.
    CscMatrix<Scalar> changed = A;
    const double predicted = spread_solver.stats().predicted_flops;
    for (int step = 1; step <= 3; ++step) {
      for (std::int32_t j = 0; j < changed.cols(); ++j) {
        for (std::int32_t p = changed.col_ptr()[j]; p < changed.col_ptr()[j + 1]; ++p) {
          const double factor = 1 + 0.05 * step * std::sin(1.0 + p);
          changed.values()[static_cast<std::size_t>(p)] =
              A.values()[static_cast<std::size_t>(p)] * factor;
        }
      }
      DistributedEntries<Scalar> new_values = spread(changed);
      spread_solver.refactor(new_values);
      spread_solver.solve_distributed(rows, b_local.data(), x_local.data(), 1, Transpose::no);
      std::vector<Scalar> x = gather_blocks(x_local, n);
      if (world_rank == 0) {
        const double error = backward_error(changed, b.data(), x.data(), Transpose::no);
        EXPECT(error <= tolerance, "%s refactor %d: backward error %.3g", name.c_str(), step,
               error);
      }
    }
    EXPECT(spread_solver.stats().refactor_count == 3 && spread_solver.stats().factor_count == 1,
           "%s: %lld factors, %lld refactors", name.c_str(),
           static_cast<long long>(spread_solver.stats().factor_count),
           static_cast<long long>(spread_solver.stats().refactor_count));
    EXPECT(spread_solver.stats().predicted_flops == predicted, "%s: the analysis changed",
           name.c_str());
    char text[200];
    std::snprintf(text, sizeof text, "; refactor x3 ok; nnz(L+U) %lld, peak %lld MB/rank",
                  static_cast<long long>(stats.lu_nnz),
                  static_cast<long long>(stats.peak_memory_mb));
    line += text;
  } catch (const Error& error) {
    const bool refused = may_refuse && error.kind() == ErrorKind::numerically_singular &&
                         std::string(error.what()).find("inaccurate") != std::string::npos;
    EXPECT(refused, "%s: unexpected error %s: %s", name.c_str(), lupine::to_string(error.kind()),
           error.what());
    // A refusal must come on every rank (the error is agreed, not local).
    int mine = refused ? 1 : 0;
    int all = 0;
    MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    EXPECT(all == mine, "%s: refused on some ranks only", name.c_str());
    if (refused) line += std::string("; refused: ") + error.what();
  }
  say("  " + line);
}

/// The tridiagonal (-1, 4, -1) matrix with row `copy` replaced by row copy - 1: exactly
/// singular, structurally nonsingular (rows copy - 1 and copy share their pattern).
CscMatrix<double> singular_matrix(int n, int copy) {
  lupine::TripletBuilder<double> builder(n, n);
  for (int i = 0; i < n; ++i) {
    const int row_of = i == copy ? copy - 1 : i;
    for (int j = std::max(0, row_of - 1); j <= std::min(n - 1, row_of + 1); ++j) {
      builder.add(i, j, j == row_of ? 4.0 : -1.0);
    }
  }
  return builder.build();
}

void check_errors() {
  say("errors (every rank must throw the same one)");
  const CscMatrix<double> good = lupine::generate::convection_diffusion_2d(12, 12, 10.0);
  const std::int64_t n = good.rows();

  {
    const CscMatrix<double> singular = singular_matrix(60, 30);
    DistributedSolver<double> solver(MPI_COMM_WORLD);
    expect_error("singular, whole", ErrorKind::numerically_singular,
                 [&] { solver.factor(singular); });
    EXPECT(!solver.factored(), "factored after a singular factor");
    std::vector<double> b(static_cast<std::size_t>(singular.rows()), 1.0);
    expect_error("solve after a failed factor", ErrorKind::api_misuse, [&] { solver.solve(b); });
    DistributedSolver<double> spread_solver(MPI_COMM_WORLD);
    expect_error("singular, spread", ErrorKind::numerically_singular,
                 [&] { spread_solver.factor(spread(singular)); });
    // The same solver factors good values on the same pattern afterwards.
    CscMatrix<double> repaired = singular;
    for (std::int32_t j = 0; j < repaired.cols(); ++j) {
      for (std::int32_t p = repaired.col_ptr()[j]; p < repaired.col_ptr()[j + 1]; ++p) {
        if (repaired.row_indices()[p] == j) repaired.values()[static_cast<std::size_t>(p)] += 1;
      }
    }
    try {
      spread_solver.refactor(spread(repaired));
      EXPECT(spread_solver.factored(), "not factored after a good refactor");
    } catch (const Error& error) {
      EXPECT(false, "refactor after a singular factor: %s", error.what());
    }
  }
  {
    // An index out of range on the last rank (rank 1 of 2, rank 3 of 4; rank 0 alone).
    DistributedSolver<double> solver(MPI_COMM_WORLD);
    DistributedEntries<double> local = spread(good);
    const int bad_rank = world_size > 1 ? 1 : 0;
    if (world_rank == bad_rank) {
      local.rows.push_back(n + 5);
      local.columns.push_back(2);
      local.values.push_back(1.0);
    }
    expect_error(
        "out-of-range row on one rank", ErrorKind::invalid_matrix, [&] { solver.analyze(local); },
        world_size > 1 ? "on rank 1: entry" : "outside");
  }
  {
    DistributedSolver<double> solver(MPI_COMM_WORLD);
    DistributedEntries<double> local = spread(good);
    if (world_rank == world_size - 1) local.n += 1;
    if (world_size > 1) {
      expect_error("different n on one rank", ErrorKind::dimension_mismatch,
                   [&] { solver.analyze(local); });
    }
  }
  {
    DistributedSolver<double> solver(MPI_COMM_WORLD);
    DistributedEntries<double> local = spread(good);
    solver.analyze(local);
    DistributedEntries<double> wrong = local;
    if (world_rank == world_size - 1 && !wrong.values.empty()) wrong.values[0] = NAN;
    expect_error("NaN value on one rank", ErrorKind::non_finite_input,
                 [&] { solver.factor(wrong); });
    if (world_rank == world_size - 1) wrong.values.pop_back();
    expect_error("a value missing on one rank", ErrorKind::dimension_mismatch,
                 [&] { solver.factor(wrong.values.data(), wrong.values.size()); });
    solver.factor(local);
    // Rows of the distributed right-hand side: one row held twice, none held by another.
    const auto [first, last] = my_block(n);
    std::vector<std::int64_t> rows;
    for (std::int64_t i = first; i < last; ++i) rows.push_back(i);
    if (world_rank == world_size - 1) rows.back() = 0;
    std::vector<double> b(rows.size(), 1.0);
    std::vector<double> x(rows.size());
    expect_error(
        "a right-hand side row held twice", ErrorKind::invalid_argument,
        [&] { solver.solve_distributed(rows, b.data(), x.data(), 1); }, "row 0");
    rows.pop_back();
    b.pop_back();
    expect_error("a right-hand side row held by none", ErrorKind::invalid_argument,
                 [&] { solver.solve_distributed(rows, b.data(), x.data(), 1); });
  }
  {
    DistributedSolver<double> solver(MPI_COMM_WORLD);
    expect_error("refactor before analysis", ErrorKind::api_misuse, [&] { solver.refactor(good); });
    solver.analyze(good);
    CscMatrix<double> other = lupine::generate::convection_diffusion_2d(12, 13, 10.0);
    expect_error("another pattern", ErrorKind::pattern_mismatch, [&] { solver.factor(other); });
    lupine::DistributedOptions options;
    options.workspace_percent = -3;
    expect_error("bad option", ErrorKind::invalid_argument,
                 [&] { DistributedSolver<double> bad(MPI_COMM_WORLD, options); });
  }
}

/// A complex matrix: convection-diffusion plus an imaginary shift (a frequency-domain model).
CscMatrix<Complex> complex_matrix() {
  const CscMatrix<double> real = lupine::generate::convection_diffusion_2d(25, 25, 30.0);
  std::vector<Complex> values(real.values().size());
  for (std::int32_t j = 0; j < real.cols(); ++j) {
    for (std::int32_t p = real.col_ptr()[j]; p < real.col_ptr()[j + 1]; ++p) {
      const auto k = static_cast<std::size_t>(p);
      values[k] = Complex(real.values()[k], real.row_indices()[p] == j ? 0.5 : 0.1 * std::cos(p));
    }
  }
  return CscMatrix<Complex>(real.rows(), real.cols(), real.col_ptr(), real.row_indices(), values);
}

/// Memory relaxation: with no extra workspace (workspace_percent 0), a matrix whose rows are
/// permuted (no zero-free diagonal to begin with; spread entries get no matching) delays
/// pivots past the analysis' estimate; the factorization must retry with more and succeed.
void check_workspace_retries() {
  say("workspace retries");
  lupine::DistributedOptions options;
  options.workspace_percent = 0;
  options.workspace_retries = 8;
  int retries = 0;
  // Whether one matrix outgrows its estimate depends on the mapping to the ranks; over these
  // two, at least one does on 1, 2 and 4 ranks.
  for (int n : {600, 1500}) {
    lupine::generate::RandomSparseOptions random;
    random.n = n;
    random.entries_per_column = 6;
    random.permute_rows = true;
    random.seed = 3;
    const CscMatrix<double> A = lupine::generate::random_sparse(random);
    try {
      DistributedSolver<double> solver(MPI_COMM_WORLD, options);
      solver.factor(spread(A));
      const auto& stats = solver.stats();
      retries += stats.workspace_retries;
      say("  n " + std::to_string(n) + ": retries " + std::to_string(stats.workspace_retries) +
          ", ICNTL(14) " + std::to_string(stats.workspace_percent) + ", delayed pivots " +
          std::to_string(stats.delayed_pivots));
      std::vector<double> b = random_vector<double>(static_cast<std::size_t>(A.rows()), 5);
      std::vector<double> x = solver.solve(b);
      if (world_rank == 0) {
        const double error = backward_error(A, b.data(), x.data(), Transpose::no);
        EXPECT(error <= 1e-12, "retried factorization: backward error %.3g", error);
      }
    } catch (const Error& error) {
      EXPECT(false, "workspace retries: %s", error.what());
    }
  }
  EXPECT(retries >= 1, "no factorization needed a retry (the check tests nothing)");
  // With no retries allowed, the shortage is an out_of_memory error on every rank.
  options.workspace_retries = 0;
  lupine::generate::RandomSparseOptions random;
  random.n = 1500;
  random.entries_per_column = 6;
  random.permute_rows = true;
  random.seed = 3;
  const CscMatrix<double> A = lupine::generate::random_sparse(random);
  DistributedSolver<double> solver(MPI_COMM_WORLD, options);
  if (world_size > 1) {
    expect_error(
        "workspace too small, no retries", ErrorKind::out_of_memory,
        [&] { solver.factor(spread(A)); }, "INFOG(1) = -9");
  }
}

/// Lupine's analysis given as MUMPS's pivot order, for a whole and a spread matrix (whose
/// pattern rank 0 gathers for it).
void check_lupine_ordering() {
  say("Lupine's ordering as the backend's pivot order");
  lupine::generate::ElasticityOptions elasticity;
  elasticity.nx = 8;
  elasticity.ny = 3;
  elasticity.nz = 3;
  const CscMatrix<double> A = lupine::generate::elasticity_3d(elasticity).matrix;
  lupine::DistributedOptions options;
  options.ordering = lupine::DistributedOrdering::lupine;
  const std::vector<double> b = random_vector<double>(static_cast<std::size_t>(A.rows()), 9);
  for (bool whole : {true, false}) {
    try {
      DistributedSolver<double> solver(MPI_COMM_WORLD, options);
      if (whole) {
        solver.factor(A);
      } else {
        solver.factor(spread(A));
      }
      EXPECT(solver.stats().ordering == "given", "ordering %s", solver.stats().ordering.c_str());
      std::vector<double> x = solver.solve(b);
      if (world_rank == 0) {
        const double error = backward_error(A, b.data(), x.data(), Transpose::no);
        EXPECT(error <= 1e-12, "lupine ordering (%s): backward error %.3g",
               whole ? "whole" : "spread", error);
      }
      say(std::string("  ") + (whole ? "whole" : "spread") + ": ordering " +
          solver.stats().ordering + ", " + std::to_string(solver.stats().factor_flops) + " flops");
    } catch (const Error& error) {
      EXPECT(false, "lupine ordering: %s", error.what());
    }
  }
}

bool readable(const std::string& path);

#ifdef LUPINE_HAVE_SUPERLU_DIST
/// The superlu_dist backend: real matrices (generated and from the folders), A and Aᵀ, whole
/// and spread, refactor loops; its errors on every rank.
void check_superlu_dist(const std::vector<std::string>& folders) {
  say("the superlu_dist backend on " + std::to_string(world_size) + " rank(s)");
  lupine::DistributedOptions options;
  options.backend = lupine::DistributedBackend::superlu_dist;
  // Static pivoting needs more refinement than MUMPS's threshold pivoting where it replaced
  // pivots (sherman2: 1.7e-10 after 2 steps, 2e-16 after 4); steps stop at eps anyway.
  options.refine_steps = 10;
  {
    // Fewer rows than ranks: some ranks hold no rows and no entries.
    lupine::TripletBuilder<double> builder(3, 3);
    builder.add(0, 0, 4.0);
    builder.add(1, 1, 4.0);
    builder.add(2, 2, 4.0);
    builder.add(0, 1, -1.0);
    builder.add(2, 0, 2.0);
    check_matrix("superlu_dist 3x3 (fewer rows than ranks)", builder.build(), options);
  }
  check_matrix("superlu_dist convection_diffusion_2d 30x30 Pe 50",
               lupine::generate::convection_diffusion_2d(30, 30, 50.0), options);
  {
    lupine::generate::RandomCircuitOptions circuit;
    circuit.nodes = 500;
    circuit.voltage_sources = 20;
    circuit.inductors = 10;
    check_matrix("superlu_dist random_circuit 500 nodes", lupine::generate::random_circuit(circuit),
                 options);
  }
  {
    lupine::generate::ElasticityOptions elasticity;
    elasticity.nx = 8;
    elasticity.ny = 3;
    elasticity.nz = 3;
    check_matrix("superlu_dist elasticity_3d 8x3x3",
                 lupine::generate::elasticity_3d(elasticity).matrix, options);
  }
  // Zero-diagonal circuits (the transversal makes them safe: before it, rajat19 aborted the
  // process), unsymmetric and FEM matrices. rajat19 and sherman2 may be refused as
  // numerically singular (static pivoting without MC64): never a wrong answer, never an abort.
  const std::pair<const char*, bool> files[] = {{"circuit/rajat19.mtx.gz", true},
                                                {"circuit/rajat11.mtx.gz", true},
                                                {"circuit/add32.mtx.gz", false},
                                                {"circuit-sim/pgrid_40x40_op.mtx.gz", false},
                                                {"circuit-sim/diffamp_8x40_op.mtx.gz", true},
                                                {"other/west0381.mtx.gz", true},
                                                {"other/west0067.mtx.gz", true},
                                                {"fem/sherman1.mtx.gz", false},
                                                {"fem/sherman2.mtx.gz", true},
                                                {"fem/sherman5.mtx.gz", false}};
  for (const auto& [file, may_refuse] : files) {
    std::string path;
    for (const std::string& folder : folders) {
      if (path.empty() && readable(folder + "/" + file)) path = folder + "/" + file;
    }
    if (path.empty()) {
      say(std::string("  ") + file + ": not present, skipped");
      continue;
    }
    check_matrix("superlu_dist " + path, lupine::read_matrix<double>(path), options, may_refuse);
  }
  // SuperLU_DIST's own MMD and Lupine's order of Pr A instead of METIS.
  const CscMatrix<double> A = lupine::generate::convection_diffusion_2d(20, 20, 20.0);
  const std::vector<double> b = random_vector<double>(static_cast<std::size_t>(A.rows()), 5);
  for (lupine::DistributedOrdering ordering :
       {lupine::DistributedOrdering::amd, lupine::DistributedOrdering::lupine}) {
    lupine::DistributedOptions with = options;
    with.ordering = ordering;
    try {
      DistributedSolver<double> solver(MPI_COMM_WORLD, with);
      solver.factor(spread(A));
      std::vector<double> x = solver.solve(std::vector<double>(b), 1, Transpose::no);
      solver.analyze(A);
      solver.factor(A);
      x = solver.solve(b, 1, Transpose::yes);
      if (world_rank == 0) {
        const double error = backward_error(A, b.data(), x.data(), Transpose::yes);
        EXPECT(error <= 1e-12, "superlu_dist %s: backward error %.3g", lupine::to_string(ordering),
               error);
      }
      say(std::string("  ordering ") + lupine::to_string(ordering) + ": " +
          solver.stats().ordering + ", nnz(L+U) " + std::to_string(solver.stats().lu_nnz));
    } catch (const Error& error) {
      EXPECT(false, "superlu_dist ordering %s: %s", lupine::to_string(ordering), error.what());
    }
  }
  // Structurally singular: rows 0 and 1 have entries in column 0 only; refused by the
  // transversal on every rank, SuperLU_DIST never called (it would abort the process).
  {
    lupine::TripletBuilder<double> builder(40, 40);
    for (int i = 0; i < 40; ++i) {
      if (i < 2) {
        builder.add(i, 0, 1.0 + i);
      } else {
        builder.add(i, i, 4.0);
        builder.add(i, i - 1, -1.0);
      }
    }
    const CscMatrix<double> deficient = builder.build();
    DistributedSolver<double> solver(MPI_COMM_WORLD, options);
    expect_error(
        "superlu_dist structurally singular, whole", ErrorKind::structurally_singular,
        [&] { solver.analyze(deficient); }, "structural rank 39");
    DistributedSolver<double> spread_solver(MPI_COMM_WORLD, options);
    expect_error(
        "superlu_dist structurally singular, spread", ErrorKind::structurally_singular,
        [&] { spread_solver.factor(spread(deficient)); }, "structural rank 39");
  }
  // Numerically singular (a row repeated): static pivoting replaces the zero pivot; the
  // refined backward error shows it, and the solve refuses on every rank.
  {
    const CscMatrix<double> singular = singular_matrix(60, 30);
    DistributedSolver<double> solver(MPI_COMM_WORLD, options);
    // b not in the range of A (rows 29 and 30 of A are equal, b's are not).
    std::vector<double> b_out = random_vector<double>(static_cast<std::size_t>(singular.rows()), 3);
    expect_error(
        "superlu_dist numerically singular", ErrorKind::numerically_singular,
        [&] {
          solver.factor(singular);
          solver.solve(b_out);
        },
        "inaccurate");
  }
  // Complex (pzgssvx): A, Aᵀ and Aᴴ, whole and spread, refactor loop.
  check_matrix("superlu_dist complex convection_diffusion 25x25", complex_matrix(), options);
  // What it has not: MUMPS's orderings.
  {
    lupine::DistributedOptions pord = options;
    pord.ordering = lupine::DistributedOrdering::pord;
    expect_error("superlu_dist pord", ErrorKind::unsupported,
                 [&] { DistributedSolver<double> solver(MPI_COMM_WORLD, pord); });
  }
}
#endif

/// Edge cases of the input: every entry on rank 0 and none on the others (spread input), and
/// a whole matrix with 64-bit indices.
void check_input_forms() {
  say("input forms: entries on one rank only, 64-bit CSC");
  const CscMatrix<double> A = lupine::generate::convection_diffusion_2d(20, 20, 20.0);
  const std::int64_t n = A.rows();
  const std::vector<double> b = random_vector<double>(static_cast<std::size_t>(n), 3);
  try {
    DistributedEntries<double> local;
    local.n = n;
    if (world_rank == 0) {
      for (std::int32_t j = 0; j < A.cols(); ++j) {
        for (std::int32_t p = A.col_ptr()[j]; p < A.col_ptr()[j + 1]; ++p) {
          local.rows.push_back(A.row_indices()[p]);
          local.columns.push_back(j);
          local.values.push_back(A.values()[static_cast<std::size_t>(p)]);
        }
      }
    }
    DistributedSolver<double> solver(MPI_COMM_WORLD);
    solver.factor(local);
    // All rows of b on the last rank.
    std::vector<std::int64_t> rows;
    std::vector<double> b_local, x_local;
    if (world_rank == world_size - 1) {
      for (std::int64_t i = 0; i < n; ++i) rows.push_back(i);
      b_local = b;
      x_local.resize(b.size());
    }
    solver.solve_distributed(rows, b_local.data(), x_local.data(), 1);
    if (world_rank == world_size - 1) {
      const double error = backward_error(A, b.data(), x_local.data(), Transpose::no);
      EXPECT(error <= 1e-12, "entries on rank 0 only: backward error %.3g", error);
    }

    std::vector<std::int64_t> col_ptr(A.col_ptr().begin(), A.col_ptr().end());
    std::vector<std::int64_t> row_indices(A.row_indices().begin(), A.row_indices().end());
    const CscMatrix<double, std::int64_t> wide(n, n, col_ptr, row_indices, A.values());
    DistributedSolver<double> wide_solver(MPI_COMM_WORLD);
    wide_solver.factor(wide);
    std::vector<double> x = wide_solver.solve(b, 1, Transpose::yes);
    if (world_rank == 0) {
      const double error = backward_error(A, b.data(), x.data(), Transpose::yes);
      EXPECT(error <= 1e-12, "64-bit CSC: backward error %.3g", error);
    }
  } catch (const Error& error) {
    EXPECT(false, "input forms: %s", error.what());
  }
}

bool readable(const std::string& path) {
  std::ifstream file(path);
  return file.good();
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
  MPI_Comm_size(MPI_COMM_WORLD, &world_size);
  say("distributed solver checks on " + std::to_string(world_size) + " rank(s)");

  say("generated matrices");
  check_matrix("convection_diffusion_2d 40x40 Pe 50",
               lupine::generate::convection_diffusion_2d(40, 40, 50.0));
  {
    lupine::generate::RandomCircuitOptions options;
    options.nodes = 800;
    options.voltage_sources = 20;
    options.inductors = 10;
    check_matrix("random_circuit 800 nodes", lupine::generate::random_circuit(options));
  }
  {
    lupine::generate::ElasticityOptions options;
    options.nx = 10;
    options.ny = 3;
    options.nz = 3;
    check_matrix("elasticity_3d 10x3x3", lupine::generate::elasticity_3d(options).matrix);
  }
  check_matrix("complex convection_diffusion 25x25", complex_matrix());

  // Each file from the first folder that has it: ../shared/matrices, then the repository's
  // matrices/ (which has a few of them, so that real matrices are always checked).
  std::vector<std::string> folders(argv + 1, argv + argc);
  const char* files[] = {"circuit/rajat19.mtx.gz",
                         "circuit/add32.mtx.gz",
                         "circuit-sim/sram_32x32_seq01.mtx.gz",
                         "circuit-sim/pgrid_40x40_op.mtx.gz",
                         "circuit-sim/lc_ladder_40x60.mtx.gz",
                         "fem/sherman1.mtx.gz",
                         "fem/sherman5.mtx.gz",
                         "fem/sherman2.mtx.gz",
                         "fem-sim/ff_elast3d_p1_beam_10k.mtx.gz"};
  say("real matrices");
  for (const char* file : files) {
    std::string path;
    for (const std::string& folder : folders) {
      if (path.empty() && readable(folder + "/" + file)) path = folder + "/" + file;
    }
    if (path.empty()) {
      say(std::string("  ") + file + ": not present, skipped");
      continue;
    }
    check_matrix(path, lupine::read_matrix<double>(path));
  }

  check_input_forms();
  check_workspace_retries();
  check_lupine_ordering();
  check_errors();
#ifdef LUPINE_HAVE_SUPERLU_DIST
  check_superlu_dist(folders);
#else
  say("superlu_dist: this build has no SuperLU_DIST, skipped");
#endif

  int total = 0;
  MPI_Allreduce(&failures, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
  say(total == 0 ? "all checks passed" : std::to_string(total) + " check(s) FAILED");
  MPI_Finalize();
  return total == 0 ? 0 : 1;
}

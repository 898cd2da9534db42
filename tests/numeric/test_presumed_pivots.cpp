// Presumed diagonal pivots: a column-path factorization follows analysis's pattern for diagonal
// pivots while they pass the threshold test, and searches from the first that does not. The
// factors must be the searching kernel's, bit for bit where every pivot is diagonal, and the
// pivots, errors, perturbations and refactorizations the same as without.
#include <array>
#include <catch2/catch.hpp>
#include <complex>
#include <cstdint>
#include <string>
#include <vector>

#include "lupine/generate.hpp"
#include "lupine/io.hpp"
#include "lupine/solver.hpp"
#include "support/test_matrices.hpp"
#include "symbolic/symbolic_data.hpp"

using lupine::CscMatrix;

namespace {

lupine::Options presuming(bool presume, int threads = 1) {
  lupine::Options options;
  options.path = lupine::FactorPath::column;
  options.presume_diagonal_pivots = presume;
  options.threads = threads;
  return options;
}

template <class Scalar>
bool same_bits(const lupine::Factors<Scalar, int>& f, const lupine::Factors<Scalar, int>& g) {
  return f.row_perm == g.row_perm && f.col_perm == g.col_perm && f.row_scale == g.row_scale &&
         f.L.col_ptr() == g.L.col_ptr() && f.L.row_indices() == g.L.row_indices() &&
         f.L.values() == g.L.values() && f.U.col_ptr() == g.U.col_ptr() &&
         f.U.row_indices() == g.U.row_indices() && f.U.values() == g.U.values();
}

// Largest |f - g| over the entries of two factors with the same pattern, relative to max |g|.
template <class Scalar>
double relative_difference(const CscMatrix<Scalar>& f, const CscMatrix<Scalar>& g) {
  double largest = 0;
  double difference = 0;
  for (std::size_t p = 0; p < g.values().size(); ++p) {
    largest = std::max(largest, std::abs(g.values()[p]));
    difference = std::max(difference, std::abs(f.values()[p] - g.values()[p]));
  }
  return largest > 0 ? difference / largest : difference;
}

// Factors `a` with and without presumed pivots and compares: the same bits when every pivot is
// diagonal, else (with the same pivots) the same factors to rounding. Returns the presumed
// factorization's statistics.
lupine::Stats compare_with_searching_kernel(const CscMatrix<double>& a, int threads = 1) {
  const lupine::Numeric<> presumed(lupine::analyze(a, presuming(true, threads)), a,
                                   presuming(true, threads));
  const lupine::Numeric<> searched(lupine::analyze(a, presuming(false, threads)), a,
                                   presuming(false, threads));
  const lupine::Stats& stats = presumed.stats();
  CHECK(searched.stats().presumed_pivot_columns == 0);
  const std::vector<double> b = lupine_test::row_sums(a);
  for (const auto transpose : {lupine::Transpose::no, lupine::Transpose::yes}) {
    lupine::SolveReport report;
    presumed.solve(b, transpose, 1, &report);
    CHECK(report.backward_error <= 1e-14);
  }
  const auto f = presumed.factors();
  const auto g = searched.factors();
  if (searched.stats().off_diagonal_pivots == 0) REQUIRE(f.row_perm == g.row_perm);
  if (f.row_perm != g.row_perm) {
    // Past a rejected diagonal the kernel searches in another order: rounding may then
    // settle a near-tie between candidate pivots the other way. Both are valid.
    WARN("presumed and searched factorizations chose different pivots");
    return stats;
  }
  CHECK(stats.off_diagonal_pivots == searched.stats().off_diagonal_pivots);
  CHECK(stats.factor_flops == searched.stats().factor_flops);
  CHECK(stats.pivot_growth == Approx(searched.stats().pivot_growth).epsilon(1e-12));
  if (searched.stats().off_diagonal_pivots == 0) {
    CHECK(same_bits(f, g));
    CHECK(stats.smallest_pivot_ratio == searched.stats().smallest_pivot_ratio);
  } else {
    REQUIRE(f.L.col_ptr() == g.L.col_ptr());
    REQUIRE(f.U.col_ptr() == g.U.col_ptr());
    CHECK(relative_difference(f.L, g.L) <= 1e-12);
    CHECK(relative_difference(f.U, g.U) <= 1e-12);
  }
  return stats;
}

// Circuit-like fill (nnz(L+U) well under 4 nnz(A)), every pivot the diagonal.
lupine::CscMatrix<double> dominant_random(int n, int bandwidth, std::uint64_t seed) {
  return lupine_test::banded_random(n, bandwidth, 0.5, 2, seed);
}

// The column-path columns of a factorization: all but the singletons and dense tails.
std::int64_t searched_columns(const lupine::Stats& stats) {
  return stats.n - stats.singleton_blocks - stats.dense_tail_columns;
}

}  // namespace

TEST_CASE("diagonal pivots that pass give the searching kernel's factors bit for bit",
          "[numeric][presumed]") {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    INFO("seed " << seed);
    const lupine::Stats stats = compare_with_searching_kernel(dominant_random(300, 3, seed));
    CHECK(stats.off_diagonal_pivots == 0);
    CHECK(stats.presumed_pivot_columns == searched_columns(stats));
    CHECK(stats.presumed_pivot_columns > 0);
  }
  // Generated circuits: every diagonal kept, or the kernel searches from the first that is not.
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    INFO("circuit seed " << seed);
    lupine::generate::RandomCircuitOptions circuit;
    circuit.nodes = 400;
    circuit.seed = seed;
    const lupine::Stats stats =
        compare_with_searching_kernel(lupine::generate::random_circuit(circuit));
    CHECK(stats.presumed_pivot_columns <= searched_columns(stats));
  }
}

TEST_CASE("a diagonal pivot that fails hands the block to the searching kernel at its column",
          "[numeric][presumed]") {
  // Column 40's diagonal becomes tiny: the kernel takes another row there, and the pattern
  // for diagonal pivots no longer holds from that column on.
  CscMatrix<double> a = dominant_random(120, 5, 3);
  const lupine::Symbolic<> symbolic = lupine::analyze(a, presuming(true));
  const auto& data = symbolic.data();
  REQUIRE(data.blocks.size() == 1);
  const int original_column = static_cast<int>(data.col_perm[40]);
  const std::int64_t slot = a.find(static_cast<int>(data.row_perm[40]), original_column);
  REQUIRE(slot >= 0);
  a.values()[static_cast<std::size_t>(slot)] = 1e-9;
  const lupine::Numeric<> numeric(symbolic, a, presuming(true));
  CHECK(numeric.stats().presumed_pivot_columns == 40);
  CHECK(numeric.stats().off_diagonal_pivots >= 1);
  const lupine::Stats stats = compare_with_searching_kernel(a);
  CHECK(stats.presumed_pivot_columns == 40);

  // Refactorization with the same values reproduces the factors bit for bit, at 1 and 2
  // threads, and a forced re-pivot gives them again.
  for (const int threads : {1, 2}) {
    lupine::Numeric<> again(symbolic, a, presuming(true, threads));
    const auto before = again.factors();
    CHECK(again.refactor(a.values().data()) == lupine::RefactorStatus::reused_pivots);
    CHECK(same_bits(again.factors(), before));
    lupine::RefactorOptions force;
    force.force_repivot = true;
    CHECK(again.refactor(a.values().data(), force) == lupine::RefactorStatus::repivoted);
    CHECK(same_bits(again.factors(), before));
  }
}

TEST_CASE("presumed pivots refuse what the searching kernel refuses, and perturb as it does",
          "[numeric][presumed][errors]") {
  // Column 2 is the sum of columns 0 and 1, and elimination gets its last entry to an exact
  // zero: the same error at the same column, with and without.
  lupine::TripletBuilder<double> builder(3, 3);
  for (const auto& entry : std::vector<std::array<double, 3>>{
           {0, 0, 1}, {1, 0, 1}, {1, 1, 1}, {2, 1, 1}, {0, 2, 1}, {1, 2, 2}, {2, 2, 1}}) {
    builder.add(static_cast<int>(entry[0]), static_cast<int>(entry[1]), entry[2]);
  }
  const CscMatrix<double> singular = builder.build();
  std::string messages[2];
  for (const bool presume : {true, false}) {
    try {
      lupine::Options options = presuming(presume);
      options.btf = false;
      options.ordering = lupine::Ordering::natural;
      lupine::Numeric<> numeric(lupine::analyze(singular, options), singular, options);
      FAIL("a singular matrix factored");
    } catch (const lupine::Error& error) {
      CHECK(error.kind() == lupine::ErrorKind::numerically_singular);
      messages[presume ? 0 : 1] = error.what();
    }
  }
  CHECK(messages[0] == messages[1]);

  // With perturbation the tiny pivot is the kernel's to raise: same count, same factors.
  for (const bool presume : {true, false}) {
    lupine::Options options = presuming(presume);
    options.btf = false;
    options.ordering = lupine::Ordering::natural;
    options.perturb_singular_pivots = true;
    lupine::Numeric<> numeric(lupine::analyze(singular, options), singular, options);
    CHECK(numeric.stats().perturbed_pivots == 1);
    CHECK(numeric.stats().presumed_pivot_columns == (presume ? 2 : 0));
  }

  // NaN in a value (finite-value checks off): the kernel reports it, as without.
  CscMatrix<double> poisoned = dominant_random(60, 3, 9);
  poisoned.values()[poisoned.values().size() / 2] = std::nan("");
  for (const bool presume : {true, false}) {
    lupine::Options options = presuming(presume);
    options.check_finite = false;
    try {
      lupine::Numeric<> numeric(lupine::analyze(poisoned, options), poisoned, options);
      FAIL("a NaN factored");
    } catch (const lupine::Error& error) {
      messages[presume ? 0 : 1] = error.what();
    }
  }
  CHECK(messages[0] == messages[1]);
}

TEST_CASE("presumed pivots are read by both analysis and factorization", "[numeric][presumed]") {
  const CscMatrix<double> a = dominant_random(200, 3, 4);
  // Analysis without: no pattern, so a factorization that would presume searches instead.
  const lupine::Symbolic<> without = lupine::analyze(a, presuming(false));
  const lupine::Numeric<> searched(without, a, presuming(true));
  CHECK(searched.stats().presumed_pivot_columns == 0);
  // Analysis with, factorization without: the pattern is ignored.
  const lupine::Symbolic<> with = lupine::analyze(a, presuming(true));
  CHECK(lupine::Numeric<>(with, a, presuming(false)).stats().presumed_pivot_columns == 0);
  CHECK(same_bits(lupine::Numeric<>(with, a, presuming(true)).factors(), searched.factors()));
}

TEST_CASE("complex values take presumed pivots too", "[numeric][presumed][complex]") {
  const CscMatrix<double> real = dominant_random(150, 3, 6);
  std::vector<std::complex<double>> values;
  for (std::size_t p = 0; p < real.values().size(); ++p) {
    values.emplace_back(real.values()[p], 0.25 * real.values()[(p * 7) % real.values().size()]);
  }
  const CscMatrix<std::complex<double>> a(real.rows(), real.cols(), real.col_ptr(),
                                          real.row_indices(), values);
  const lupine::Numeric<std::complex<double>> presumed(lupine::analyze(a, presuming(true)), a,
                                                       presuming(true));
  const lupine::Numeric<std::complex<double>> searched(lupine::analyze(a, presuming(false)), a,
                                                       presuming(false));
  CHECK(presumed.stats().presumed_pivot_columns > 0);
  // The same pivots; the factors to rounding only: the compiler fuses the complex products of
  // the two kernels' loops into different multiply-adds (refactorization differs the same way).
  const auto f = presumed.factors();
  const auto g = searched.factors();
  CHECK(f.row_perm == g.row_perm);
  REQUIRE(f.L.row_indices() == g.L.row_indices());
  REQUIRE(f.U.row_indices() == g.U.row_indices());
  CHECK(relative_difference(f.L, g.L) <= 1e-13);
  CHECK(relative_difference(f.U, g.U) <= 1e-13);
  const std::vector<std::complex<double>> b = lupine_test::row_sums(a);
  for (const auto transpose :
       {lupine::Transpose::no, lupine::Transpose::yes, lupine::Transpose::conjugate}) {
    lupine::SolveReport report;
    presumed.solve(b, transpose, 1, &report);
    CHECK(report.backward_error <= 1e-14);
  }
}

TEST_CASE("presumed pivots on the real circuit matrices", "[numeric][presumed][real]") {
  const std::string shared = lupine_test::shared_matrices_dir();
  if (shared.empty()) {
    WARN("../shared/matrices not found: skipped");
    return;
  }
  std::int64_t presumed_total = 0;
  for (const char* name : {"circuit/add32", "circuit/memplus", "circuit/rajat14",
                           "circuit/fpga_dcop_01", "circuit/rajat19", "circuit/oscil_dcop_01",
                           "circuit-sim/bjt_amp_6x60", "circuit-sim/lc_ladder_40x60"}) {
    INFO(name);
    const CscMatrix<double> a = lupine::read_matrix<double>(shared + "/" + name + ".mtx.gz");
    presumed_total += compare_with_searching_kernel(a).presumed_pivot_columns;
  }
  CHECK(presumed_total > 20000);
}

TEST_CASE("presumed pivots give the same bits at 1 and 2 threads", "[numeric][presumed][threads]") {
  std::vector<CscMatrix<double>> matrices{dominant_random(3000, 3, 11)};
  const std::string shared = lupine_test::shared_matrices_dir();
  if (!shared.empty()) {
    // 60 diagonal blocks, factored in parallel with each other; most fall back early.
    matrices.push_back(lupine::read_matrix<double>(shared + "/circuit-sim/bjt_amp_6x60.mtx.gz"));
  }
  for (const CscMatrix<double>& a : matrices) {
    const lupine::Symbolic<> symbolic = lupine::analyze(a, presuming(true));
    const lupine::Numeric<> one(symbolic, a, presuming(true, 1));
    const lupine::Numeric<> two(symbolic, a, presuming(true, 2));
    CHECK(one.stats().presumed_pivot_columns > 0);
    CHECK(two.stats().presumed_pivot_columns == one.stats().presumed_pivot_columns);
    CHECK(same_bits(one.factors(), two.factors()));
  }
}

TEST_CASE("a block whose diagonals all pass also skips the dense tail's searches",
          "[numeric][presumed][dense_tail]") {
  // Supply rails coupled to most nodes, ordered last: a dense tail after 600 sparse columns
  // whose diagonals all pass, so the tail's searches come from analysis too.
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    INFO("seed " << seed);
    const CscMatrix<double> a = lupine_test::supplied_circuit(600, 40, 4.0, seed);
    const lupine::Stats stats = compare_with_searching_kernel(a);
    CHECK(stats.dense_tail_columns >= 32);
    CHECK(stats.presumed_pivot_columns == stats.n - stats.dense_tail_columns);
    const lupine::Symbolic<> symbolic = lupine::analyze(a, presuming(true));
    std::int64_t tails = 0;
    for (const auto& plan : symbolic.data().blocks) {
      if (plan.diagonal_pattern < 0) continue;
      const auto pattern =
          symbolic.data().diagonal_patterns.pattern(plan.diagonal_pattern, plan.start);
      if (pattern.tail == 0) continue;
      CHECK(pattern.tail == plan.dense_tail);
      tails += pattern.tail;
    }
    CHECK(tails == stats.dense_tail_columns);
  }
}

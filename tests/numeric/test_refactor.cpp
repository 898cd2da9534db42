// Refactorization: same pattern, new values, reused pivots, and the guard that re-pivots.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "lupine/generate.hpp"
#include "lupine/io.hpp"
#include "lupine/solver.hpp"
#include "numeric/numeric_data.hpp"
#include "support/index_width.hpp"
#include "support/test_matrices.hpp"

using lupine::CscMatrix;
using lupine::RefactorStatus;

namespace {

CscMatrix<double> circuit(std::uint64_t seed) {
  lupine::generate::RandomCircuitOptions options;
  options.nodes = 120;
  options.voltage_sources = 8;
  options.inductors = 4;
  options.seed = seed;
  return lupine::generate::random_circuit(options);
}

// Same pattern, values multiplied by 1 + 0.2 sin(k): a nearby operating point.
CscMatrix<double> perturbed(const CscMatrix<double>& a, double amount) {
  CscMatrix<double> b = a;
  for (std::size_t k = 0; k < b.values().size(); ++k) {
    b.values()[k] *= 1.0 + amount * std::sin(static_cast<double>(k));
  }
  return b;
}

}  // namespace

TEST_CASE("refactor with new values equals a fresh factorization", "[numeric][refactor]") {
  for (const auto path : {lupine::FactorPath::column, lupine::FactorPath::dense}) {
    lupine::Options options;
    options.path = path;
    const auto a = circuit(3);
    const auto b = perturbed(a, 0.2);
    const auto symbolic = lupine::analyze(a, options);
    lupine::Numeric<> reused(symbolic, a, options);
    REQUIRE(reused.refactor(b) == RefactorStatus::reused_pivots);
    const lupine::Numeric<> fresh(symbolic, b, options);
    const std::vector<double> rhs(static_cast<std::size_t>(a.rows()), 1.0);
    const auto x_reused = reused.solve(rhs);
    const auto x_fresh = fresh.solve(rhs);
    lupine::SolveReport report;
    reused.solve(rhs, lupine::Transpose::no, 1, &report);
    CHECK(report.backward_error < 1e-14);
    for (std::size_t i = 0; i < rhs.size(); ++i) {
      CHECK(x_reused[i] == Approx(x_fresh[i]).epsilon(1e-10));
    }
    CHECK(reused.stats().refactor_count == 1);
    CHECK(reused.stats().refactor_fallbacks == 0);
  }
}

TEST_CASE("refactor with the factor's own values reproduces it bit for bit",
          "[numeric][refactor][threads]") {
  // Every refactorization path: the column path, the supernodal tree, diagonal blocks in
  // parallel with each other, the column pipeline, and a column block's dense tail (its
  // front factored with row exchanges, then replayed in pivot order); at 1 and 2 threads,
  // which must agree.
  struct Case {
    const char* name;
    CscMatrix<double> matrix;
    lupine::FactorPath path;
  };
  const std::vector<Case> cases{
      {"circuit, column path", circuit(5), lupine::FactorPath::column},
      {"3D grid, supernodal", lupine::generate::laplacian_3d(10, 10, 10),
       lupine::FactorPath::supernodal},
      {"two blocks", lupine_test::two_block_matrix(40), lupine::FactorPath::automatic},
      {"2D grid, column pipeline", lupine::generate::laplacian_2d(160, 160),
       lupine::FactorPath::column},
      {"supply rails, column path with a dense tail",
       lupine_test::supplied_circuit(2000, 48, 1e-3, 5), lupine::FactorPath::column}};
  for (const Case& test : cases) {
    std::vector<double> first_L, first_U;
    for (const int threads : {1, 2}) {
      INFO(test.name << ", threads " << threads);
      const CscMatrix<double> a = perturbed(test.matrix, 0.05);
      lupine::Options options;
      options.path = test.path;
      options.threads = threads;
      lupine::Numeric<> numeric(lupine::analyze(a, options), a, options);
      const auto before = numeric.factors();
      const double factor_flops = numeric.stats().factor_flops;
      REQUIRE(numeric.refactor(a) == RefactorStatus::reused_pivots);
      const auto after = numeric.factors();
      CHECK(before.L.values() == after.L.values());
      CHECK(before.U.values() == after.U.values());
      // A refactorization reports the flops of the factorization it replays.
      CHECK(numeric.stats().factor_flops == factor_flops);
      if (threads == 1) {
        first_L = after.L.values();
        first_U = after.U.values();
      } else {
        CHECK(after.L.values() == first_L);
        CHECK(after.U.values() == first_U);
      }
    }
  }
}

TEST_CASE("refactor re-pivots when a reused pivot becomes unstable", "[numeric][refactor]") {
  // [[eps-ish 1],[1 1]]: factored at a = 4 the diagonal is kept; at a = 1e-12 reusing it
  // would divide by a tiny pivot, so the guard must switch to the other row.
  lupine::TripletBuilder<double> builder(2, 2);
  builder.add(0, 0, 4.0);
  builder.add(1, 0, 1.0);
  builder.add(0, 1, 1.0);
  builder.add(1, 1, 1.0);
  auto a = builder.build();
  lupine::Options options;
  options.btf = false;
  options.ordering = lupine::Ordering::natural;
  options.scaling = lupine::Scaling::none;
  options.path = lupine::FactorPath::column;
  lupine::Numeric<> numeric(lupine::analyze(a, options), a, options);
  CHECK(numeric.factors().row_perm == std::vector<int>{0, 1});
  a.values()[0] = 1e-12;
  CHECK(numeric.refactor(a) == RefactorStatus::repivoted);
  CHECK(numeric.stats().refactor_fallbacks == 1);
  CHECK(numeric.factors().row_perm == std::vector<int>{1, 0});
  const auto x = numeric.solve(std::vector<double>{1.0 + 1e-12, 2.0});
  CHECK(x[0] == Approx(1.0));
  CHECK(x[1] == Approx(1.0));
}

TEST_CASE("refactor guard catches a zero pivot in a larger system", "[numeric][refactor]") {
  auto a = circuit(7);
  lupine::Options options;
  // The crafted column below is bad under the scaling of its own values; under the kept one
  // of the original values the reuse is accurate and stays (test_refactor_scaling.cpp).
  options.rescale_on_refactor = true;
  lupine::Numeric<> numeric(lupine::analyze(a, options), a, options);
  // Zero one diagonal conductance entry and scale its column: the reused pivot of that
  // column is now far below the rest of the column (below refactor_threshold = 1e-10 times
  // it; at 1e6 instead of 1e13 the reuse is still accurate and is kept).
  const int column = 10;
  for (int p = a.col_ptr()[column]; p < a.col_ptr()[column + 1]; ++p) {
    if (a.row_indices()[p] == column) {
      a.values()[p] = 0.0;
    } else {
      a.values()[p] *= 1e13;
    }
  }
  const auto status = numeric.refactor(a);
  CHECK(status == RefactorStatus::repivoted);
  const std::vector<double> rhs(static_cast<std::size_t>(a.rows()), 1.0);
  lupine::SolveReport report;
  numeric.solve(rhs, lupine::Transpose::no, 2, &report);
  CHECK(report.backward_error < 1e-13);
}

TEST_CASE("refactor rejects a different pattern and non-finite values", "[numeric][refactor]") {
  const auto a = circuit(2);
  lupine::Numeric<> numeric(lupine::analyze(a), a);
  const auto other = circuit(9);
  CHECK_THROWS_MATCHES(numeric.refactor(other), lupine::Error,
                       Catch::Predicate<lupine::Error>([](const lupine::Error& e) {
                         return e.kind() == lupine::ErrorKind::pattern_mismatch;
                       }));
  auto bad = a;
  bad.values()[5] = std::nan("");
  try {
    numeric.refactor(bad);
    FAIL("expected an error");
  } catch (const lupine::Error& error) {
    CHECK(error.kind() == lupine::ErrorKind::non_finite_input);
    CHECK(error.row() == a.row_indices()[5]);
    CHECK_THAT(error.what(), Catch::Contains("non-finite"));
  }
}

TEST_CASE("a failed refactor leaves no half-made factorization behind", "[numeric][refactor]") {
  const auto a = circuit(4);
  lupine::Numeric<> numeric(lupine::analyze(a), a);
  auto singular = a;
  const int column = 17;
  for (int p = a.col_ptr()[column]; p < a.col_ptr()[column + 1]; ++p) {
    singular.values()[static_cast<std::size_t>(p)] = 0.0;
  }
  try {
    numeric.refactor(singular);
    FAIL("expected numerically_singular");
  } catch (const lupine::Error& error) {
    CHECK(error.kind() == lupine::ErrorKind::numerically_singular);
    CHECK(error.column() == column);
  }
  const std::vector<double> rhs(static_cast<std::size_t>(a.rows()), 1.0);
  CHECK_THROWS_WITH(numeric.solve(rhs), Catch::Contains("no usable factorization"));
  numeric.factor(a);
  lupine::SolveReport report;
  numeric.solve(rhs, lupine::Transpose::no, 1, &report);
  CHECK(report.backward_error < 1e-14);
}

TEST_CASE("refactor with per-call options: Gmin shift, forced re-pivot, thresholds",
          "[numeric][refactor]") {
  const CscMatrix<double> a = circuit(11);
  const int n = a.rows();
  // Rows whose diagonal entry is in the pattern, and the same values shifted by hand.
  std::vector<std::int64_t> rows;
  CscMatrix<double> shifted = a;
  const double gmin = 1e-3;
  for (int i = 0; i < n; ++i) {
    const int slot = a.find(i, i);
    if (slot < 0) continue;
    rows.push_back(i);
    shifted.values()[static_cast<std::size_t>(slot)] += gmin;
  }
  REQUIRE(rows.size() > 0);
  REQUIRE(static_cast<int>(rows.size()) < n);  // MNA: branch rows have no diagonal entry
  lupine::Numeric<> by_options(lupine::analyze(a), a);
  lupine::Numeric<> by_hand(lupine::analyze(a), a);
  lupine::RefactorOptions call;
  call.shifted_rows = rows.data();
  call.shifted_row_count = rows.size();
  call.diagonal_shift = gmin;
  CHECK(by_options.refactor(a.values().data(), call) == by_hand.refactor(shifted));
  // the shift is the only difference: the same factors, bit for bit
  CHECK(by_options.factors().U.values() == by_hand.factors().U.values());
  const std::vector<double> b(static_cast<std::size_t>(n), 1.0);
  CHECK(by_options.solve(b, lupine::Transpose::no, 2) ==
        by_hand.solve(b, lupine::Transpose::no, 2));

  // forced re-pivot: a pivoting factorization, not counted as a guard failure
  const auto factors_before = by_options.stats().factor_count;
  lupine::RefactorOptions force;
  force.force_repivot = true;
  CHECK(by_options.refactor(a.values().data(), force) == RefactorStatus::repivoted);
  CHECK(by_options.stats().factor_count == factors_before + 1);
  CHECK(by_options.stats().refactor_fallbacks == 0);

  // a per-call guard and pivot threshold, and the options' own afterwards
  lupine::RefactorOptions strict;
  strict.refactor_threshold = 1.0;  // only pivots that are their column's largest entry
  strict.pivot_threshold = 1.0;
  by_options.refactor(perturbed(a, 0.3).values().data(), strict);
  CHECK(by_options.options().refactor_threshold == lupine::Options{}.refactor_threshold);
  CHECK(by_options.options().pivot_threshold == lupine::Options{}.pivot_threshold);

  // errors leave the factorization as it was
  const std::vector<double> x_before = by_options.solve(b);
  const std::int64_t outside[] = {n};
  lupine::RefactorOptions bad;
  bad.shifted_rows = outside;
  bad.shifted_row_count = 1;
  bad.diagonal_shift = 1;
  CHECK_THROWS_AS(by_options.refactor(a.values().data(), bad), lupine::Error);
  int missing = 0;
  while (a.find(missing, missing) >= 0) ++missing;
  const std::int64_t no_diagonal[] = {missing};
  bad.shifted_rows = no_diagonal;
  try {
    by_options.refactor(a.values().data(), bad);
    FAIL("a shift outside the pattern was accepted");
  } catch (const lupine::Error& error) {
    CHECK(error.kind() == lupine::ErrorKind::pattern_mismatch);
    CHECK(error.row() == missing);
    CHECK(error.column() == missing);
  }
  bad.shifted_rows = nullptr;
  CHECK_THROWS_AS(by_options.refactor(a.values().data(), bad), lupine::Error);
  lupine::RefactorOptions out_of_range;
  out_of_range.refactor_threshold = 1.5;
  CHECK_THROWS_AS(by_options.refactor(a.values().data(), out_of_range), lupine::Error);
  out_of_range.refactor_threshold = -1;
  out_of_range.pivot_threshold = std::nan("");
  CHECK_THROWS_AS(by_options.refactor(a.values().data(), out_of_range), lupine::Error);
  CHECK(by_options.solve(b) == x_before);
}

TEST_CASE("refactor's growth check re-pivots when the reuse grows past its limit",
          "[numeric][refactor]") {
  const CscMatrix<double> a = circuit(5);
  const CscMatrix<double> b = perturbed(a, 0.05);
  lupine::Options options;
  lupine::Numeric<> numeric(lupine::analyze(a, options), a, options);
  // Every pivot passes the ratio test; only the growth limit decides.
  lupine::RefactorOptions ratio_only;
  ratio_only.refactor_threshold = 0;
  ratio_only.refactor_growth_limit = 0;  // off
  REQUIRE(numeric.refactor(b.values().data(), ratio_only) == RefactorStatus::reused_pivots);
  const double growth = numeric.stats().pivot_growth;
  numeric.factor(a);
  lupine::RefactorOptions strict = ratio_only;
  strict.refactor_growth_limit = 0.5 * growth / std::max(1.0, numeric.stats().pivot_growth);
  CHECK(numeric.refactor(b.values().data(), strict) == RefactorStatus::repivoted);
  CHECK(numeric.stats().refactor_fallbacks == 1);
  numeric.factor(a);
  lupine::RefactorOptions loose = ratio_only;
  loose.refactor_growth_limit = 2 * growth / std::max(1.0, numeric.stats().pivot_growth);
  CHECK(numeric.refactor(b.values().data(), loose) == RefactorStatus::reused_pivots);
  lupine::RefactorOptions not_a_number;
  not_a_number.refactor_growth_limit = std::nan("");
  CHECK_THROWS_AS(numeric.refactor(b.values().data(), not_a_number), lupine::Error);
  lupine::Options bad;
  bad.refactor_growth_limit = -1;
  CHECK_THROWS_AS(bad.validate(), lupine::Error);
}

TEST_CASE("a large column-path block refactors on two threads to the same bits",
          "[numeric][refactor][threads]") {
  // 1.2e8 predicted flops on the column path: past the point where the refactorization is
  // split over the threads.
  const CscMatrix<double> a = lupine::generate::laplacian_2d(160, 160);
  const CscMatrix<double> b = perturbed(a, 0.1);
  std::vector<std::vector<double>> L_values, U_values;
  for (const int threads : {1, 2}) {
    INFO("threads " << threads);
    lupine::Options options;
    options.path = lupine::FactorPath::column;
    options.threads = threads;
    options.rescale_on_refactor = true;  // for `bad` below, as in the test above
    lupine::Numeric<> numeric(lupine::analyze(a, options), a, options);
    REQUIRE(numeric.symbolic().stats().predicted_flops >= 1e8);
    REQUIRE(numeric.refactor(b) == RefactorStatus::reused_pivots);
    const auto factors = numeric.factors();
    L_values.push_back(factors.L.values());
    U_values.push_back(factors.U.values());
    const std::vector<double> rhs(static_cast<std::size_t>(a.rows()), 1.0);
    lupine::SolveReport report;
    numeric.solve(rhs, lupine::Transpose::no, 1, &report);
    CHECK(report.backward_error < 1e-14);
    // A pivot that the guard rejects halfway through: every task stops, the work vectors
    // are left clean, and the pivoting factorization that follows is right.
    CscMatrix<double> bad = b;
    const int column = a.rows() / 2;
    for (int p = bad.col_ptr()[column]; p < bad.col_ptr()[column + 1]; ++p) {
      bad.values()[static_cast<std::size_t>(p)] *= bad.row_indices()[p] == column ? 0.0 : 1e13;
    }
    CHECK(numeric.refactor(bad) == RefactorStatus::repivoted);
    numeric.solve(rhs, lupine::Transpose::no, 1, &report);
    CHECK(report.backward_error < 1e-14);
    // and the next reuse (on the pivots of `bad`) starts from clean work vectors
    REQUIRE(numeric.refactor(b) == RefactorStatus::reused_pivots);
    numeric.solve(rhs, lupine::Transpose::no, 1, &report);
    CHECK(report.backward_error < 1e-14);
  }
  CHECK(L_values[0] == L_values[1]);
  CHECK(U_values[0] == U_values[1]);
}

// docs/refactor_guard.md on a subset: the two bundled matrices the old guard (1e-3) re-pivoted
// needlessly most often. Every refactorization must be accurate (backward error 1e-12 after
// one refinement step) and nearly all must keep the pivots.
TEST_CASE("the refactor guard keeps good pivots of rajat19 and oscil_dcop_01",
          "[numeric][refactor][guard]") {
  for (const std::string name : {"rajat19", "oscil_dcop_01"}) {
    INFO(name);
    const CscMatrix<double> a = lupine::read_matrix<double>(lupine_test::bundled_matrices_dir() +
                                                            "/circuit/" + name + ".mtx.gz");
    lupine::Numeric<> numeric(lupine::analyze(a), a);
    std::mt19937_64 random(7);
    std::uniform_real_distribution<double> unit(-1.0, 1.0);
    const int trials = 200;
    int reused = 0, reused_by_old_guard = 0;
    lupine::RefactorOptions old_guard;
    old_guard.refactor_threshold = 1e-3;
    old_guard.refactor_growth_limit = 0;
    for (int t = 0; t < trials; ++t) {
      std::vector<double> values = a.values();
      for (double& value : values) value *= 1 + (t % 2 ? 1e-2 : 1e-3) * unit(random);
      numeric.factor(a);
      if (numeric.refactor(values.data(), old_guard) == RefactorStatus::reused_pivots) {
        ++reused_by_old_guard;
      }
      numeric.factor(a);
      if (numeric.refactor(values.data()) == RefactorStatus::reused_pivots) ++reused;
      std::vector<double> b(static_cast<std::size_t>(a.rows()), 0.0);
      for (int j = 0; j < a.cols(); ++j) {
        for (int p = a.col_ptr()[j]; p < a.col_ptr()[j + 1]; ++p) {
          b[static_cast<std::size_t>(a.row_indices()[p])] += values[static_cast<std::size_t>(p)];
        }
      }
      lupine::SolveReport report;
      numeric.solve(b, lupine::Transpose::no, 1, &report);
      CHECK(report.backward_error <= 1e-12);
    }
    CHECK(reused >= trials * 95 / 100);
    CHECK(reused_by_old_guard <= trials / 2);
  }
}

TEST_CASE("diagonal blocks refactor in parallel with each other to the same bits",
          "[numeric][refactor][threads]") {
  const CscMatrix<double> a = lupine_test::two_block_matrix(60);
  const CscMatrix<double> b = perturbed(a, 0.1);
  std::vector<std::vector<double>> U_values;
  for (const int threads : {1, 2}) {
    INFO("threads " << threads);
    lupine::Options options;
    options.threads = threads;
    lupine::Numeric<> numeric(lupine::analyze(a, options), a, options);
    REQUIRE(numeric.stats().btf_blocks >= 2);
    REQUIRE(numeric.data().large_blocks.size() == 2);
    CHECK(numeric.data().blocks_in_parallel == (threads == 2));
    REQUIRE(numeric.refactor(b) == RefactorStatus::reused_pivots);
    U_values.push_back(numeric.factors().U.values());
    const std::vector<double> rhs(static_cast<std::size_t>(a.rows()), 1.0);
    lupine::SolveReport report;
    numeric.solve(rhs, lupine::Transpose::no, 1, &report);
    CHECK(report.backward_error < 1e-14);
    // a pivot of the second block made unusable: the other task stops or finishes, and the
    // pivoting factorization that follows is right
    CscMatrix<double> bad = b;
    const int column = a.rows() - 10;
    for (int p = bad.col_ptr()[column]; p < bad.col_ptr()[column + 1]; ++p) {
      bad.values()[static_cast<std::size_t>(p)] *= bad.row_indices()[p] == column ? 0.0 : 1e13;
    }
    CHECK(numeric.refactor(bad) == RefactorStatus::repivoted);
    numeric.solve(rhs, lupine::Transpose::no, 1, &report);
    CHECK(report.backward_error < 1e-14);
  }
  CHECK(U_values[0] == U_values[1]);
}

TEST_CASE("refactorization with 64-bit indices gives the bits of 32-bit ones",
          "[numeric][refactor][threads][index]") {
  // The refactorization paths of the bit-for-bit test above (column path, supernodal tree,
  // diagonal blocks in parallel, column pipeline) and the dense path, with pivots kept and
  // with a pivot made unusable (the refactorization falls back to a pivoting one).
  struct Case {
    const char* name;
    CscMatrix<double> matrix;
    lupine::FactorPath path;
  };
  const std::vector<Case> cases{
      {"circuit, column path", circuit(5), lupine::FactorPath::column},
      {"circuit, dense path", circuit(6), lupine::FactorPath::dense},
      {"3D grid, supernodal", lupine::generate::laplacian_3d(10, 10, 10),
       lupine::FactorPath::supernodal},
      {"two blocks", lupine_test::two_block_matrix(40), lupine::FactorPath::automatic},
      {"2D grid, column pipeline", lupine::generate::laplacian_2d(160, 160),
       lupine::FactorPath::column},
      {"supply rails, column path with a dense tail",
       lupine_test::supplied_circuit(2000, 48, 1e-3, 5), lupine::FactorPath::column}};
  for (const Case& test : cases) {
    const CscMatrix<double>& a = test.matrix;
    const std::vector<double> nearby = lupine_test::nearby_values(a, 0.05);
    std::vector<double> unusable = lupine_test::nearby_values(a, 0.05);
    const int column = a.rows() / 2;
    for (int p = a.col_ptr()[column]; p < a.col_ptr()[column + 1]; ++p) {
      unusable[static_cast<std::size_t>(p)] *= a.row_indices()[p] == column ? 0.0 : 1e13;
    }
    const std::vector<double>* const afters[] = {&nearby, &unusable};
    for (const std::vector<double>* after : afters) {
      for (const int threads : {1, 2}) {
        INFO(test.name << (after == &nearby ? ", pivots kept" : ", re-pivoting") << ", threads "
                       << threads);
        lupine::Options options;
        options.path = test.path;
        options.threads = threads;
        options.rescale_on_refactor = after == &unusable;  // as in the tests above
        lupine_test::PipelineParts parts;
        parts.values_after = after;
        const auto narrow = lupine_test::run_pipeline<std::int32_t>(a, options, parts);
        // (A dense block pivots afresh on every refactorization.)
        if (test.path != lupine::FactorPath::dense)
          CHECK(narrow.reused_pivots == (after == &nearby));
        lupine_test::check_same_bits(narrow,
                                     lupine_test::run_pipeline<std::int64_t>(a, options, parts));
      }
    }
  }
}

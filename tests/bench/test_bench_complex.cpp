// The bench in complex arithmetic: each adapter on a small worked example, checked entry by
// entry; the complex shift A + iωC; the complex backward error; the CSV and summary fields.
#include <catch2/catch.hpp>
#include <cmath>
#include <complex>
#include <sstream>
#include <string>
#include <vector>

#include "adapter.hpp"
#include "backward_error.hpp"
#include "lupine/error.hpp"
#include "lupine/sparse.hpp"
#include "measure.hpp"
#include "options.hpp"
#include "output.hpp"
#include "problem.hpp"
#include "runner.hpp"
#include "summary.hpp"

using lupine_bench::Complex;
using lupine_bench::ComplexMatrix;
using lupine_bench::Row;

namespace {

//     [ 2+i   1    0   ]        [ 1   ]
// A = [ 0     3   -i   ],   x = [ i   ],   b = A x = [ 2+2i, -1+2i, 3-6i ]ᵀ
//     [ 1     0   4-2i ]        [ 1-i ]
ComplexMatrix worked_example() {
  lupine::TripletBuilder<Complex> builder(3, 3);
  builder.add(0, 0, Complex(2, 1));
  builder.add(2, 0, Complex(1, 0));
  builder.add(0, 1, Complex(1, 0));
  builder.add(1, 1, Complex(3, 0));
  builder.add(1, 2, Complex(0, -1));
  builder.add(2, 2, Complex(4, -2));
  return builder.build();
}

const std::vector<Complex> worked_x{Complex(1, 0), Complex(0, 1), Complex(1, -1)};
const std::vector<Complex> worked_b{Complex(2, 2), Complex(-1, 2), Complex(3, -6)};

lupine_bench::Matrix real_tridiagonal(int n) {
  lupine::TripletBuilder<double> builder(n, n);
  for (int j = 0; j < n; ++j) {
    if (j > 0) builder.add(j - 1, j, -1.5);
    builder.add(j, j, 4.0 + j);
    if (j + 1 < n) builder.add(j + 1, j, -0.5);
  }
  return builder.build();
}

}  // namespace

TEST_CASE("the worked example's right-hand side is A x", "[bench][complex]") {
  const ComplexMatrix a = worked_example();
  CHECK(lupine::multiply(a, worked_x) == worked_b);
}

TEST_CASE("every adapter solves a complex system entry by entry, and after refactoring",
          "[bench][complex]") {
  const ComplexMatrix a = worked_example();
  // 2A (the same pattern): its solution for b is x / 2.
  std::vector<Complex> doubled = a.values();
  for (Complex& value : doubled) value *= 2;
  for (const std::string& solver : lupine_bench::known_solvers()) {
    INFO(solver);
    const auto adapter = lupine_bench::make_adapter<Complex>(solver, {});
    adapter->analyze(a);
    adapter->factor();
    adapter->prepare_solve();
    std::vector<Complex> x(3);
    adapter->solve(worked_b.data(), x.data());
    for (std::size_t i = 0; i < 3; ++i) {
      INFO("x[" << i << "] = " << x[i]);
      CHECK(std::abs(x[i] - worked_x[i]) < 1e-14);
    }
    CHECK(adapter->lu_nnz() >= 3);
    CHECK(adapter->factor_flops() >= 0);
    adapter->refactor(doubled.data());
    adapter->solve(worked_b.data(), x.data());
    for (std::size_t i = 0; i < 3; ++i) {
      INFO("after refactor x[" << i << "] = " << x[i]);
      CHECK(std::abs(x[i] - worked_x[i] / 2.0) < 1e-14);
    }
  }
}

TEST_CASE("a singular complex matrix fails in every adapter", "[bench][complex]") {
  // Rank 1: column 2 is i times column 1.
  lupine::TripletBuilder<Complex> builder(2, 2);
  builder.add(0, 0, Complex(1, 1));
  builder.add(1, 0, Complex(2, 0));
  builder.add(0, 1, Complex(-1, 1));
  builder.add(1, 1, Complex(0, 2));
  const ComplexMatrix a = builder.build();
  for (const std::string& solver : lupine_bench::known_solvers()) {
    INFO(solver);
    lupine_bench::ComplexProblem problem;
    problem.name = "rank1";
    problem.group = "g";
    problem.matrix = a;
    problem.structural_rank = 2;
    problem.right_hand_sides = lupine::DenseMatrix<Complex>(2, 1, Complex(1, 0));
    lupine_bench::MeasureSettings settings;
    settings.repeat = 1;
    settings.min_seconds = 0;
    const Row row = lupine_bench::measure(problem, solver, settings);
    CHECK(row.status == "numerically_singular");
  }
}

TEST_CASE("the complex shift A + iωC: same pattern, C_ij = s_ij |a_ij|, every value array",
          "[bench][complex]") {
  lupine_bench::Problem real;
  real.name = "tri";
  real.group = "g";
  real.matrix = real_tridiagonal(20);
  real.structural_rank = 20;
  real.refactor_values = {lupine_bench::perturbed_values(real.matrix.values(), 0)};
  // Column 0 as if from a _b file (kept as it is), column 1 as A v.
  real.right_hand_sides = lupine::DenseMatrix<double>(20, 2, 7.0);
  real.right_hand_sides_from_file = 1;

  const double omega = 0.75;
  const lupine_bench::ComplexProblem shifted = lupine_bench::complex_shifted(real, omega);
  const ComplexMatrix& a = shifted.matrix;
  REQUIRE(a.col_ptr() == real.matrix.col_ptr());
  REQUIRE(a.row_indices() == real.matrix.row_indices());
  CHECK(shifted.complex_shift == omega);
  CHECK(shifted.name == "tri");
  CHECK(shifted.structural_rank == 20);
  double largest_sign = 0;
  for (int j = 0; j < a.cols(); ++j) {
    for (int p = a.col_ptr()[j]; p < a.col_ptr()[j + 1]; ++p) {
      const int i = a.row_indices()[p];
      const double s = lupine_bench::shift_sign(i, j);
      CHECK(s >= -1);
      CHECK(s < 1);
      largest_sign = std::max(largest_sign, std::abs(s));
      const double value = real.matrix.values()[p];
      CHECK(a.values()[p] == Complex(value, omega * (s * std::abs(value))));
      const double perturbed = real.refactor_values[0][p];
      CHECK(shifted.refactor_values[0][p] == Complex(perturbed, omega * (s * std::abs(perturbed))));
    }
  }
  // The shift matters: some |s_ij| is large (the hash is not stuck near 0).
  CHECK(largest_sign > 0.5);
  // s_ij depends on (row, col) alone, and differs between entries.
  CHECK(lupine_bench::shift_sign(3, 4) == lupine_bench::shift_sign(3, 4));
  CHECK(lupine_bench::shift_sign(3, 4) != lupine_bench::shift_sign(4, 3));

  REQUIRE(shifted.right_hand_sides.cols == 2);
  for (int i = 0; i < 20; ++i) CHECK(shifted.right_hand_sides(i, 0) == Complex(7, 0));
  // Column 1 is A_shifted v for the v of the real problem (uniform in [0.5, 1.5)): solving
  // with the shifted matrix gives back a real vector in that range.
  const auto adapter = lupine_bench::make_adapter<Complex>("klu", {});
  adapter->analyze(a);
  adapter->factor();
  std::vector<Complex> v(20);
  adapter->solve(shifted.right_hand_sides.column(1), v.data());
  for (const Complex& entry : v) {
    CHECK(std::abs(entry.imag()) < 1e-12);
    CHECK(entry.real() >= 0.5 - 1e-12);
    CHECK(entry.real() < 1.5 + 1e-12);
  }
}

TEST_CASE("complex backward errors use moduli", "[bench][complex]") {
  const ComplexMatrix a = worked_example();
  CHECK(lupine_bench::backward_error(a, a.values().data(), worked_x.data(), worked_b.data()) == 0);
  CHECK(lupine_bench::normwise_backward_error(a, a.values().data(), worked_x.data(),
                                              worked_b.data()) == 0);
  // x off by i in its first entry: r = b - A x' = -A (i e1) = [-(2+i) i, 0, -i] = [1-2i, 0, -i]
  // |A||x'| + |b| in row 0: |2+i| sqrt(2) + 1 * 1 + |2+2i| = sqrt(10) + 1 + sqrt(8).
  std::vector<Complex> off = worked_x;
  off[0] += Complex(0, 1);
  const double row0 = std::sqrt(5.0) / (std::sqrt(10.0) + 1 + std::sqrt(8.0));
  // row 2: |r| = 1, |A||x'| + |b| = 1 * sqrt(2) + |4-2i| sqrt(2) + |3-6i|.
  const double row2 = 1 / (std::sqrt(2.0) + std::sqrt(20.0) * std::sqrt(2.0) + std::sqrt(45.0));
  CHECK(lupine_bench::backward_error(a, a.values().data(), off.data(), worked_b.data()) ==
        Approx(std::max(row0, row2)));
}

TEST_CASE("the options --complex-shift and --complex-only", "[bench][complex]") {
  const auto parsed = [](std::vector<const char*> words) {
    words.insert(words.begin(), "lupine-bench");
    return lupine_bench::parse_command_line(static_cast<int>(words.size()), words.data()).options;
  };
  const lupine_bench::Options defaults = parsed({"a.mtx"});
  CHECK(std::isnan(defaults.complex_shift));
  CHECK_FALSE(defaults.complex_only);
  CHECK(lupine_bench::runs_per_matrix(defaults) == 1);
  const lupine_bench::Options shifted = parsed({"--complex-shift", "2.5", "a.mtx"});
  CHECK(shifted.complex_shift == 2.5);
  CHECK(lupine_bench::runs_per_matrix(shifted) == 2);
  const lupine_bench::Options only = parsed({"--complex-shift=1", "--complex-only", "a.mtx"});
  CHECK(only.complex_only);
  CHECK(lupine_bench::runs_per_matrix(only) == 1);
  CHECK_THROWS_AS(parsed({"--complex-shift", "nan", "a.mtx"}), lupine_bench::UsageError);
  CHECK_THROWS_AS(parsed({"--complex-shift", "inf", "a.mtx"}), lupine_bench::UsageError);
  CHECK_THROWS_AS(parsed({"--complex-shift", "one", "a.mtx"}), lupine_bench::UsageError);
}

TEST_CASE("the CSV keeps field and complex_shift, and older files read as real",
          "[bench][complex]") {
  Row row;
  row.matrix = "m";
  row.group = "circuit";
  row.solver = "klu";
  row.status = "ok";
  row.field = "complex";
  row.complex_shift = 0.25;
  std::ostringstream out;
  lupine_bench::write_csv(out, {row});
  const std::vector<Row> back = lupine_bench::parse_csv(out.str(), "complex.csv");
  REQUIRE(back.size() == 1);
  CHECK(back[0].field == "complex");
  CHECK(back[0].complex_shift == 0.25);

  // The 19-column format, before field and complex_shift: real rows.
  const std::string older =
      "matrix,group,n,nnz,solver,threads,status,analyze_s,factor_s,refactor_s,solve_s,lu_nnz,"
      "factor_flops,backward_error,peak_rss_bytes,path,ordering,delayed_pivots,"
      "supernodal_blocks\n"
      "x,other,5,9,klu,1,ok,1,4,1,1,20,4e9,1e-16,1000,,,,\n";
  const std::vector<Row> old_rows = lupine_bench::parse_csv(older + out.str(), "both.csv");
  REQUIRE(old_rows.size() == 2);
  CHECK(old_rows[0].field == "real");
  CHECK(std::isnan(old_rows[0].complex_shift));
  CHECK(old_rows[1].field == "complex");
  CHECK(old_rows[0].ranks == 1);
  CHECK(old_rows[0].threads_per_rank == 1);

  // The ranks and threads per rank of a --distributed row (lupine-bench under mpirun).
  Row distributed = row;
  distributed.solver = "mumps-mpi";
  distributed.ranks = 4;
  distributed.threads_per_rank = 1;
  distributed.threads = 4;
  std::ostringstream distributed_out;
  lupine_bench::write_csv(distributed_out, {distributed});
  const std::vector<Row> distributed_back =
      lupine_bench::parse_csv(distributed_out.str(), "distributed.csv");
  REQUIRE(distributed_back.size() == 1);
  CHECK(distributed_back[0].ranks == 4);
  CHECK(distributed_back[0].threads_per_rank == 1);

  std::string bad = out.str();
  bad.replace(bad.find(",complex,"), 9, ",quaternion,");
  try {
    lupine_bench::parse_csv(bad, "bad.csv");
    FAIL("no error");
  } catch (const lupine::Error& error) {
    CHECK_THAT(error.what(), Catch::Contains("bad.csv line 2: column field"));
  }
}

TEST_CASE("complex rows are summarized apart from the real rows of the same matrix",
          "[bench][complex]") {
  // Matrix a in real and complex; Lupine / KLU factor: real 1/2, complex 6/3.
  const std::string csv =
      "matrix,group,n,nnz,solver,threads,status,analyze_s,factor_s,refactor_s,solve_s,lu_nnz,"
      "factor_flops,backward_error,peak_rss_bytes,path,ordering,delayed_pivots,"
      "supernodal_blocks,field,complex_shift\n"
      "a,circuit,10,30,lupine,1,ok,1,1,1,1,100,1000,1e-16,1000,auto,auto,0,0,real,\n"
      "a,circuit,10,30,klu,1,ok,1,2,1,1,100,1000,1e-16,1000,,,,,real,\n"
      "a,circuit,10,30,lupine,1,ok,1,6,1,1,100,1000,1e-16,1000,auto,auto,0,0,complex,1\n"
      "a,circuit,10,30,klu,1,ok,1,3,1,1,100,1000,1e-16,1000,,,,,complex,1\n"
      "z,other,10,30,lupine,1,ok,1,1,1,1,100,1000,1e-16,1000,auto,auto,0,0,complex,\n"
      "z,other,10,30,klu,1,numerically_singular,,,,,,,,1000,,,,,complex,\n";
  const lupine_bench::Summary summary =
      lupine_bench::summarize(lupine_bench::parse_csv(csv, "mixed.csv"));
  REQUIRE(summary.by_threads.size() == 1);
  const lupine_bench::ThreadSummary& part = summary.by_threads[0];
  CHECK(part.groups == std::vector<std::string>{"circuit", "circuit/complex", "other/complex",
                                                "all", "all/complex"});
  const auto factor_ratio = [&](const std::string& group) {
    const lupine_bench::RatioSummary* ratio =
        lupine_bench::find_ratio(part, group, "factor", "klu");
    REQUIRE(ratio != nullptr);
    return ratio->geometric_mean;
  };
  CHECK(factor_ratio("circuit") == Approx(0.5));
  CHECK(factor_ratio("circuit/complex") == Approx(2.0));
  CHECK(factor_ratio("all") == Approx(0.5));
  CHECK(factor_ratio("all/complex") == Approx(2.0));
  REQUIRE(summary.failures.size() == 1);
  std::ostringstream text;
  lupine_bench::write_summary_text(text, summary);
  CHECK_THAT(text.str(), Catch::Contains("z (other/complex), klu: numerically_singular"));
  CHECK_THAT(text.str(), Catch::Contains("circuit/complex  factor "));
}

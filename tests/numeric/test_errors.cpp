// Singular and invalid input: the error says what and where, in the caller's numbering.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "lupine/solver.hpp"
#include "support/capture.hpp"

using lupine::CscMatrix;
using lupine::Error;
using lupine::ErrorKind;
using lupine::TripletBuilder;

using lupine_test::capture;

TEST_CASE("an empty column is structurally singular and named", "[numeric][errors]") {
  TripletBuilder<double> builder(3, 3);
  builder.add(0, 0, 1.0);
  builder.add(1, 0, 1.0);
  builder.add(2, 2, 1.0);
  builder.add(1, 2, 1.0);
  const auto a = builder.build();
  for (const bool btf : {true, false}) {
    lupine::Options options;
    options.btf = btf;
    const Error error = capture([&] { lupine::analyze(a, options); });
    CHECK(error.kind() == ErrorKind::structurally_singular);
    CHECK(error.column() == 1);
    CHECK(error.structural_rank() == 2);
    CHECK_THAT(error.what(), Catch::Contains("column 1 has no entries"));
  }
}

TEST_CASE("a matching deficiency reports the structural rank", "[numeric][errors]") {
  // Columns 0 and 1 both have entries only in row 0.
  TripletBuilder<double> builder(3, 3);
  builder.add(0, 0, 1.0);
  builder.add(0, 1, 1.0);
  builder.add(1, 2, 1.0);
  builder.add(2, 2, 1.0);
  const Error error = capture([&] { lupine::analyze(builder.build()); });
  CHECK(error.kind() == ErrorKind::structurally_singular);
  CHECK(error.structural_rank() == 2);
}

TEST_CASE("numerically singular names the column, or is perturbed on request",
          "[numeric][errors]") {
  // Column 2 = 2 * column 0, with powers of two so that elimination cancels exactly.
  TripletBuilder<double> builder(3, 3);
  const double rows[3][3] = {{1, 3, 2}, {2, 5, 4}, {4, 1, 8}};
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) builder.add(i, j, rows[i][j]);
  }
  const auto a = builder.build();
  lupine::Options options;
  options.ordering = lupine::Ordering::natural;
  options.btf = false;
  options.scaling = lupine::Scaling::none;
  options.path = lupine::FactorPath::column;
  options.pivot_threshold = 1.0;
  const auto symbolic = lupine::analyze(a, options);
  const Error error = capture([&] { lupine::Numeric<> numeric(symbolic, a, options); });
  CHECK(error.kind() == ErrorKind::numerically_singular);
  CHECK(error.column() == 2);
  CHECK_THAT(error.what(), Catch::Contains("column 2"));

  options.perturb_singular_pivots = true;
  const lupine::Numeric<> numeric(symbolic, a, options);
  CHECK(numeric.stats().perturbed_pivots == 1);
  // A consistent right-hand side (b in the range of A) still gets a small residual.
  const std::vector<double> b{4, 7, 5};  // A (1, 1, 0)
  const auto x = numeric.solve(b, lupine::Transpose::no, 2);
  const auto ax = lupine::multiply(a, x);
  for (int i = 0; i < 3; ++i)
    CHECK(ax[static_cast<std::size_t>(i)] == Approx(b[static_cast<std::size_t>(i)]).epsilon(1e-8));
}

TEST_CASE("invalid arguments are rejected with the field named", "[numeric][errors]") {
  TripletBuilder<double> builder(2, 3);
  builder.add(0, 0, 1.0);
  CHECK(capture([&] { lupine::analyze(builder.build()); }).kind() == ErrorKind::dimension_mismatch);
  TripletBuilder<double> square(2, 2);
  square.add(0, 0, 1.0);
  square.add(1, 1, 1.0);
  const auto a = square.build();
  lupine::Options options;
  options.pivot_threshold = 1.5;
  CHECK_THAT(capture([&] { lupine::analyze(a, options); }).what(),
             Catch::Contains("pivot_threshold"));
  lupine::Options given;
  given.ordering = lupine::Ordering::given;
  given.given_column_order = {0, 0};
  CHECK_THAT(capture([&] { lupine::analyze(a, given); }).what(),
             Catch::Contains("not a permutation"));
  const lupine::Numeric<> numeric(lupine::analyze(a), a);
  CHECK(capture([&] {
          numeric.solve(std::vector<double>{1, 2, 3});
        }).kind() == ErrorKind::dimension_mismatch);
  auto workspace = numeric.make_workspace(1);
  workspace.buffer.resize(1);
  double b[2] = {1, 2};
  const lupine::Error small =
      capture([&] { numeric.solve_in_place(b, 1, 2, lupine::Transpose::no, workspace); });
  CHECK(small.kind() == ErrorKind::api_misuse);
  CHECK_THAT(small.what(), Catch::Contains("workspace"));
}

TEST_CASE("a given ordering is used as the elimination order", "[numeric][ordering]") {
  TripletBuilder<double> builder(3, 3);
  builder.add(0, 0, 2.0);
  builder.add(1, 1, 3.0);
  builder.add(2, 2, 4.0);
  builder.add(0, 2, 1.0);
  const auto a = builder.build();
  lupine::Options options;
  options.ordering = lupine::Ordering::given;
  options.given_column_order = {2, 0, 1};
  const lupine::Numeric<> numeric(lupine::analyze(a, options), a, options);
  CHECK(numeric.factors().col_perm == std::vector<int>{2, 0, 1});
  const auto x = numeric.solve(std::vector<double>{3, 3, 4});
  CHECK(x[0] == Approx(1));
  CHECK(x[1] == Approx(1));
  CHECK(x[2] == Approx(1));
}

TEST_CASE("each misuse has its own error kind, and the objects stay usable", "[numeric][errors]") {
  TripletBuilder<double> builder(3, 3);
  builder.add(0, 0, 4.0);
  builder.add(1, 0, 1.0);
  builder.add(1, 1, 5.0);
  builder.add(2, 1, 2.0);
  builder.add(0, 2, 1.0);
  builder.add(2, 2, 6.0);
  const auto a = builder.build();
  const std::vector<double> b{5, 6, 8};  // A (1, 1, 1)

  const lupine::Symbolic<> empty_symbolic;
  CHECK(capture([&] { empty_symbolic.stats(); }).kind() == ErrorKind::api_misuse);
  lupine::Numeric<> empty_numeric;
  CHECK(capture([&] { empty_numeric.factor(a); }).kind() == ErrorKind::api_misuse);
  CHECK(capture([&] { empty_numeric.solve(b); }).kind() == ErrorKind::api_misuse);

  const lupine::Symbolic<> symbolic = lupine::analyze(a);
  lupine::Numeric<> numeric(symbolic, a);
  CHECK(capture([&] {
          numeric.solve(std::vector<double>{1, 2});
        }).kind() == ErrorKind::dimension_mismatch);
  lupine::DenseMatrix<double> wide(2, 2);
  CHECK(capture([&] { numeric.solve(wide); }).kind() == ErrorKind::dimension_mismatch);
  auto workspace = numeric.make_workspace(1);
  std::vector<double> x = b;
  CHECK(capture([&] {
          numeric.solve_in_place(x.data(), 1, 2, lupine::Transpose::no, workspace);
        }).kind() == ErrorKind::dimension_mismatch);

  // A NaN or infinity in a right-hand side is named by row, through every solve entry point,
  // and leaves the factorization as it was.
  for (const double bad :
       {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    for (const auto transpose : {lupine::Transpose::no, lupine::Transpose::yes}) {
      std::vector<double> with_bad = b;
      with_bad[2] = bad;
      for (const int refine : {0, 2}) {
        const Error error = capture([&] { numeric.solve(with_bad, transpose, refine); });
        CHECK(error.kind() == ErrorKind::non_finite_input);
        CHECK(error.row() == 2);
        CHECK_THAT(error.what(), Catch::Contains("right-hand side 0 at row 2"));
      }
      lupine::DenseMatrix<double> B(3, 2);
      for (int i = 0; i < 3; ++i) B(i, 0) = B(i, 1) = b[static_cast<std::size_t>(i)];
      B(1, 1) = bad;
      const Error error = capture([&] { numeric.solve(B, transpose); });
      CHECK(error.row() == 1);
      CHECK_THAT(error.what(), Catch::Contains("right-hand side 1 at row 1"));
      x = with_bad;
      CHECK(capture([&] { numeric.solve_in_place(x.data(), 1, 3, transpose, workspace); }).kind() ==
            ErrorKind::non_finite_input);
      CHECK((std::isnan(x[2]) || x[2] == bad));  // untouched
    }
  }
  const auto solution = numeric.solve(b);
  for (const double value : solution) CHECK(value == Approx(1.0).epsilon(1e-14));

  // check_finite off: the caller takes responsibility, and a NaN goes through.
  lupine::Options unchecked;
  unchecked.check_finite = false;
  const lupine::Numeric<> trusting(symbolic, a, unchecked);
  std::vector<double> with_nan = b;
  with_nan[0] = std::numeric_limits<double>::quiet_NaN();
  const auto spread = trusting.solve(with_nan);
  CHECK(std::isnan(spread[0]));

  lupine::Options limited;
  limited.memory_limit = 1;
  const Error limit =
      capture([&] { lupine::Numeric<> refused(lupine::analyze(a, limited), a, limited); });
  CHECK(limit.kind() == ErrorKind::memory_limit_exceeded);
  CHECK_THAT(limit.what(), Catch::Contains("memory_limit = 1"));
}

TEST_CASE("fewer entries than columns is structurally singular, with the exact rank",
          "[numeric][errors]") {
  TripletBuilder<double> builder(10, 10);
  builder.add(0, 0, 1.0);
  builder.add(1, 1, 1.0);
  builder.add(1, 2, 1.0);  // columns 1 and 2 share their only row
  builder.add(5, 5, 1.0);
  const Error error = capture([&] { lupine::analyze(builder.build()); });
  CHECK(error.kind() == ErrorKind::structurally_singular);
  CHECK(error.structural_rank() == 3);
  CHECK(error.column() == 3);
  CHECK_THAT(error.what(), Catch::Contains("4 entries for its 10 columns"));

  // A huge order with a handful of entries (as a file may declare) is refused at once.
  const int n = 5000000;
  std::vector<int> col_ptr(static_cast<std::size_t>(n) + 1, 2);
  col_ptr[0] = 0;
  col_ptr[1] = 2;
  const CscMatrix<double> sparse(n, n, std::move(col_ptr), {0, 7}, {1.0, 2.0});
  const Error huge = capture([&] { lupine::analyze(sparse); });
  CHECK(huge.structural_rank() == 1);
  CHECK(huge.column() == 1);
}

TEST_CASE("static pivoting raises tiny pivots and refinement restores the accuracy",
          "[numeric][errors]") {
  // Tiny diagonals that tau = 0 keeps as pivots (diagonal preferred whenever nonzero): the
  // growth wrecks the unrefined solution; raised to sqrt(eps) max|A|, one or two refinement
  // steps recover it. A well-conditioned matrix: its accuracy was lost to the pivot order.
  const int n = 60;
  TripletBuilder<double> builder(n, n);
  for (int j = 0; j < n; ++j) {
    builder.add(j, j, j % 3 == 0 ? 1e-13 : 4.0);
    builder.add((j + 1) % n, j, 1.0);
    builder.add((j + 7) % n, j, -1.0);
    builder.add(j, (j + 1) % n, 1.0);
  }
  const auto a = builder.build();
  const std::vector<double> b(static_cast<std::size_t>(n), 1.0);
  for (const auto path : {lupine::FactorPath::column, lupine::FactorPath::supernodal}) {
    INFO("path " << static_cast<int>(path));
    lupine::Options options;
    options.pivot_threshold = 0;
    options.path = path;
    options.btf = false;
    const lupine::Numeric<> plain(lupine::analyze(a, options), a, options);
    const auto x0 = plain.solve(b, lupine::Transpose::no, 0);
    CHECK(plain.stats().perturbed_pivots == 0);
    CHECK(plain.backward_error(b.data(), x0.data(), 1, n, lupine::Transpose::no) > 1e-8);

    options.perturb_singular_pivots = true;
    const lupine::Numeric<> perturbed(lupine::analyze(a, options), a, options);
    CHECK(perturbed.stats().perturbed_pivots > 0);
    lupine::SolveReport report;
    perturbed.solve(b, lupine::Transpose::no, 3, &report);
    CHECK(report.backward_error < 1e-14);
    CHECK(report.refinement_steps >= 1);
  }
}

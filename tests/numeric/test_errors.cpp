// Singular and invalid input: the error says what and where, in the caller's numbering.
#include <catch2/catch.hpp>

#include "lupine/solver.hpp"

using lupine::CscMatrix;
using lupine::Error;
using lupine::ErrorKind;
using lupine::TripletBuilder;

namespace {

template <class F>
Error capture(F&& function) {
  try {
    function();
  } catch (const Error& error) {
    return error;
  }
  FAIL("expected a lupine::Error");
  return Error(ErrorKind::internal, "unreachable");
}

}  // namespace

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
  CHECK(capture([&] { lupine::analyze(builder.build()); }).kind() == ErrorKind::invalid_matrix);
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
        }).kind() == ErrorKind::invalid_argument);
  auto workspace = numeric.make_workspace(1);
  workspace.buffer.resize(1);
  double b[2] = {1, 2};
  CHECK_THAT(
      capture([&] { numeric.solve_in_place(b, 1, 2, lupine::Transpose::no, workspace); }).what(),
      Catch::Contains("workspace"));
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

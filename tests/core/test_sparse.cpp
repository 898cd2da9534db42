#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>

#include "lupine/checked.hpp"
#include "lupine/sparse.hpp"

using lupine::CscMatrix;
using lupine::Error;
using lupine::ErrorKind;
using lupine::TripletBuilder;

namespace {

CscMatrix<double> small_matrix() {
  // [ 1 0 2 ]
  // [ 0 3 0 ]
  // [ 4 0 5 ]
  TripletBuilder<double> builder(3, 3);
  builder.add(2, 2, 5.0);
  builder.add(0, 0, 1.0);
  builder.add(1, 1, 3.0);
  builder.add(2, 0, 4.0);
  builder.add(0, 2, 2.0);
  return builder.build();
}

}  // namespace

TEST_CASE("triplets become sorted CSC", "[core]") {
  const CscMatrix<double> a = small_matrix();
  CHECK(a.rows() == 3);
  CHECK(a.nnz() == 5);
  CHECK(a.col_ptr() == std::vector<int>{0, 2, 3, 5});
  CHECK(a.row_indices() == std::vector<int>{0, 2, 1, 0, 2});
  CHECK(a.values() == std::vector<double>{1, 4, 3, 2, 5});
}

TEST_CASE("duplicates are summed, explicit zeros kept", "[core]") {
  TripletBuilder<double> builder(2, 2);
  builder.add(1, 0, 1.5);
  builder.add(1, 0, 2.5);
  builder.add(0, 1, 0.0);
  const auto a = builder.build();
  CHECK(a.nnz() == 2);
  CHECK(a.values()[0] == 4.0);
  CHECK(a.find(0, 1) == 1);
  CHECK(a.values()[1] == 0.0);
  CHECK(a.find(0, 0) == -1);
}

TEST_CASE("empty matrices and empty columns", "[core]") {
  TripletBuilder<double> empty(0, 0);
  CHECK(empty.build().nnz() == 0);
  TripletBuilder<double> builder(4, 5);
  builder.add(3, 4, 1.0);
  const auto a = builder.build();
  CHECK(a.col_ptr() == std::vector<int>{0, 0, 0, 0, 0, 1});
  CHECK(a.nnz() == 1);
}

TEST_CASE("triplet out of range names the entry", "[core]") {
  TripletBuilder<double> builder(2, 3);
  try {
    builder.add(2, 1, 1.0);
    FAIL("expected an error");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::invalid_matrix);
    CHECK(error.row() == 2);
    CHECK(error.column() == 1);
    CHECK_THAT(error.what(), Catch::Contains("(2, 1)"));
  }
}

TEST_CASE("validation finds unsorted, duplicate and non-finite entries", "[core]") {
  CHECK_THROWS_WITH((CscMatrix<double>(2, 1, {0, 2}, {1, 0}, {1.0, 2.0})),
                    Catch::Contains("unsorted") && Catch::Contains("column 0"));
  CHECK_THROWS_WITH((CscMatrix<double>(2, 1, {0, 2}, {1, 1}, {1.0, 2.0})),
                    Catch::Contains("duplicate"));
  CHECK_THROWS_WITH((CscMatrix<double>(2, 1, {0, 1}, {2}, {1.0})), Catch::Contains("out of range"));
  CHECK_THROWS_WITH(
      (CscMatrix<double>(2, 1, {0, 1}, {0}, {std::numeric_limits<double>::quiet_NaN()}, true)),
      Catch::Contains("non-finite"));
  CHECK_THROWS_WITH((CscMatrix<double>(2, 2, {0, 1}, {0}, {1.0})), Catch::Contains("cols + 1"));
}

TEST_CASE("transpose, A+A^T and products", "[core]") {
  const auto a = small_matrix();
  const auto at = lupine::transpose(a);
  CHECK(at.find(0, 2) >= 0);
  CHECK(at.values()[static_cast<std::size_t>(at.find(0, 2))] == 4.0);
  const auto sym = lupine::pattern_plus_transpose(a);
  CHECK(sym.nnz() == 5);
  CHECK_FALSE(sym.has_values());
  const std::vector<double> x{1, 2, 3};
  CHECK(lupine::multiply(a, x) == std::vector<double>{7, 6, 19});
  CHECK(lupine::multiply(a, x, lupine::Transpose::yes) == std::vector<double>{13, 6, 17});
  CHECK(lupine::norm_one(a) == 7.0);
  CHECK(lupine::norm_inf(a) == 9.0);
  CHECK(lupine::norm_max(a) == 5.0);
  CHECK(lupine::pattern_symmetry(a) == 1.0);
}

TEST_CASE("checked arithmetic reports overflow", "[core]") {
  CHECK(lupine::checked_add<std::int32_t>(1, 2, "x") == 3);
  CHECK_THROWS_AS(
      lupine::checked_add<std::int32_t>(std::numeric_limits<std::int32_t>::max(), 1, "x"), Error);
  CHECK_THROWS_AS(lupine::checked_mul<std::int32_t>(1 << 20, 1 << 12, "x"), Error);
  CHECK_THROWS_AS(lupine::checked_cast<std::int32_t>(std::int64_t{1} << 40, "x"), Error);
  CHECK(lupine::checked_cast<std::int32_t>(std::int64_t{77}, "x") == 77);
}

// lupine-solve from the outside: its JSON, its exit codes and its messages.
#include <catch2/catch.hpp>
#include <string>

#include "support/process.hpp"
#include "support/test_matrices.hpp"

using lupine_test::Outcome;
using lupine_test::TemporaryFolder;

namespace {

Outcome solve(const std::string& arguments) {
  return lupine_test::run_program(LUPINE_SOLVE_EXE, arguments);
}

std::string bundled(const std::string& file) {
  return "'" + lupine_test::bundled_matrices_dir() + "/" + file + "'";
}

}  // namespace

TEST_CASE("lupine-solve --json reports every key and a small backward error", "[apps]") {
  const Outcome outcome = solve(bundled("circuit/rajat19.mtx.gz") + " --json");
  REQUIRE(outcome.exit_code == 0);
  for (const char* key : {"\"n\": 1157", "\"nnz\": 5399", "\"lu_nnz\"", "\"analyze_s\"",
                          "\"factor_s\"", "\"refactor_s\"", "\"solve_s\"", "\"backward_error\"",
                          "\"forward_error\"", "\"condition\"", "\"status\": \"ok\""}) {
    CHECK_THAT(outcome.out, Catch::Contains(key));
  }
  // b = A * ones, so the forward error is reported (a number, not null).
  CHECK_THAT(outcome.out, !Catch::Contains("\"forward_error\": null"));
  CHECK_THAT(outcome.out, !Catch::Contains("\"condition\": null"));
}

TEST_CASE("lupine-solve uses the _b file beside the matrix", "[apps]") {
  const Outcome outcome = solve(bundled("circuit-sim/lc_ladder_40x60.mtx.gz") + " --json");
  REQUIRE(outcome.exit_code == 0);
  CHECK_THAT(outcome.out, Catch::Contains("lc_ladder_40x60_b.mtx.gz"));
  CHECK_THAT(outcome.out, Catch::Contains("\"forward_error\": null"));
}

TEST_CASE("lupine-solve solves pattern-only and transposed systems and writes X", "[apps]") {
  const TemporaryFolder folder;
  const std::string out = folder.path() + "/x.mtx";
  const Outcome outcome =
      solve(bundled("circuit/rajat01.mtx.gz") + " --transpose --refine 1 --out '" + out + "'");
  REQUIRE(outcome.exit_code == 0);
  CHECK_THAT(outcome.out, Catch::Contains("backward error"));
  const std::string written = lupine_test::read_text(out);
  CHECK_THAT(written, Catch::StartsWith("%%MatrixMarket matrix array real general"));
}

TEST_CASE("lupine-solve exit codes: 2 for bad usage or input, 1 for singular", "[apps]") {
  CHECK(solve("").exit_code == 2);
  CHECK(solve("--bogus").exit_code == 2);
  CHECK(solve(bundled("other/arrow.mtx.gz") + " --threshold 3").exit_code == 2);
  const Outcome missing = solve("/nonexistent/matrix.mtx");
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, Catch::Contains("/nonexistent/matrix.mtx"));
  const Outcome complex = solve(bundled("other/young1c.mtx.gz") + " --json");
  CHECK(complex.exit_code == 2);
  CHECK_THAT(complex.out, Catch::Contains("\"status\": \"unsupported\""));
  CHECK_THAT(complex.out, Catch::Contains("complex values need a complex scalar type"));

  const TemporaryFolder folder;
  const std::string malformed = folder.write("bad.mtx",
                                             "%%MatrixMarket matrix coordinate real general\n"
                                             "2 2 2\n1 1 1.0\n3 1 2.0\n");
  const Outcome parse = solve("'" + malformed + "'");
  CHECK(parse.exit_code == 2);
  CHECK_THAT(parse.err, Catch::Contains(":4:"));

  // Rank 1: the second column is twice the first.
  const std::string singular = folder.write("singular.mtx",
                                            "%%MatrixMarket matrix coordinate real general\n"
                                            "2 2 4\n1 1 1\n2 1 2\n1 2 2\n2 2 4\n");
  const Outcome numerical = solve("'" + singular + "' --json");
  CHECK(numerical.exit_code == 1);
  CHECK_THAT(numerical.out, Catch::Contains("\"status\": \"numerically_singular\""));
  const std::string empty_column = folder.write("structural.mtx",
                                                "%%MatrixMarket matrix coordinate real general\n"
                                                "2 2 2\n1 1 1\n2 1 2\n");
  const Outcome structural = solve("'" + empty_column + "' --json");
  CHECK(structural.exit_code == 1);
  CHECK_THAT(structural.out, Catch::Contains("\"status\": \"structurally_singular\""));
}

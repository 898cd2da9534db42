// lupine-solve from the outside: its JSON, its exit codes and its messages.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
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

/// The number after "key": in the JSON object lupine-solve prints (NaN when absent or null).
double json_number(const std::string& json, const std::string& key) {
  const std::string quoted = "\"" + key + "\": ";
  const std::size_t at = json.find(quoted);
  if (at == std::string::npos) return NAN;
  const char* start = json.c_str() + at + quoted.size();
  char* end = nullptr;
  const double value = std::strtod(start, &end);
  return end == start ? NAN : value;
}

/// Fixed-width Rutherford-Boeing fields: numbers right-aligned, formats left-aligned.
std::string right(const std::string& text, std::size_t width) {
  return std::string(width > text.size() ? width - text.size() : 0, ' ') + text;
}
std::string left(const std::string& text, std::size_t width) {
  return text + std::string(width > text.size() ? width - text.size() : 0, ' ');
}

}  // namespace

TEST_CASE("lupine-solve --json reports every key and a small backward error", "[apps]") {
  const Outcome outcome = solve(bundled("circuit/rajat19.mtx.gz") + " --json");
  REQUIRE(outcome.exit_code == 0);
  for (const char* key :
       {"\"field\": \"real\"", "\"n\": 1157", "\"nnz\": 5399", "\"lu_nnz\"", "\"analyze_s\"",
        "\"factor_s\"", "\"refactor_s\"", "\"solve_s\"", "\"backward_error\"", "\"forward_error\"",
        "\"condition\"", "\"determinant_sign_re\"", "\"determinant_sign_im\"",
        "\"log_abs_determinant\"", "\"status\": \"ok\""}) {
    CHECK_THAT(outcome.out, Catch::Contains(key));
  }
  // b = A * ones, so the forward error is reported (a number, not null).
  CHECK_THAT(outcome.out, !Catch::Contains("\"forward_error\": null"));
  CHECK_THAT(outcome.out, !Catch::Contains("\"condition\": null"));
}

TEST_CASE("lupine-solve --matching max_product solves as accurately", "[apps]") {
  const Outcome matched =
      solve(bundled("circuit/rajat19.mtx.gz") + " --matching max_product --json");
  REQUIRE(matched.exit_code == 0);
  CHECK(json_number(matched.out, "backward_error") < 1e-14);
  const Outcome wrong = solve(bundled("circuit/rajat19.mtx.gz") + " --matching mc64");
  CHECK(wrong.exit_code == 2);
  CHECK_THAT(wrong.err, Catch::Contains("--matching must be structural or max_product"));
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
  CHECK(solve(bundled("other/arrow.mtx.gz") + " --transpose=sideways").exit_code == 2);

  const TemporaryFolder folder;
  // A complex right-hand side cannot go with a real matrix.
  const std::string complex_rhs = folder.write("complex_b.mtx",
                                               "%%MatrixMarket matrix array complex general\n"
                                               "2 1\n1 0.5\n2 -1\n");
  const std::string diagonal = folder.write("diagonal.mtx",
                                            "%%MatrixMarket matrix coordinate real general\n"
                                            "2 2 2\n1 1 1\n2 2 2\n");
  const Outcome mixed = solve("'" + diagonal + "' --rhs '" + complex_rhs + "' --json");
  CHECK(mixed.exit_code == 2);
  CHECK_THAT(mixed.out, Catch::Contains("\"status\": \"unsupported\""));
  CHECK_THAT(mixed.out, Catch::Contains("complex values need a complex scalar type"));

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

TEST_CASE("lupine-solve solves complex files with A, A^T and A^H", "[apps][complex]") {
  for (const char* transpose : {"", " --transpose", " --transpose conjugate", " --transpose=no"}) {
    INFO(transpose);
    const Outcome outcome = solve(bundled("other/young1c.mtx.gz") + " --json" + transpose);
    REQUIRE(outcome.exit_code == 0);
    CHECK_THAT(outcome.out, Catch::Contains("\"field\": \"complex\""));
    CHECK_THAT(outcome.out, Catch::Contains("\"n\": 841"));
    CHECK_THAT(outcome.out, Catch::Contains("\"status\": \"ok\""));
    const std::string op = std::string(transpose) == " --transpose"             ? "A^T"
                           : std::string(transpose) == " --transpose conjugate" ? "A^H"
                                                                                : "A";
    CHECK_THAT(outcome.out, Catch::Contains("\"rhs\": \"" + op + " * ones\""));
    // Componentwise backward error of the refined solve, and x = ones recovered.
    CHECK(json_number(outcome.out, "backward_error") < 1e-14);
    CHECK(json_number(outcome.out, "forward_error") < 1e-10);
    CHECK(json_number(outcome.out, "condition") > 1);
    // det A / |det A| has modulus 1 (to the 9 digits of the JSON).
    const double re = json_number(outcome.out, "determinant_sign_re");
    const double im = json_number(outcome.out, "determinant_sign_im");
    CHECK(std::abs(re * re + im * im - 1) < 1e-8);
    CHECK(std::isfinite(json_number(outcome.out, "log_abs_determinant")));
  }
  // A real matrix says so, with a real determinant sign.
  const Outcome real = solve(bundled("circuit/rajat19.mtx.gz") + " --json --transpose conjugate");
  REQUIRE(real.exit_code == 0);
  CHECK_THAT(real.out, Catch::Contains("\"field\": \"real\""));
  CHECK_THAT(real.out, Catch::Contains("\"rhs\": \"A^T * ones\""));
  CHECK_THAT(real.out, Catch::Contains("\"determinant_sign_im\": 0,"));
  CHECK(std::abs(json_number(real.out, "determinant_sign_re")) == 1);
}

TEST_CASE("lupine-solve: complex solutions are written, without refinement too",
          "[apps][complex]") {
  const TemporaryFolder folder;
  const std::string out = folder.path() + "/x.mtx";
  const Outcome outcome = solve(bundled("other/qc324.mtx.gz") +
                                " --refine 0 --transpose conjugate --out '" + out + "'");
  REQUIRE(outcome.exit_code == 0);
  CHECK_THAT(outcome.out, Catch::Contains("(complex)"));
  CHECK_THAT(outcome.out, Catch::Contains("determinant      sign "));
  const std::string written = lupine_test::read_text(out);
  CHECK_THAT(written, Catch::StartsWith("%%MatrixMarket matrix array complex general"));

  // A Rutherford-Boeing complex file, its type told from line 3, and a real right-hand side:
  // [ 2+i   0  ]        b = [ 1 ]
  // [ 0    -4i ]            [ 2 ]
  const std::string matrix = folder.write(
      "two.rb", left("complex diagonal", 72) + "TESTKEY1\n" + right("4", 14) + right("1", 14) +
                    right("1", 14) + right("2", 14) + "\n" + "CUA" + std::string(11, ' ') +
                    right("2", 14) + right("2", 14) + right("2", 14) + right("0", 14) + "\n" +
                    left("(3I2)", 16) + left("(2I2)", 16) + "(2E10.3)\n" + " 1 2 3\n 1 2\n" +
                    right("2.000E+00", 10) + right("1.000E+00", 10) + "\n" +
                    right("0.000E+00", 10) + right("-4.000E+00", 10) + "\n");
  const std::string rhs =
      folder.write("b.mtx", "%%MatrixMarket matrix array real general\n2 1\n1\n2\n");
  const Outcome rb = solve("'" + matrix + "' --rhs '" + rhs + "' --json");
  INFO(rb.out << rb.err);
  REQUIRE(rb.exit_code == 0);
  CHECK_THAT(rb.out, Catch::Contains("\"field\": \"complex\""));
  CHECK(json_number(rb.out, "backward_error") < 1e-15);
  // det = (2 + i)(-4i) = 4 - 8i: sign (1 - 2i)/sqrt(5), log|det| = log(sqrt(80)).
  CHECK(json_number(rb.out, "determinant_sign_re") == Approx(1 / std::sqrt(5.0)));
  CHECK(json_number(rb.out, "determinant_sign_im") == Approx(-2 / std::sqrt(5.0)));
  CHECK(json_number(rb.out, "log_abs_determinant") == Approx(std::log(std::sqrt(80.0))));
}

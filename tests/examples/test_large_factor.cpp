// The 64-bit-index example (apps/examples/large_factor), at a size that runs in a test: it
// analyzes, factors with 64-bit indices and solves to rounding; a memory limit below the
// prediction refuses the factorization before any numeric work.
#include <catch2/catch.hpp>
#include <string>

#include "support/process.hpp"

using lupine_test::Outcome;

namespace {

Outcome large_factor(const std::string& arguments) {
  return lupine_test::run_program(LUPINE_LARGE_FACTOR_EXE, arguments);
}

// The value after "key": in the program's JSON line.
std::string field(const std::string& json, const std::string& key) {
  const std::string marker = "\"" + key + "\": ";
  const auto at = json.find(marker);
  REQUIRE(at != std::string::npos);
  return json.substr(at + marker.size(),
                     json.find_first_of(",}", at + marker.size()) - (at + marker.size()));
}

}  // namespace

TEST_CASE("large factor: a small grid factors with 64-bit indices and solves", "[examples]") {
  const Outcome outcome = large_factor("--grid 14 --factor --threads 2");
  INFO(outcome.err);
  REQUIRE(outcome.exit_code == 0);
  CHECK(field(outcome.out, "n") == "2744");
  CHECK(field(outcome.out, "past_int32") == "false");
  CHECK(field(outcome.out, "int32_refusal") == "\"\"");
  CHECK(std::stoll(field(outcome.out, "lu_nnz")) >= std::stoll(field(outcome.out, "nnz")));
  CHECK(std::stod(field(outcome.out, "backward_error")) <= 1e-14);
  CHECK(std::stod(field(outcome.out, "forward_error")) <= 1e-10);
  CHECK(std::stoll(field(outcome.out, "predicted_factor_bytes")) > 0);
}

TEST_CASE("large factor: a memory limit below the prediction refuses, bad arguments are usage",
          "[examples]") {
  const Outcome refused = large_factor("--grid 14 --factor --memory-limit-gib 0.001");
  CHECK(refused.exit_code == 1);
  CHECK(refused.err.find("Options::memory_limit") != std::string::npos);
  CHECK(large_factor("--grid 1").exit_code == 2);
  CHECK(large_factor("--grid").exit_code == 2);
  CHECK(large_factor("--bogus").exit_code == 2);
}

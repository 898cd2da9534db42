// The example FEM time stepper (apps/examples/heat): backward Euler converges to the exact
// decay at first order in the time step, refactoring on the analyzed pattern every step.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "support/process.hpp"

using lupine_test::Outcome;

namespace {

Outcome heat(const std::string& arguments) {
  return lupine_test::run_program(LUPINE_HEAT_EXE, arguments);
}

// The number after "key": in the program's JSON line.
double field(const std::string& json, const std::string& key) {
  const std::string marker = "\"" + key + "\": ";
  const auto at = json.find(marker);
  REQUIRE(at != std::string::npos);
  return std::stod(json.substr(at + marker.size()));
}

}  // namespace

TEST_CASE("heat: backward Euler converges at first order to the exact decay", "[examples]") {
  const Outcome coarse = heat("--cells 32 --dt 2e-3 --steps 50");
  const Outcome fine = heat("--cells 32 --dt 1e-3 --steps 100");
  REQUIRE(coarse.exit_code == 0);
  REQUIRE(fine.exit_code == 0);
  const double coarse_error = field(coarse.out, "relative_error");
  const double fine_error = field(fine.out, "relative_error");
  CHECK(fine_error < 0.05);
  CHECK(coarse_error / fine_error == Approx(2.0).epsilon(0.2));
  CHECK(field(fine.out, "refactors") == 99);
  CHECK(field(fine.out, "repivoted") == 0);
}

TEST_CASE("heat: a coefficient varying in space and time, on two threads", "[examples]") {
  const Outcome outcome = heat("--cells 40 --dt 1e-3 --steps 20 --vary-in-space --threads 2");
  REQUIRE(outcome.exit_code == 0);
  const double centre = field(outcome.out, "centre");
  CHECK(std::isfinite(centre));
  // k >= 0.5 everywhere: the decay is at least that of k = 0.5
  CHECK(centre > 0);
  CHECK(centre < std::exp(-2 * 9.8696044 * 0.5 * 0.02));
  CHECK(heat("--cells 1").exit_code == 2);
  CHECK(heat("--dt").exit_code == 2);
  CHECK(heat("--bogus").exit_code == 2);
}

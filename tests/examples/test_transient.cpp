// The example transient simulator (apps/examples/transient) against analytic waveforms: an
// RC step response, a series RLC's ringing, a diode's operating point; its generators; and
// its netlist errors.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/process.hpp"

using lupine_test::Outcome;
using lupine_test::TemporaryFolder;

namespace {

Outcome simulate(const std::string& arguments) {
  return lupine_test::run_program(LUPINE_TRANSIENT_EXE, arguments);
}

// The waveform CSV: rows of (time, v...), the header skipped.
std::vector<std::vector<double>> read_waveform(const std::string& file) {
  std::ifstream input(file);
  std::string line;
  std::getline(input, line);
  std::vector<std::vector<double>> rows;
  while (std::getline(input, line)) {
    std::vector<double> row;
    std::stringstream fields(line);
    std::string field;
    while (std::getline(fields, field, ',')) row.push_back(std::stod(field));
    rows.push_back(row);
  }
  return rows;
}

// Runs a netlist and returns its waveform.
std::vector<std::vector<double>> run_netlist(const TemporaryFolder& folder,
                                             const std::string& netlist) {
  const std::string file = folder.write("circuit.cir", netlist);
  const std::string out = folder.path() + "/wave.csv";
  const Outcome outcome = simulate("'" + file + "' --out '" + out + "'");
  INFO(outcome.err);
  REQUIRE(outcome.exit_code == 0);
  return read_waveform(out);
}

}  // namespace

TEST_CASE("transient: an RC step response follows 1 - exp(-t/RC)", "[examples]") {
  const TemporaryFolder folder;
  for (const std::string method : {"trap", "be"}) {
    INFO("method " << method);
    const auto wave = run_netlist(folder,
                                  "RC step\n"
                                  "V1 in 0 PULSE(0 1 0 1n 1n 1 2)\n"
                                  "R1 in out 1k\n"
                                  "C1 out 0 1u\n"
                                  ".tran 10u 5m " +
                                      method + "\n.print tran out\n.end\n");
    REQUIRE(wave.size() == 501);
    CHECK(wave[0][1] == 0.0);  // the operating point, before the step
    double worst = 0;
    for (std::size_t k = 1; k < wave.size(); ++k) {
      worst = std::max(worst, std::abs(wave[k][1] - (1 - std::exp(-wave[k][0] / 1e-3))));
    }
    // Backward Euler is first order (about h/2RC = 5e-3 at worst); the trapezoidal rule
    // second order after its first, backward Euler step.
    CHECK(worst < (method == "trap" ? 1e-4 : 5e-3));
  }
}

TEST_CASE("transient: a series RLC rings as the underdamped solution", "[examples]") {
  const TemporaryFolder folder;
  const auto wave = run_netlist(folder,
                                "series RLC\n"
                                "V1 in 0 PULSE(0 1 0 1n 1n 1 2)\n"
                                "R1 in a 10\nL1 a b 1m\nC1 b 0 1u\n"
                                ".tran 0.1u 1m\n.print tran b\n.end\n");
  REQUIRE(wave.size() == 10001);
  const double alpha = 10 / (2 * 1e-3);
  const double natural = 1 / std::sqrt(1e-3 * 1e-6);
  const double damped = std::sqrt(natural * natural - alpha * alpha);
  double worst = 0;
  double peak = 0;
  for (std::size_t k = 1; k < wave.size(); ++k) {
    const double t = wave[k][0];
    const double exact =
        1 - std::exp(-alpha * t) * (std::cos(damped * t) + alpha / damped * std::sin(damped * t));
    worst = std::max(worst, std::abs(wave[k][1] - exact));
    peak = std::max(peak, wave[k][1]);
  }
  CHECK(worst < 2e-5);
  CHECK(peak > 1.5);  // the first overshoot, 1 + exp(-alpha pi / damped) = 1.60
}

TEST_CASE("transient: a diode's operating point satisfies its equation", "[examples]") {
  const TemporaryFolder folder;
  const auto wave = run_netlist(folder,
                                "diode bias\n"
                                "V1 in 0 DC 5\nR1 in d 1k\nD1 d 0 IS=1e-14 N=1.5\n"
                                ".tran 1u 2u\n.print tran d\n.end\n");
  REQUIRE(wave.size() == 3);
  const double v = wave.back()[1];
  const double resistor = (5 - v) / 1000;
  const double diode = 1e-14 * (std::exp(v / (1.5 * 0.025852)) - 1);
  CHECK(std::abs(resistor - diode) <= 1e-9 * resistor);
}

TEST_CASE("transient: a node held only by a capacitor gets its DC point through Gmin",
          "[examples]") {
  const TemporaryFolder folder;
  const auto wave = run_netlist(folder,
                                "floating\n"
                                "V1 in 0 PULSE(0 1 0 1n 1n 1 2)\nR1 in a 1k\nC1 a b 1n\nC2 b 0 1n\n"
                                ".tran 10n 1u\n.print tran b\n.end\n");
  // a capacitive divider: b follows half of a, which charges through R1 into C1 + C2 in series
  const double tau = 1e3 * 0.5e-9;
  const double t = wave.back()[0];
  CHECK(std::abs(wave.back()[1] - 0.5 * (1 - std::exp(-t / tau))) < 1e-3);
}

TEST_CASE("transient: the generators' netlists simulate, refactoring every step", "[examples]") {
  const TemporaryFolder folder;
  for (const std::string generator : {"rc-grid 30 20", "rlc-ladder 200", "diode-chain 50"}) {
    INFO(generator);
    const Outcome generated = simulate("--generate " + generator);
    REQUIRE(generated.exit_code == 0);
    const std::string file = folder.write("generated.cir", generated.out);
    const Outcome outcome = simulate("'" + file + "' --out '" + folder.path() + "/w.csv'");
    INFO(outcome.err);
    REQUIRE(outcome.exit_code == 0);
    CHECK_THAT(outcome.err, Catch::Contains("\"factorizations\": 1,"));
    const auto wave = read_waveform(folder.path() + "/w.csv");
    CHECK(wave.size() > 50);
    for (const auto& row : wave) {
      for (const double value : row) CHECK(std::isfinite(value));
    }
  }
}

TEST_CASE("transient: netlist errors name the file and line", "[examples]") {
  const TemporaryFolder folder;
  const struct {
    const char* netlist;
    const char* message;
  } cases[] = {
      {"t\nR1 a 0 1k\nQ1 a b c\n.tran 1n 1u\n", "circuit.cir:3: unknown element 'Q1'"},
      {"t\nR1 a 0 abc\n.tran 1n 1u\n", "circuit.cir:2: value: 'abc' is not a number"},
      {"t\nR1 a 0 -5\n.tran 1n 1u\n", "circuit.cir:2: 'R1' needs a positive value"},
      {"t\nR1 a 0 1k\n", "no .tran line"},
      {"t\nR1 a 0 1k\n.tran 1n 1u\n.print tran zz\n", "circuit.cir:4: .print names node 'zz'"},
      {"t\nD1 a 0 IS=0\n.tran 1n 1u\n", "circuit.cir:2: diode is must be positive"},
      {"t\nR1 a a 1k\n.tran 1n 1u\n", "circuit.cir:2: 'R1' connects a node to itself"},
  };
  for (const auto& bad : cases) {
    INFO(bad.netlist);
    const std::string file = folder.write("circuit.cir", bad.netlist);
    const Outcome outcome = simulate("'" + file + "'");
    CHECK(outcome.exit_code == 2);
    CHECK_THAT(outcome.err, Catch::Contains(bad.message));
  }
  CHECK(simulate("").exit_code == 2);
  CHECK(simulate("--generate nothing").exit_code == 2);
  // a voltage loop is singular: the simulator reports Lupine's error and exits 1
  const std::string loop =
      folder.write("loop.cir", "t\nV1 a 0 DC 1\nV2 a 0 DC 2\nR1 a 0 1k\n.tran 1n 2n\n");
  const Outcome singular = simulate("'" + loop + "'");
  CHECK(singular.exit_code == 1);
  CHECK_THAT(singular.err, Catch::Contains("LUPINE_ERROR"));
}

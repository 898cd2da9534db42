// lupine-generate end to end: the files it writes read back as the library's matrices, and a
// bad command line is exit status 2.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "lupine/dense.hpp"
#include "lupine/generate.hpp"
#include "lupine/io.hpp"
#include "lupine/sparse.hpp"

namespace generate = lupine::generate;

#ifdef LUPINE_GENERATE_EXECUTABLE

namespace {

/// Runs lupine-generate with `arguments` (output discarded) and returns its exit status.
int run_generate(const std::string& arguments) {
  const std::string command =
      std::string("'") + LUPINE_GENERATE_EXECUTABLE + "' " + arguments + " > /dev/null 2>&1";
  const int status = std::system(command.c_str());
  REQUIRE(WIFEXITED(status));
  return WEXITSTATUS(status);
}

std::string scratch_path(const std::string& name) {
  return std::string(LUPINE_BINARY_DIR) + "/tests/generate_cli_" + name;
}

bool identical(const lupine::CscMatrix<double>& a, const lupine::CscMatrix<double>& b) {
  return a.same_pattern(b) && a.values() == b.values();
}

}  // namespace

TEST_CASE("lupine-generate writes the library's matrices", "[generate][cli]") {
  const std::string lap = scratch_path("laplacian.mtx.gz");
  REQUIRE(run_generate("laplacian2d --nx 7 --ny 5 -o '" + lap + "'") == 0);
  CHECK(identical(lupine::read_matrix_market<double>(lap), generate::laplacian_2d(7, 5)));

  const std::string lap3 = scratch_path("laplacian3d.mtx");
  REQUIRE(run_generate("laplacian3d --nx 4 --nz 2 --symmetric -o '" + lap3 + "'") == 0);
  lupine::MatrixMarketHeader header;
  const auto read3 = lupine::read_matrix_market<double>(lap3, &header);
  CHECK(header.symmetry == lupine::MatrixMarketSymmetry::symmetric);
  CHECK(identical(read3, generate::laplacian_3d(4, 4, 2)));

  const std::string convection = scratch_path("convdiff.mtx");
  REQUIRE(run_generate("convdiff2d --nx 6 --ny 4 --peclet 33.5 --seed 9 -o '" + convection + "'") ==
          0);
  CHECK(identical(lupine::read_matrix_market<double>(convection),
                  generate::convection_diffusion_2d(6, 4, 33.5, 9)));

  const std::string circuit = scratch_path("circuit.mtx");
  const std::string rhs = scratch_path("circuit_b.mtx");
  REQUIRE(run_generate("circuit --nodes 30 --voltage-sources 4 --inductors 3 --seed 12 -o '" +
                       circuit + "' --rhs '" + rhs + "'") == 0);
  generate::RandomCircuitOptions circuit_options;
  circuit_options.nodes = 30;
  circuit_options.voltage_sources = 4;
  circuit_options.inductors = 3;
  circuit_options.seed = 12;
  const auto expected = generate::random_circuit(circuit_options);
  const auto read_circuit = lupine::read_matrix_market<double>(circuit);
  CHECK(identical(read_circuit, expected));
  const auto b = lupine::read_matrix_market_dense<double>(rhs);
  REQUIRE(b.rows == expected.rows());
  REQUIRE(b.cols == 1);
  const std::vector<double> ones(static_cast<std::size_t>(expected.cols()), 1.0);
  CHECK(b.data == lupine::multiply(expected, ones));

  const std::string random = scratch_path("random.mtx.gz");
  REQUIRE(run_generate("random --n 50 --entries-per-column 3.5 --diagonal-dominance 1 "
                       "--permute-rows --seed 18446744073709551615 -o '" +
                       random + "'") == 0);
  generate::RandomSparseOptions random_options;
  random_options.n = 50;
  random_options.entries_per_column = 3.5;
  random_options.diagonal_dominance = 1;
  random_options.permute_rows = true;
  random_options.seed = 18446744073709551615ULL;
  CHECK(identical(lupine::read_matrix_market<double>(random),
                  generate::random_sparse(random_options)));

  for (const std::string& path : {lap, lap3, convection, circuit, rhs, random}) {
    std::remove(path.c_str());
  }
}

TEST_CASE("lupine-generate rejects bad command lines with status 2", "[generate][cli]") {
  const std::string out = "-o '" + scratch_path("unused.mtx") + "'";
  CHECK(run_generate("--help") == 0);
  CHECK(run_generate("") == 2);
  CHECK(run_generate("laplacian4d --nx 3 " + out) == 2);
  CHECK(run_generate("laplacian2d --nx 3") == 2);                  // no output
  CHECK(run_generate("laplacian2d " + out) == 2);                  // no size
  CHECK(run_generate("laplacian2d --nx 0 " + out) == 2);           // rejected by the generator
  CHECK(run_generate("laplacian2d --nx=-4 " + out) == 2);          // negative
  CHECK(run_generate("laplacian2d --nx three " + out) == 2);       // not a number
  CHECK(run_generate("laplacian2d --nx 3 --seed 4 " + out) == 2);  // not an option of this kind
  CHECK(run_generate("laplacian2d --nx 99999 --ny 99999 " + out) == 2);  // overflow
  CHECK(run_generate("convdiff2d --nx 3 --peclet nan " + out) == 2);
  CHECK(run_generate("convdiff2d --nx 3 --seed -1 " + out) == 2);
  CHECK(run_generate("convdiff2d --nx 3 --seed=-1 " + out) == 2);
  CHECK(run_generate("convdiff2d --nx 3 --seed 18446744073709551616 " + out) == 2);
  CHECK(run_generate("convdiff2d --nx 3 --symmetric " + out) == 2);
  CHECK(run_generate("circuit --nodes 3 --voltage-sources 4 " + out) == 2);
  CHECK(run_generate("random --n 10 --entries-per-column 20 " + out) == 2);
  CHECK(run_generate("random --n 10 --bogus " + out) == 2);
  // A file that cannot be created is a failure of the run, not of the command line.
  CHECK(run_generate("laplacian2d --nx 3 -o /nonexistent-folder/a.mtx") == 1);
}

#else

TEST_CASE("lupine-generate end to end", "[generate][cli]") {
  WARN("lupine-generate is not built (LUPINE_BUILD_APPS=OFF): command-line checks skipped");
}

#endif

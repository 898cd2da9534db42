// lupine-generate end to end: the files it writes read back as the library's matrices, and a
// bad command line is exit status 2.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdint>
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

namespace {

/// The right-hand side file at `path` holds exactly `expected`.
void check_rhs_file(const std::string& path, const std::vector<double>& expected) {
  const auto b = lupine::read_matrix_market_dense<double>(path);
  REQUIRE(b.rows == static_cast<std::int64_t>(expected.size()));
  REQUIRE(b.cols == 1);
  CHECK(b.data == expected);
}

}  // namespace

TEST_CASE("lupine-generate writes the finite-element and power-grid problems with their loads",
          "[generate][cli]") {
  const std::string q1 = scratch_path("q1.mtx.gz");
  const std::string q1_rhs = scratch_path("q1_b.mtx");
  REQUIRE(run_generate("laplacian3d --nx 4 --ny 3 --nz 5 --stencil 27 --coefficient-contrast 30 "
                       "--seed 6 -o '" +
                       q1 + "' --rhs '" + q1_rhs + "'") == 0);
  generate::LaplacianQ1Options q1_options;
  q1_options.nx = 4;
  q1_options.ny = 3;
  q1_options.nz = 5;
  q1_options.coefficient_contrast = 30;
  q1_options.seed = 6;
  const generate::Problem q1_problem = generate::laplacian_3d_q1(q1_options);
  CHECK(identical(lupine::read_matrix_market<double>(q1), q1_problem.matrix));
  check_rhs_file(q1_rhs, q1_problem.rhs);

  // One triangle, with the explicit zeros of the cube's axis couplings kept.
  const std::string q1_symmetric = scratch_path("q1_symmetric.mtx");
  REQUIRE(run_generate("laplacian3d --nx 3 --stencil 27 --symmetric -o '" + q1_symmetric + "'") ==
          0);
  q1_options = generate::LaplacianQ1Options();
  q1_options.nx = q1_options.ny = q1_options.nz = 3;
  CHECK(identical(lupine::read_matrix_market<double>(q1_symmetric),
                  generate::laplacian_3d_q1(q1_options).matrix));

  const std::string beam = scratch_path("beam.mtx");
  const std::string beam_rhs = scratch_path("beam_b.mtx.gz");
  REQUIRE(run_generate("elasticity3d --nx 3 --ny 2 --nz 1 --youngs-modulus 210 --poisson-ratio "
                       "0.25 --symmetric -o '" +
                       beam + "' --rhs '" + beam_rhs + "'") == 0);
  generate::ElasticityOptions elasticity_options;
  elasticity_options.nx = 3;
  elasticity_options.ny = 2;
  elasticity_options.nz = 1;
  elasticity_options.youngs_modulus = 210;
  elasticity_options.poisson_ratio = 0.25;
  const generate::Problem beam_problem = generate::elasticity_3d(elasticity_options);
  lupine::MatrixMarketHeader header;
  CHECK(identical(lupine::read_matrix_market<double>(beam, &header), beam_problem.matrix));
  CHECK(header.symmetry == lupine::MatrixMarketSymmetry::symmetric);
  check_rhs_file(beam_rhs, beam_problem.rhs);

  const std::string convection = scratch_path("convdiff3d.mtx");
  const std::string convection_rhs = scratch_path("convdiff3d_b.mtx");
  REQUIRE(run_generate("convdiff3d --nx 4 --ny 3 --nz 2 --peclet 12.5 --seed 7 -o '" + convection +
                       "' --rhs '" + convection_rhs + "'") == 0);
  const generate::Problem convection_problem = generate::convection_diffusion_3d(4, 3, 2, 12.5, 7);
  CHECK(identical(lupine::read_matrix_market<double>(convection), convection_problem.matrix));
  check_rhs_file(convection_rhs, convection_problem.rhs);

  generate::PowerGridOptions grid_options;
  grid_options.layers = 3;
  grid_options.nx = 6;
  grid_options.ny = 5;
  grid_options.via_pitch = 2;
  grid_options.cross_pitch = 3;
  grid_options.pads = 4;
  grid_options.seed = 8;
  for (const bool explicit_zeros : {false, true}) {
    for (const bool symmetric : {false, true}) {
      const std::string grid = scratch_path("powergrid.mtx.gz");
      const std::string grid_rhs = scratch_path("powergrid_b.mtx");
      INFO("explicit zeros " << explicit_zeros << " symmetric " << symmetric);
      REQUIRE(run_generate("powergrid --layers 3 --nx 6 --ny 5 --via-pitch 2 --cross-pitch 3 "
                           "--pads 4 --seed 8 " +
                           std::string(explicit_zeros ? "--explicit-zeros " : "") +
                           (symmetric ? "--symmetric " : "") + "-o '" + grid + "' --rhs '" +
                           grid_rhs + "'") == 0);
      grid_options.explicit_zeros = explicit_zeros;
      const generate::Problem grid_problem = generate::power_grid(grid_options);
      CHECK(identical(lupine::read_matrix_market<double>(grid), grid_problem.matrix));
      check_rhs_file(grid_rhs, grid_problem.rhs);
      std::remove(grid.c_str());
      std::remove(grid_rhs.c_str());
    }
  }

  // The 7-point laplacian3d keeps its b = A * ones.
  const std::string seven = scratch_path("laplacian3d_7.mtx");
  const std::string seven_rhs = scratch_path("laplacian3d_7_b.mtx");
  REQUIRE(run_generate("laplacian3d --nx 3 --ny 2 --nz 2 --stencil 7 -o '" + seven + "' --rhs '" +
                       seven_rhs + "'") == 0);
  const lupine::CscMatrix<double> seven_point = generate::laplacian_3d(3, 2, 2);
  CHECK(identical(lupine::read_matrix_market<double>(seven), seven_point));
  check_rhs_file(seven_rhs, lupine::multiply(seven_point, std::vector<double>(12, 1.0)));

  for (const std::string& path :
       {q1, q1_rhs, q1_symmetric, beam, beam_rhs, convection, convection_rhs, seven, seven_rhs}) {
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
  // laplacian3d: the stencil, and the options that only the 27-point one takes.
  CHECK(run_generate("laplacian3d --nx 3 --stencil 9 " + out) == 2);
  CHECK(run_generate("laplacian3d --nx 3 --stencil twenty " + out) == 2);
  CHECK(run_generate("laplacian3d --nx 3 --coefficient-contrast 10 " + out) == 2);
  CHECK(run_generate("laplacian3d --nx 3 --seed 4 " + out) == 2);
  CHECK(run_generate("laplacian3d --nx 3 --stencil 27 --coefficient-contrast 0.5 " + out) == 2);
  CHECK(run_generate("laplacian3d --nx 3 --stencil 27 --coefficient-contrast nan " + out) == 2);
  CHECK(run_generate("laplacian3d --nx 3 --stencil 27 --seed -2 " + out) == 2);
  CHECK(run_generate("laplacian3d --nx 3 --stencil 27 --explicit-zeros " + out) == 2);
  CHECK(run_generate("laplacian3d --nx 1100 --stencil 27 " + out) == 2);  // overflow
  // elasticity3d
  CHECK(run_generate("elasticity3d " + out) == 2);  // no size
  CHECK(run_generate("elasticity3d --nx 3 --poisson-ratio 0.5 " + out) == 2);
  CHECK(run_generate("elasticity3d --nx 3 --poisson-ratio=-1 " + out) == 2);
  CHECK(run_generate("elasticity3d --nx 3 --poisson-ratio x " + out) == 2);
  CHECK(run_generate("elasticity3d --nx 3 --youngs-modulus 0 " + out) == 2);
  CHECK(run_generate("elasticity3d --nx 3 --youngs-modulus=-5 " + out) == 2);
  CHECK(run_generate("elasticity3d --nx 3 --seed 2 " + out) == 2);
  CHECK(run_generate("elasticity3d --nx 3 --stencil 27 " + out) == 2);
  CHECK(run_generate("elasticity3d --nx 0 " + out) == 2);
  CHECK(run_generate("elasticity3d --nx 400 " + out) == 2);  // overflow
  // convdiff3d
  CHECK(run_generate("convdiff3d --nx 3 --peclet=-1 " + out) == 2);
  CHECK(run_generate("convdiff3d --nx 3 --peclet inf " + out) == 2);
  CHECK(run_generate("convdiff3d --nx 3 --nz 0 " + out) == 2);
  CHECK(run_generate("convdiff3d --nx 3 --symmetric " + out) == 2);
  CHECK(run_generate("convdiff3d --nx 3 --seed 1.5 " + out) == 2);
  // powergrid
  CHECK(run_generate("powergrid " + out) == 2);  // no size
  CHECK(run_generate("powergrid --nx 4 --pads 17 " + out) == 2);
  CHECK(run_generate("powergrid --nx 4 --pads=-1 " + out) == 2);
  CHECK(run_generate("powergrid --nx 4 --layers 0 " + out) == 2);
  CHECK(run_generate("powergrid --nx 4 --layers 17 " + out) == 2);
  CHECK(run_generate("powergrid --nx 4 --via-pitch 0 " + out) == 2);
  CHECK(run_generate("powergrid --nx 4 --cross-pitch=-3 " + out) == 2);
  CHECK(run_generate("powergrid --nx 4 --nz 3 " + out) == 2);
  CHECK(run_generate("powergrid --nx 4 --peclet 3 " + out) == 2);
  CHECK(run_generate("powergrid --nx 4 --explicit-zeros=yes " + out) == 2);
  CHECK(run_generate("powergrid --nx 50000 " + out) == 2);  // overflow
  // A file that cannot be created is a failure of the run, not of the command line.
  CHECK(run_generate("laplacian2d --nx 3 -o /nonexistent-folder/a.mtx") == 1);
}

#else

TEST_CASE("lupine-generate end to end", "[generate][cli]") {
  WARN("lupine-generate is not built (LUPINE_BUILD_APPS=OFF): command-line checks skipped");
}

#endif

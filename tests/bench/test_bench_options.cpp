#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "bench_process.hpp"
#include "options.hpp"

using bench_test::Outcome;
using bench_test::run_bench;

namespace {

struct BadCommand {
  std::string arguments;
  std::string mentions;  // what the message must name
};

}  // namespace

TEST_CASE("bad command lines get a message on stderr and exit status 2", "[bench]") {
  const bench_test::TemporaryFolder folder;
  const std::string matrix = folder.write("tiny.mtx",
                                          "%%MatrixMarket matrix coordinate real general\n"
                                          "2 2 2\n1 1 1.0\n2 2 2.0\n");
  const std::string rhs =
      folder.write("lonely_b.mtx", "%%MatrixMarket matrix array real general\n2 1\n1.0\n2.0\n");
  const std::vector<BadCommand> commands{
      {"--bogus " + matrix, "bogus"},
      {"--threads 0 " + matrix, "--threads"},
      {"--threads many " + matrix, "threads"},
      {"--repeat 0 " + matrix, "--repeat"},
      {"--refactor -1 " + matrix, "--refactor"},
      {"--rhs 0 " + matrix, "--rhs"},
      {"--timeout -5 " + matrix, "--timeout"},
      {"--max-nnz -1 " + matrix, "--max-nnz"},
      {"--lupine-refine -2 " + matrix, "--lupine-refine"},
      {"--lupine-threshold 2 " + matrix, "--lupine-threshold must be in [0, 1]"},
      {"--lupine-threshold nan " + matrix, "--lupine-threshold must be in [0, 1]"},
      {"--lupine-threshold loose " + matrix, "lupine-threshold"},
      {"--lupine-matching mc64 " + matrix, "--lupine-matching must be structural or max_product"},
      {"--solvers klu,superlu " + matrix, "superlu"},
      {"--solvers klu,klu " + matrix, "twice"},
      {"--solvers , " + matrix, "--solvers"},
      {"--format xml " + matrix, "--format"},
      {"--csv", "csv"},
      {"", "INPUT"},
      {"'" + folder.path() + "/missing.mtx'", "does not exist"},
      {"'" + rhs + "'", "right-hand side"},
      {"'" + folder.write("notes.txt", "x") + "'", "not a matrix file"},
      {"--summarize results.csv " + matrix, "--summarize"},
      {"--lupine-path fast " + matrix,
       "--lupine-path must be auto, column, dense or supernodal, got 'fast'"},
      {"--lupine-path automatic " + matrix, "--lupine-path"},
      {"--lupine-ordering metis " + matrix,
       "--lupine-ordering must be auto, amd, colamd, nd or natural, got 'metis'"},
      {"--lupine-ordering given " + matrix, "--lupine-ordering"},
      {"--lupine-path", "lupine-path"},
      {"--gemm --no-gemm " + matrix, "--no-gemm"},
      {"--gemm --dgemm-gflops 50 " + matrix, "--dgemm-gflops"},
      {"--dgemm-gflops 0 " + matrix, "--dgemm-gflops"},
      {"--dgemm-gflops -3 " + matrix, "--dgemm-gflops"},
      {"--dgemm-gflops fast " + matrix, "dgemm-gflops"},
      {"--complex-shift nan " + matrix, "--complex-shift must be a finite number"},
      {"--complex-shift " + matrix, "complex-shift"},
  };
  for (const BadCommand& command : commands) {
    INFO("lupine-bench " << command.arguments);
    const Outcome outcome = run_bench(command.arguments);
    CHECK(outcome.exit_code == 2);
    CHECK(outcome.out.empty());
    CHECK(outcome.err.find("lupine-bench: ") == 0);
    CHECK(outcome.err.find(command.mentions) != std::string::npos);
    CHECK(outcome.err.find("--help") != std::string::npos);
  }
}

TEST_CASE("a folder without matrices is a command-line error", "[bench]") {
  const bench_test::TemporaryFolder folder;
  folder.write("sub/readme.txt", "no matrices here\n");
  const Outcome outcome = run_bench("'" + folder.path() + "'");
  CHECK(outcome.exit_code == 2);
  CHECK(outcome.err.find("no matrix files") != std::string::npos);
}

TEST_CASE("--help documents every option", "[bench]") {
  const Outcome outcome = run_bench("--help");
  CHECK(outcome.exit_code == 0);
  CHECK(outcome.err.empty());
  for (const char* option : {"--solvers",
                             "--threads",
                             "--repeat",
                             "--refactor",
                             "--rhs",
                             "--timeout",
                             "--max-nnz",
                             "--csv",
                             "--json",
                             "--format",
                             "--quiet",
                             "--lupine-refine",
                             "--lupine-threshold",
                             "--lupine-matching",
                             "--summarize",
                             "_seq",
                             "_b.mtx",
                             "MANIFEST.tsv",
                             "backward_error",
                             "lu_nnz",
                             "peak_rss_bytes",
                             "--lupine-path",
                             "--lupine-ordering",
                             "supernodal",
                             "--gemm",
                             "--no-gemm",
                             "--dgemm-gflops",
                             "dense kernels",
                             "dgemm_gflops",
                             "delayed_pivots",
                             "supernodal_blocks",
                             "lupine[path=column]",
                             "GFLOP/s",
                             "% of DGEMM",
                             "--complex-shift",
                             "--complex-only",
                             "klu_z_factor",
                             "umfpack_zi_",
                             "zmumps_c",
                             "complex_shift",
                             "all/complex"}) {
    INFO(option);
    CHECK(outcome.out.find(option) != std::string::npos);
  }
}

namespace {

lupine_bench::Options parsed(std::vector<const char*> words) {
  words.insert(words.begin(), "lupine-bench");
  return lupine_bench::parse_command_line(static_cast<int>(words.size()), words.data()).options;
}

}  // namespace

TEST_CASE("the options --lupine-path and --lupine-ordering take Lupine's own words", "[bench]") {
  const lupine_bench::Options defaults = parsed({"a.mtx"});
  CHECK(defaults.lupine_path == lupine::FactorPath::automatic);
  CHECK(defaults.lupine_ordering == lupine::Ordering::automatic);
  for (const lupine::FactorPath path :
       {lupine::FactorPath::automatic, lupine::FactorPath::column, lupine::FactorPath::dense,
        lupine::FactorPath::supernodal}) {
    INFO(lupine::to_string(path));
    CHECK(parsed({"--lupine-path", lupine::to_string(path), "a.mtx"}).lupine_path == path);
  }
  for (const lupine::Ordering ordering :
       {lupine::Ordering::automatic, lupine::Ordering::amd, lupine::Ordering::colamd,
        lupine::Ordering::nested_dissection, lupine::Ordering::natural}) {
    INFO(lupine::to_string(ordering));
    CHECK(parsed({"--lupine-ordering", lupine::to_string(ordering), "a.mtx"}).lupine_ordering ==
          ordering);
  }
  CHECK(parsed({"--lupine-ordering=nd", "a.mtx"}).lupine_ordering ==
        lupine::Ordering::nested_dissection);
  CHECK(std::isnan(defaults.lupine_threshold));
  CHECK(parsed({"--lupine-threshold", "0.001", "a.mtx"}).lupine_threshold == 0.001);
  CHECK_FALSE(defaults.lupine_rescale_on_refactor);
  CHECK(parsed({"--lupine-rescale-on-refactor", "a.mtx"}).lupine_rescale_on_refactor);
  CHECK(defaults.lupine_matching == lupine::Matching::structural);
  CHECK(parsed({"--lupine-matching", "max_product", "a.mtx"}).lupine_matching ==
        lupine::Matching::max_product);
  CHECK_THROWS_AS(parsed({"--lupine-path", "Column", "a.mtx"}), lupine_bench::UsageError);
}

TEST_CASE("DGEMM is timed by default only when Lupine runs", "[bench]") {
  CHECK(parsed({"a.mtx"}).measure_gemm);
  CHECK(parsed({"--solvers", "klu,lupine", "a.mtx"}).measure_gemm);
  CHECK_FALSE(parsed({"--solvers", "klu,umfpack", "a.mtx"}).measure_gemm);
  CHECK(parsed({"--solvers", "klu", "--gemm", "a.mtx"}).measure_gemm);
  CHECK_FALSE(parsed({"--no-gemm", "a.mtx"}).measure_gemm);
  // A given figure replaces the measurement; --summarize runs nothing, so times nothing.
  const lupine_bench::Options given = parsed({"--dgemm-gflops", "42.5", "a.mtx"});
  CHECK_FALSE(given.measure_gemm);
  CHECK(given.dgemm_gflops == 42.5);
  CHECK_FALSE(parsed({"--summarize", "r.csv"}).measure_gemm);
  CHECK(std::isnan(parsed({"--summarize", "r.csv"}).dgemm_gflops));
}

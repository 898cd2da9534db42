#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "bench_process.hpp"

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
  for (const char* option :
       {"--solvers", "--threads", "--repeat", "--refactor", "--rhs", "--timeout", "--max-nnz",
        "--csv", "--json", "--format", "--quiet", "--lupine-refine", "--summarize", "_seq",
        "_b.mtx", "MANIFEST.tsv", "backward_error", "lu_nnz", "peak_rss_bytes"}) {
    INFO(option);
    CHECK(outcome.out.find(option) != std::string::npos);
  }
}

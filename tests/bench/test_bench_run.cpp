#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "bench_process.hpp"
#include "output.hpp"
#include "row.hpp"
#include "support/test_matrices.hpp"

using bench_test::Outcome;
using bench_test::run_bench;
using lupine_bench::Row;

namespace {

const std::vector<std::string> solvers{"lupine", "klu", "umfpack", "mumps"};

std::string quoted(const std::string& path) {
  return "'" + path + "'";
}

/// A nonsymmetric, diagonally dominant tridiagonal matrix of order n in Matrix Market form.
std::string tridiagonal(int n) {
  std::string text = "%%MatrixMarket matrix coordinate real general\n";
  text += std::to_string(n) + " " + std::to_string(n) + " " + std::to_string(3 * n - 2) + "\n";
  for (int j = 1; j <= n; ++j) {
    if (j > 1) text += std::to_string(j - 1) + " " + std::to_string(j) + " -1.5\n";
    text += std::to_string(j) + " " + std::to_string(j) + " 4\n";
    if (j < n) text += std::to_string(j + 1) + " " + std::to_string(j) + " -0.5\n";
  }
  return text;
}

/// Two small bundled matrices when the repository's matrices/ folder has them, otherwise
/// two written into `folder`.
std::vector<std::string> two_matrices(const bench_test::TemporaryFolder& folder) {
  const std::string bundled = lupine_test::bundled_matrices_dir();
  std::vector<std::string> paths{bundled + "/other/west0067.mtx.gz",
                                 bundled + "/circuit/rajat11.mtx.gz"};
  if (std::filesystem::exists(paths[0]) && std::filesystem::exists(paths[1])) return paths;
  WARN("bundled matrices missing; running on generated tridiagonal matrices");
  return {folder.write("gen/tri40.mtx", tridiagonal(40)),
          folder.write("gen/tri75.mtx", tridiagonal(75))};
}

const Row* find_row(const std::vector<Row>& rows, const std::string& matrix,
                    const std::string& solver, const std::string& field = "") {
  for (const Row& row : rows) {
    if (row.matrix == matrix && row.solver == solver && (field.empty() || row.field == field)) {
      return &row;
    }
  }
  return nullptr;
}

bool positive_and_finite(double value) {
  return std::isfinite(value) && value > 0;
}

}  // namespace

TEST_CASE("a run over two matrices writes every column with finite positive times",
          "[bench][run]") {
  const bench_test::TemporaryFolder folder;
  const std::vector<std::string> matrices = two_matrices(folder);
  const std::string csv = folder.path() + "/out.csv";
  const std::string json = folder.path() + "/out.json";
  const Outcome outcome =
      run_bench("--quiet --repeat 1 --refactor 2 --rhs 2 --threads 2 --csv " + quoted(csv) +
                " --json " + quoted(json) + " " + quoted(matrices[0]) + " " + quoted(matrices[1]));
  INFO(outcome.err);
  REQUIRE(outcome.exit_code == 0);
  CHECK(outcome.err.empty());

  const std::string text = bench_test::read_text(csv);
  CHECK(text.substr(0, text.find('\n')) ==
        "matrix,group,n,nnz,solver,threads,status,analyze_s,factor_s,refactor_s,solve_s,lu_nnz,"
        "factor_flops,backward_error,peak_rss_bytes,path,ordering,delayed_pivots,"
        "supernodal_blocks,field,complex_shift,ranks,threads_per_rank");
  const std::vector<Row> rows = lupine_bench::read_csv(csv);
  REQUIRE(rows.size() == 2 * solvers.size());
  for (const std::string& path : matrices) {
    const std::string name = std::filesystem::path(path).filename().string();
    const std::string matrix = name.substr(0, name.find('.'));
    for (const std::string& solver : solvers) {
      INFO(matrix << " " << solver);
      const Row* row = find_row(rows, matrix, solver);
      REQUIRE(row != nullptr);
      CHECK(row->status == "ok");
      CHECK(row->n > 0);
      CHECK(row->nnz >= row->n);
      CHECK(row->threads == (solver == "lupine" ? 2 : 1));
      CHECK(row->ranks == 1);
      CHECK(row->threads_per_rank == row->threads);
      CHECK(positive_and_finite(row->analyze_s));
      CHECK(positive_and_finite(row->factor_s));
      CHECK(positive_and_finite(row->refactor_s));
      CHECK(positive_and_finite(row->solve_s));
      CHECK(row->lu_nnz >= row->n);
      CHECK(row->factor_flops >= 0);
      CHECK(row->backward_error >= 0);
      CHECK(row->backward_error < 1e-6);
      CHECK(row->peak_rss_bytes > 0);
      CHECK(row->field == "real");
      CHECK(std::isnan(row->complex_shift));
      if (solver == "lupine") {
        CHECK(row->path == "auto");
        CHECK(row->ordering == "auto");
        CHECK(row->delayed_pivots >= 0);
        CHECK(row->supernodal_blocks >= 0);
      } else {
        CHECK(row->path.empty());
        CHECK(row->ordering.empty());
        CHECK(row->delayed_pivots == -1);
        CHECK(row->supernodal_blocks == -1);
      }
    }
  }
  // The dense kernels, the table and the summary go to stdout; the JSON holds rows and summary.
  CHECK(outcome.out.find("dense kernels: ") == 0);
  CHECK(outcome.out.find("Summary, Lupine at 2 threads") != std::string::npos);
  CHECK(outcome.out.find(": Lupine factor ") != std::string::npos);
  CHECK(outcome.out.find("all: peers' factor GFLOP/s median / max: klu ") != std::string::npos);
  CHECK(outcome.out.find("Failures (0)") != std::string::npos);
  const std::string json_text = bench_test::read_text(json);
  CHECK(json_text.find("\"rows\": [") != std::string::npos);
  CHECK(json_text.find("\"summary\": {") != std::string::npos);
  CHECK(json_text.find("\"geometric_mean\": ") != std::string::npos);
}

TEST_CASE("matrices that fail are reported and the run goes on", "[bench][run]") {
  const bench_test::TemporaryFolder folder;
  folder.write("cases/good.mtx", tridiagonal(30));
  // Column 3 is empty: structural rank 2, so every solver must fail.
  folder.write("cases/singular.mtx",
               "%%MatrixMarket matrix coordinate real general\n3 3 5\n"
               "1 1 1.0\n2 1 2.0\n2 2 3.0\n3 1 4.0\n3 2 5.0\n");
  folder.write("cases/waves.mtx",
               "%%MatrixMarket matrix coordinate complex general\n2 2 2\n"
               "1 1 1.0 0.5\n2 2 2.0 -1.0\n");
  folder.write("cases/broken.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 1\n");
  const std::string csv = folder.path() + "/out.csv";
  const Outcome outcome = run_bench("--repeat 1 --refactor 1 --csv " + quoted(csv) + " " +
                                    quoted(folder.path() + "/cases"));
  INFO(outcome.err);
  REQUIRE(outcome.exit_code == 0);
  // stderr is not a terminal here: one plain progress line per matrix.
  CHECK(outcome.err.find("[4/4]") != std::string::npos);

  const std::vector<Row> rows = lupine_bench::read_csv(csv);
  REQUIRE(rows.size() == 4 * solvers.size());
  for (const std::string& solver : solvers) {
    INFO(solver);
    const Row* good = find_row(rows, "good", solver);
    const Row* singular = find_row(rows, "singular", solver);
    const Row* waves = find_row(rows, "waves", solver);
    const Row* broken = find_row(rows, "broken", solver);
    REQUIRE(good != nullptr);
    REQUIRE(singular != nullptr);
    REQUIRE(waves != nullptr);
    REQUIRE(broken != nullptr);
    CHECK(good->status == "ok");
    CHECK(singular->status == "structurally_singular");
    CHECK(std::isnan(singular->factor_s));
    // A complex file runs in complex arithmetic.
    CHECK(waves->status == "ok");
    CHECK(waves->field == "complex");
    CHECK(good->field == "real");
    CHECK(broken->status == "parse_error");
    CHECK(singular->group == "cases");
  }
  CHECK(outcome.out.find("Failures (8):") != std::string::npos);
  CHECK(outcome.out.find("singular (cases), klu: structurally_singular") != std::string::npos);
}

TEST_CASE("a solver that runs past --timeout is killed and recorded", "[bench][run]") {
  const bench_test::TemporaryFolder folder;
  const std::string matrix = folder.write("slow.mtx", tridiagonal(20));
  const std::string csv = folder.path() + "/out.csv";
  const Outcome outcome = run_bench("--quiet --solvers klu,umfpack --timeout 0.000001 --csv " +
                                    quoted(csv) + " " + quoted(matrix));
  REQUIRE(outcome.exit_code == 0);
  const std::vector<Row> rows = lupine_bench::read_csv(csv);
  REQUIRE(rows.size() == 2);
  for (const Row& row : rows) {
    CHECK(row.status == "timeout");
    CHECK(std::isnan(row.factor_s));
  }
}

TEST_CASE("the options --lupine-path and --lupine-ordering reach Lupine and its rows",
          "[bench][run]") {
  const bench_test::TemporaryFolder folder;
  const std::string bundled = lupine_test::bundled_matrices_dir() + "/fem/nos7.mtx.gz";
  const bool have_bundled = std::filesystem::exists(bundled);
  if (!have_bundled) WARN("bundled nos7 missing; running on a generated tridiagonal matrix");
  const std::string matrix =
      have_bundled ? bundled : folder.write("gen/tri300.mtx", tridiagonal(300));
  const std::string name = std::filesystem::path(matrix).filename().string();
  const std::string stem = name.substr(0, name.find('.'));
  const std::string csv = folder.path() + "/out.csv";
  const std::string json = folder.path() + "/out.json";
  const Outcome outcome = run_bench(
      "--quiet --repeat 1 --min-time 0 --refactor 1 --threads 1 --solvers lupine,klu "
      "--lupine-path supernodal --lupine-ordering nd --csv " +
      quoted(csv) + " --json " + quoted(json) + " " + quoted(matrix));
  INFO(outcome.err);
  REQUIRE(outcome.exit_code == 0);

  const std::vector<Row> rows = lupine_bench::read_csv(csv);
  REQUIRE(rows.size() == 2);
  const Row* lupine = find_row(rows, stem, "lupine");
  const Row* klu = find_row(rows, stem, "klu");
  REQUIRE(lupine != nullptr);
  REQUIRE(klu != nullptr);
  CHECK(lupine->status == "ok");
  CHECK(lupine->path == "supernodal");
  CHECK(lupine->ordering == "nd");
  CHECK(lupine->supernodal_blocks >= 1);
  CHECK(lupine->delayed_pivots >= 0);
  CHECK(klu->status == "ok");
  CHECK(klu->path.empty());
  CHECK(klu->supernodal_blocks == -1);
  CHECK(klu->delayed_pivots == -1);
  // The peers leave the four Lupine columns empty; field and complex_shift follow them, then
  // ranks and threads per rank (1 and 1 in process).
  const std::string text = bench_test::read_text(csv);
  int checked = 0;
  for (std::size_t begin = 0, end; begin < text.size(); begin = end + 1) {
    end = std::min(text.find('\n', begin), text.size());
    const std::string line = text.substr(begin, end - begin);
    if (line.find(",lupine,") != std::string::npos) {
      CHECK(line.find(",supernodal,nd,") != std::string::npos);
      ++checked;
    } else if (line.find(",klu,") != std::string::npos) {
      CHECK(line.substr(line.size() - 14) == ",,,,,real,,1,1");
      ++checked;
    }
  }
  CHECK(checked == 2);

  // The table names the variant, the summary compares it apart and reports its speed.
  CHECK(outcome.out.find("dense kernels: ") == 0);
  CHECK(outcome.out.find("single-thread DGEMM ") != std::string::npos);
  CHECK(outcome.out.find("lupine[path=supernodal,ordering=nd]") != std::string::npos);
  CHECK(outcome.out.find("Summary, lupine[path=supernodal,ordering=nd] at 1 thread:") !=
        std::string::npos);
  CHECK(outcome.out.find("lupine[path=supernodal,ordering=nd] factor ") != std::string::npos);
  CHECK(outcome.out.find("% of DGEMM ") != std::string::npos);
  const std::string json_text = bench_test::read_text(json);
  CHECK(json_text.find("\"lupine_path\": \"supernodal\"") != std::string::npos);
  CHECK(json_text.find("\"lupine_ordering\": \"nd\"") != std::string::npos);
  CHECK(json_text.find("\"blas\": \"") != std::string::npos);
  CHECK(json_text.find("\"dgemm_gflops\": null") == std::string::npos);
  CHECK(json_text.find("\"supernodal_blocks\": ") != std::string::npos);
  CHECK(json_text.find("\"max_percent_of_dgemm\": ") != std::string::npos);
}

TEST_CASE("DGEMM is not timed with --no-gemm or without Lupine", "[bench][run]") {
  const bench_test::TemporaryFolder folder;
  const std::string matrix = folder.write("tri.mtx", tridiagonal(20));
  for (const std::string& arguments : {std::string("--no-gemm"), std::string("--solvers klu")}) {
    INFO(arguments);
    const std::string json = folder.path() + "/out.json";
    const Outcome outcome = run_bench("--quiet --repeat 1 --min-time 0 " + arguments + " --json " +
                                      quoted(json) + " " + quoted(matrix));
    REQUIRE(outcome.exit_code == 0);
    CHECK(outcome.out.find("dense kernels: ") == 0);
    CHECK(outcome.out.find("single-thread DGEMM not measured") != std::string::npos);
    const std::string json_text = bench_test::read_text(json);
    CHECK(json_text.find("\"blas\": \"") != std::string::npos);
    CHECK(json_text.find("\"dgemm_gflops\": null") != std::string::npos);
  }
  // A given figure is used as it is.
  const Outcome given =
      run_bench("--quiet --repeat 1 --min-time 0 --dgemm-gflops 50 " + quoted(matrix));
  REQUIRE(given.exit_code == 0);
  CHECK(given.out.find("single-thread DGEMM 50.0 GFLOP/s") != std::string::npos);
  CHECK(given.out.find("% of DGEMM 50.0)") != std::string::npos);
}

TEST_CASE("complex files and complex-shifted real matrices run with every solver",
          "[bench][run][complex]") {
  const bench_test::TemporaryFolder folder;
  const std::string bundled = lupine_test::bundled_matrices_dir() + "/other/young1c.mtx.gz";
  const bool have_bundled = std::filesystem::exists(bundled);
  if (!have_bundled) WARN("bundled young1c missing; running on a written complex matrix");
  // A complex tridiagonal matrix with a dominant diagonal when young1c is missing.
  std::string written = "%%MatrixMarket matrix coordinate complex general\n30 30 88\n";
  for (int j = 1; j <= 30; ++j) {
    if (j > 1) written += std::to_string(j - 1) + " " + std::to_string(j) + " -1 0.5\n";
    written += std::to_string(j) + " " + std::to_string(j) + " 4 1\n";
    if (j < 30) written += std::to_string(j + 1) + " " + std::to_string(j) + " 0.5 -1\n";
  }
  const std::string complex_file =
      have_bundled ? bundled : folder.write("gen/waves30.mtx", written);
  const std::string complex_name = have_bundled ? "young1c" : "waves30";
  const std::string real_file = folder.write("gen/tri60.mtx", tridiagonal(60));
  const std::string csv = folder.path() + "/out.csv";
  const std::string json = folder.path() + "/out.json";
  const Outcome outcome = run_bench(
      "--quiet --repeat 1 --min-time 0 --refactor 2 --rhs 2 --threads 1 "
      "--complex-shift 1 --csv " +
      quoted(csv) + " --json " + quoted(json) + " " + quoted(complex_file) + " " +
      quoted(real_file));
  INFO(outcome.err);
  REQUIRE(outcome.exit_code == 0);

  const std::vector<Row> rows = lupine_bench::read_csv(csv);
  // The complex file runs once; the real one as it is and shifted.
  REQUIRE(rows.size() == 3 * solvers.size());
  for (const std::string& solver : solvers) {
    INFO(solver);
    const Row* complex = find_row(rows, complex_name, solver, "complex");
    const Row* real = find_row(rows, "tri60", solver, "real");
    const Row* shifted = find_row(rows, "tri60", solver, "complex");
    REQUIRE(complex != nullptr);
    REQUIRE(real != nullptr);
    REQUIRE(shifted != nullptr);
    for (const Row* row : {complex, real, shifted}) {
      INFO(row->matrix << " " << row->field);
      CHECK(row->status == "ok");
      CHECK(positive_and_finite(row->factor_s));
      CHECK(positive_and_finite(row->refactor_s));
      CHECK(positive_and_finite(row->solve_s));
      CHECK(row->lu_nnz >= row->n);
      // The bench's own check: every solve, and the one after the last refactorization.
      CHECK(row->backward_error < 1e-12);
    }
    CHECK(std::isnan(complex->complex_shift));
    CHECK(std::isnan(real->complex_shift));
    CHECK(shifted->complex_shift == 1);
    CHECK(shifted->nnz == real->nnz);
  }
  // The table names the field, the summary compares complex rows apart.
  CHECK(outcome.out.find("complex(w=1)") != std::string::npos);
  CHECK(outcome.out.find("gen/complex ") != std::string::npos);
  CHECK(outcome.out.find("all/complex ") != std::string::npos);
  CHECK(outcome.out.find("Failures (0)") != std::string::npos);
  const std::string json_text = bench_test::read_text(json);
  CHECK(json_text.find("\"complex_shift\": 1,") != std::string::npos);
  CHECK(json_text.find("\"field\": \"complex\"") != std::string::npos);
  CHECK(json_text.find("\"group\": \"all/complex\"") != std::string::npos);

  // --complex-only drops the real runs.
  const Outcome only = run_bench(
      "--quiet --repeat 1 --min-time 0 --refactor 1 --solvers lupine,klu "
      "--complex-shift 0.5 --complex-only --csv " +
      quoted(csv) + " " + quoted(real_file));
  REQUIRE(only.exit_code == 0);
  const std::vector<Row> complex_rows = lupine_bench::read_csv(csv);
  REQUIRE(complex_rows.size() == 2);
  for (const Row& row : complex_rows) {
    CHECK(row.field == "complex");
    CHECK(row.complex_shift == 0.5);
    CHECK(row.status == "ok");
  }
}

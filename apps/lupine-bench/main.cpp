// lupine-bench: Lupine side by side with KLU, UMFPACK and MUMPS on the same matrices.
#include <cmath>
#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <string>

#include "discovery.hpp"
#include "lupine/error.hpp"
#include "lupine/solver.hpp"
#include "options.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "runner.hpp"
#include "summary.hpp"

#ifdef LUPINE_WITH_MPI
#include <mpi.h>
#endif

namespace {

using namespace lupine_bench;

constexpr int exit_failure = 1;
constexpr int exit_usage = 2;

/// The BLAS Lupine calls and the DGEMM figure of this run: timed once before the first
/// matrix, so that every row shares one measurement (--gemm), or given with --dgemm-gflops;
/// dgemm_gflops is 0 when neither.
lupine::DenseKernels run_dense_kernels(const Options& options) {
  lupine::DenseKernels kernels = lupine::dense_kernels(false);
  if (options.measure_gemm) kernels.dgemm_gflops = measure_dgemm_gflops();
  if (std::isfinite(options.dgemm_gflops)) kernels.dgemm_gflops = options.dgemm_gflops;
  return kernels;
}

std::string describe(const lupine::DenseKernels& kernels, const Options& options) {
  std::string text = "dense kernels: " + kernels.library + ", ";
  if (kernels.dgemm_gflops <= 0) return text + "single-thread DGEMM not measured";
  char figure[32];
  std::snprintf(figure, sizeof figure, "%.1f", kernels.dgemm_gflops);
  return text + "single-thread DGEMM " + figure + " GFLOP/s" +
         (options.measure_gemm ? "" : " (--dgemm-gflops)");
}

/// `kernels` is null when the rows come from --summarize: no table, no run settings.
void print_results(const std::vector<Row>& rows, const Summary& summary, const Options& options,
                   const lupine::DenseKernels* kernels) {
  const bool ran = kernels != nullptr;
  if (options.format == "csv") {
    write_csv(std::cout, rows);
  } else if (options.format == "json") {
    write_json(std::cout, rows, summary, ran ? &options : nullptr, kernels);
  } else {
    if (ran) {
      std::cout << describe(*kernels, options) << "\n\n";
      write_table(std::cout, rows);
      std::cout << '\n';
    }
    write_summary_text(std::cout, summary);
  }
  std::cout.flush();
}

int run(const Options& options) {
  if (!options.summarize_path.empty()) {
    const std::vector<Row> rows = read_csv(options.summarize_path);
    print_results(rows, summarize(rows, options.dgemm_gflops), options, nullptr);
    return 0;
  }
  // Discovery errors are command-line errors: main() maps UsageError to exit status 2.
  const std::vector<MatrixInput> matrices = discover_matrices(options.inputs);
  if (matrices.empty()) throw UsageError("no matrix files found in the inputs");
  const lupine::DenseKernels kernels = run_dense_kernels(options);

  // The CSV grows matrix by matrix, so that a long run that is interrupted keeps its rows.
  std::ofstream csv;
  if (!options.csv_path.empty()) {
    csv.open(options.csv_path);
    if (!csv)
      throw lupine::Error(lupine::ErrorKind::file_error, "cannot write " + options.csv_path);
    write_csv(csv, {});
  }
  const auto rows_done = [&](const std::vector<Row>& matrix_rows) {
    if (!csv.is_open()) return;
    write_csv_rows(csv, matrix_rows);
    csv.flush();
    if (!csv)
      throw lupine::Error(lupine::ErrorKind::file_error, "error while writing " + options.csv_path);
  };
  Progress progress(Progress::style_for_stderr(options.quiet), matrices.size(),
                    options.solvers.size() * static_cast<std::size_t>(runs_per_matrix(options)),
                    std::cerr);
  const std::vector<Row> rows = run_benchmark(matrices, options, progress, rows_done);
  const Summary summary =
      summarize(rows, kernels.dgemm_gflops > 0 ? kernels.dgemm_gflops : not_measured);
  if (!options.json_path.empty()) {
    write_file(options.json_path,
               [&](std::ostream& out) { write_json(out, rows, summary, &options, &kernels); });
  }
  print_results(rows, summary, options, &kernels);
  return 0;
}

#ifdef LUPINE_WITH_MPI
/// --distributed: every rank runs the bench in step (the distributed solver's calls are
/// collective); rank 0 alone shows progress and writes the results.
int run_distributed(int& argc, char**& argv, Options options) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &options.ranks);
  std::ofstream nowhere;
  std::streambuf* const stdout_buffer = std::cout.rdbuf();
  if (rank != 0) {
    options.quiet = true;
    options.csv_path.clear();
    options.json_path.clear();
    std::cout.rdbuf(nowhere.rdbuf());
  }
  int code = 0;
  try {
    code = run(options);
  } catch (...) {
    std::cout.rdbuf(stdout_buffer);
    MPI_Finalize();
    throw;
  }
  std::cout.rdbuf(stdout_buffer);
  MPI_Finalize();
  return code;
}
#endif

}  // namespace

int main(int argc, char** argv) {
  try {
    const CommandLine command_line = parse_command_line(argc, argv);
    if (command_line.help) {
      std::cout << command_line.help_text;
      return 0;
    }
#ifdef LUPINE_WITH_MPI
    if (command_line.options.distributed) return run_distributed(argc, argv, command_line.options);
#endif
    return run(command_line.options);
  } catch (const UsageError& error) {
    std::cerr << "lupine-bench: " << error.what() << "\nTry 'lupine-bench --help'.\n";
    return exit_usage;
  } catch (const lupine::Error& error) {
    std::cerr << "lupine-bench: " << error.what() << '\n';
    return exit_failure;
  } catch (const std::exception& error) {
    std::cerr << "lupine-bench: " << error.what() << '\n';
    return exit_failure;
  }
}

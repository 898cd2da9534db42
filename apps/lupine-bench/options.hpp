// Command line of lupine-bench.
#pragma once

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "lupine/solver.hpp"

namespace lupine_bench {

struct Options {
  std::vector<std::string> inputs;
  std::vector<std::string> solvers;
  int threads = 1;  // for Lupine; the peers are single-threaded
  int repeat = 3;
  double min_seconds = 0.2;
  int refactor = 3;
  int rhs = 1;
  double timeout_seconds = 600;  // 0: no limit
  std::int64_t max_nnz = 0;      // 0: no limit
  std::string csv_path;
  std::string json_path;
  std::string format = "table";
  bool quiet = false;
  int lupine_refine = 0;
  /// --lupine-threshold: Lupine's Options::pivot_threshold (NaN: the library's default).
  double lupine_threshold = std::numeric_limits<double>::quiet_NaN();
  /// --lupine-rescale-on-refactor: Options::rescale_on_refactor.
  bool lupine_rescale_on_refactor = false;
  lupine::FactorPath lupine_path = lupine::FactorPath::automatic;
  lupine::Ordering lupine_ordering = lupine::Ordering::automatic;
  lupine::Matching lupine_matching = lupine::Matching::structural;
  /// --complex-shift: ω of the complex-shifted version A + iωC each real matrix also runs
  /// as (see complex_shifted); NaN when not given.
  double complex_shift = std::numeric_limits<double>::quiet_NaN();
  /// --complex-only: no real runs, only complex files and complex-shifted real matrices.
  bool complex_only = false;
  /// Time DGEMM once in the parent before the children fork (--gemm, --no-gemm; by
  /// default when Lupine is among the solvers), for the '% of DGEMM' of the summary.
  bool measure_gemm = false;
  /// --dgemm-gflops: a DGEMM figure given instead of measured (NaN when not given).
  double dgemm_gflops = std::numeric_limits<double>::quiet_NaN();
  /// When set, print the summary of this results CSV and run nothing.
  std::string summarize_path;
  /// --distributed: under mpirun, the distributed solver (mumps-mpi) on every rank in step,
  /// in this process; `ranks` is the communicator's size (set by main).
  bool distributed = false;
  int ranks = 1;
};

/// A bad command line: the message says which option and why. main() prints it on stderr
/// and exits with status 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CommandLine {
  Options options;
  bool help = false;
  std::string help_text;
};

/// Parses and validates argv; throws UsageError.
CommandLine parse_command_line(int argc, const char* const argv[]);

}  // namespace lupine_bench

// Runs every (matrix, solver) pair in its own child process and collects the rows.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "discovery.hpp"
#include "measure.hpp"
#include "options.hpp"
#include "progress.hpp"
#include "row.hpp"

namespace lupine_bench {

/// Runs `solver` on `problem` in a forked child and returns its row: a crash, a timeout
/// (`timeout_seconds` > 0) or a failure is the row's status. peak_rss_bytes is the child's
/// ru_maxrss from wait4. The caller must not have started threads that the child needs
/// (no TBB use in the parent): only the forking thread exists in the child. Instantiated
/// for double and Complex.
template <class Scalar>
Row run_in_child(const ProblemOf<Scalar>& problem, const std::string& solver,
                 const MeasureSettings& settings, double timeout_seconds);

/// --distributed: runs `solver` (mumps-mpi) on `problem` in this process, which every one of
/// the `ranks` MPI ranks does in step; the row's peak_rss_bytes is the backend's largest
/// per-rank memory. No timeout.
template <class Scalar>
Row run_distributed(const ProblemOf<Scalar>& problem, const std::string& solver,
                    const MeasureSettings& settings, int ranks);

/// (Matrix, solver) runs per matrix: real, complex-shifted, or both (--complex-shift,
/// --complex-only); a complex file has one run per solver whatever these say.
int runs_per_matrix(const Options& options);

/// Single-threaded DGEMM GFLOP/s (lupine::dense_kernels), timed once in a child process of
/// its own before the run, so that every row of a run shares one figure. Not timed in the
/// parent itself: OpenBLAS's packing buffers (about 4 MiB) would then stay resident there,
/// and every later child would count them in its peak RSS. 0 when the child fails.
double measure_dgemm_gflops();

/// Called with each matrix's rows as soon as they are measured.
using RowsDone = std::function<void(const std::vector<Row>&)>;

/// Loads each matrix, runs each solver on it (a complex file in complex arithmetic; a real
/// one in real arithmetic unless --complex-only, and complex-shifted with --complex-shift),
/// and reports progress. Matrices that cannot be loaded or exceed --max-nnz get one row per
/// solver saying so.
std::vector<Row> run_benchmark(const std::vector<MatrixInput>& matrices, const Options& options,
                               Progress& progress, const RowsDone& rows_done = {});

/// The child's result travels through a pipe as text; exposed for tests.
std::string serialize_row(const Row& row);
/// Throws std::runtime_error on malformed text.
Row deserialize_row(const std::string& text);

}  // namespace lupine_bench

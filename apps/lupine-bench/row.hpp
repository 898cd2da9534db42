// One result row of lupine-bench: one solver on one matrix.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace lupine_bench {

/// Marks a time, flop count or backward error that was not measured.
constexpr double not_measured = std::numeric_limits<double>::quiet_NaN();

/// Status words besides "ok" and the lupine::ErrorKind names (to_string(ErrorKind)).
namespace status {
constexpr const char* ok = "ok";
constexpr const char* timeout = "timeout";        // killed after --timeout seconds
constexpr const char* crashed = "crashed";        // the child died without a result
constexpr const char* inaccurate = "inaccurate";  // ran, but x does not solve A x = b
constexpr const char* skipped = "skipped";        // not run (over --max-nnz)
}  // namespace status

struct Row {
  std::string matrix;
  std::string group;
  std::int64_t n = -1;
  std::int64_t nnz = -1;
  std::string solver;
  int threads = 1;
  std::string status = status::ok;
  /// Why a row is not ok; shown in the summary and the JSON, not a CSV column.
  std::string message;
  // Medians in seconds; refactor_s and solve_s are per call.
  double analyze_s = not_measured;
  double factor_s = not_measured;
  double refactor_s = not_measured;
  double solve_s = not_measured;
  std::int64_t lu_nnz = -1;
  double factor_flops = not_measured;
  double backward_error = not_measured;
  std::int64_t peak_rss_bytes = -1;
  // Lupine's settings, as the words of --lupine-path and --lupine-ordering; empty for the
  // peers. Rows read from a CSV written before these columns existed get "auto".
  std::string path;
  std::string ordering;
  // Lupine's Stats of the first factorization; -1 for the peers.
  std::int64_t delayed_pivots = -1;
  std::int64_t supernodal_blocks = -1;
  /// The scalar type the row ran in: "real" or "complex" (a complex file, or a real one
  /// shifted by --complex-shift). Rows read from a CSV without the column get "real".
  std::string field = "real";
  /// ω of --complex-shift for a complex-shifted real matrix; NaN otherwise.
  double complex_shift = not_measured;
  /// MPI ranks and threads per rank: 1 and `threads` in-process; N and 1 for --distributed
  /// rows (whose `threads` is then the total, ranks x threads per rank). Rows read from a CSV
  /// without the columns get 1 and `threads`.
  int ranks = 1;
  int threads_per_rank = 1;

  bool complex() const { return field == "complex"; }
  bool ok() const { return status == status::ok; }
};

/// The CSV columns, in order.
const std::vector<std::string>& csv_columns();
/// The columns of CSV files written before path, ordering, delayed_pivots and
/// supernodal_blocks were added (a prefix of csv_columns()).
const std::vector<std::string>& legacy_csv_columns();
/// The columns of CSV files written before field and complex_shift were added (a prefix of
/// csv_columns(), legacy_csv_columns() a prefix of it).
const std::vector<std::string>& real_only_csv_columns();
/// The columns of CSV files written before ranks and threads_per_rank were added.
const std::vector<std::string>& single_process_csv_columns();

/// "lupine" at the default path and ordering, "lupine[path=column]",
/// "lupine[path=supernodal,ordering=nd]" otherwise; a peer's name as it is.
std::string solver_label(const std::string& solver, const std::string& path,
                         const std::string& ordering);
inline std::string solver_label(const Row& row) {
  return solver_label(row.solver, row.path, row.ordering);
}

}  // namespace lupine_bench

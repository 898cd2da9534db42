// The summary of a run: how Lupine's times compare with each peer's, per group and phase.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "row.hpp"

namespace lupine_bench {

/// The group a row is compared in: its group for a real row, "<group>/complex" for a
/// complex one (complex and real times are compared apart, and "all/complex" gathers the
/// complex groups as "all" gathers the real ones).
std::string summary_group(const Row& row);

/// The phases compared, in order: analyze, factor, refactor, solve, analyze+factor.
const std::vector<std::string>& summary_phases();

/// time(Lupine)/time(peer), or nnz(L+U) of Lupine / of the peer, over the matrices of one
/// group where both rows are ok and both values positive.
struct RatioSummary {
  std::string group;
  std::string phase;  // a summary phase, or "lu_nnz"
  std::string peer;
  int matrices = 0;
  double geometric_mean = 0;  // NaN when no matrix qualifies
  double worst_ratio = 0;     // the largest ratio (NaN when none)
  std::string worst_matrix;
};

/// On how many matrices of a group Lupine's time for a phase is below every ok peer's,
/// out of the matrices where Lupine and at least one peer are ok.
struct FastestSummary {
  std::string group;
  std::string phase;
  int fastest = 0;
  int compared = 0;
  double worst_ratio = 0;  // the largest ratio to any peer (NaN when none)
  std::string worst_peer;
  std::string worst_matrix;
};

/// Achieved factorization speed, factor_flops / factor_s in GFLOP/s, of one solver over the
/// matrices of one group that the Lupine variant ran on and where the solver's row is ok
/// with a positive time and flop count (several rows for one matrix: the fastest counts).
struct SpeedSummary {
  std::string group;
  std::string solver;  // "lupine" (the variant of the enclosing ThreadSummary) or a peer
  int matrices = 0;
  double median_gflops = 0;  // NaN when no matrix qualifies
  double max_gflops = 0;     // NaN when none
  std::string max_matrix;
};

/// The comparison for one Lupine variant: a thread count, path and ordering.
struct ThreadSummary {
  int threads = 1;
  std::string path = "auto";      // the --lupine-path word of the rows
  std::string ordering = "auto";  // the --lupine-ordering word
  std::string label = "lupine";   // solver_label: lupine, lupine[path=column], ...
  std::vector<std::string> peers;
  std::vector<std::string> groups;  // in order of appearance, then "all", "all/complex"
  std::vector<RatioSummary> time_ratios;
  std::vector<FastestSummary> fastest;
  std::vector<RatioSummary> lu_nnz_ratios;
  std::vector<SpeedSummary> speeds;  // per group: Lupine's, then each peer's
};

struct Summary {
  /// One per Lupine variant, by ascending thread count, then in order of appearance.
  std::vector<ThreadSummary> by_threads;
  std::vector<Row> failures;  // rows neither ok nor skipped
  std::vector<Row> skipped;
  /// Single-threaded DGEMM GFLOP/s that Lupine's speed is compared with (NaN: unknown).
  double dgemm_gflops = not_measured;
};

/// Peer rows are matched with Lupine's rows by (summary_group, matrix); a solver with several rows
/// for one matrix and Lupine variant counts with its fastest ok time per phase. Lupine rows
/// with different (threads, path, ordering) are compared with the peers apart.
Summary summarize(const std::vector<Row>& rows, double dgemm_gflops = not_measured);

const RatioSummary* find_ratio(const ThreadSummary& summary, const std::string& group,
                               const std::string& phase, const std::string& peer);
const FastestSummary* find_fastest(const ThreadSummary& summary, const std::string& group,
                                   const std::string& phase);
const SpeedSummary* find_speed(const ThreadSummary& summary, const std::string& group,
                               const std::string& solver);

/// "fem: Lupine factor 41.2 GFLOP/s median, 57.3 max (61% of DGEMM 93.1) on beam, 18
/// matrices", the line of the text summary for Lupine's speed on one group.
std::string speed_line(const ThreadSummary& summary, const std::string& group, double dgemm_gflops);
/// "fem: peers' factor GFLOP/s median / max: klu 0.3 / 1.2 (beam), umfpack ..."; empty
/// without peers.
std::string peer_speed_line(const ThreadSummary& summary, const std::string& group);

void write_summary_text(std::ostream& out, const Summary& summary);
/// A JSON object (no trailing newline), indented by `indent` spaces after the first line.
void write_summary_json(std::ostream& out, const Summary& summary, int indent);

}  // namespace lupine_bench

// The summary of a run: how Lupine's times compare with each peer's, per group and phase.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "row.hpp"

namespace lupine_bench {

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

/// The comparison for one Lupine thread count.
struct ThreadSummary {
  int threads = 1;
  std::vector<std::string> peers;
  std::vector<std::string> groups;  // in order of appearance, then "all"
  std::vector<RatioSummary> time_ratios;
  std::vector<FastestSummary> fastest;
  std::vector<RatioSummary> lu_nnz_ratios;
};

struct Summary {
  std::vector<ThreadSummary> by_threads;  // one per Lupine thread count, ascending
  std::vector<Row> failures;              // rows neither ok nor skipped
  std::vector<Row> skipped;
};

/// Peer rows are matched with Lupine's rows by (group, matrix); a solver with several rows
/// for one matrix and thread count counts with its fastest ok time per phase.
Summary summarize(const std::vector<Row>& rows);

const RatioSummary* find_ratio(const ThreadSummary& summary, const std::string& group,
                               const std::string& phase, const std::string& peer);
const FastestSummary* find_fastest(const ThreadSummary& summary, const std::string& group,
                                   const std::string& phase);

void write_summary_text(std::ostream& out, const Summary& summary);
/// A JSON object (no trailing newline), indented by `indent` spaces after the first line.
void write_summary_json(std::ostream& out, const Summary& summary, int indent);

}  // namespace lupine_bench

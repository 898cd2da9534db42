// lupine-ordering-study: how much fill and work could a choice among fill-reducing orderings
// save on a matrix? Each candidate orders every BTF block through KLU's user-ordering hook,
// and KLU factors with it, so that every candidate meets the same BTF, scaling and partial
// pivoting and the figures are KLU's own: nnz(L+U) of the factorization that pivoting
// actually produced, its flop count and its time (docs/ordering.md, "Candidate orderings for
// circuit blocks").
//
//   lupine-ordering-study [--repeat R] --csv FILE INPUTS...
//
// Candidates: AMD on B + Bᵀ with its defaults (KLU's own choice), without aggressive
// absorption, without dense-row removal, with dense rows at 1 sqrt(n) instead of 10; COLAMD on
// B; METIS nested dissection of the graph of B + Bᵀ, with its defaults and with connected
// components ordered apart and identical vertices compressed.
#include <klu.h>
#include <metis.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <numeric>
#include <string>
#include <vector>

#include "discovery.hpp"
#include "lupine/io.hpp"

namespace {

using Matrix = lupine::CscMatrix<double>;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

enum class Candidate { amd, amd_no_aggressive, amd_no_dense, amd_dense_1, colamd, metis, metis_cc };

struct CandidateInfo {
  Candidate candidate;
  const char* name;
};

constexpr CandidateInfo kCandidates[] = {
    {Candidate::amd, "amd"},
    {Candidate::amd_no_aggressive, "amd_no_aggressive"},
    {Candidate::amd_no_dense, "amd_no_dense"},
    {Candidate::amd_dense_1, "amd_dense_1"},
    {Candidate::colamd, "colamd"},
    {Candidate::metis, "metis"},
    {Candidate::metis_cc, "metis_cc"},
};

// The graph of B + Bᵀ without self loops, for METIS.
void symmetric_graph(int n, const int* col_ptr, const int* rows, std::vector<idx_t>& xadj,
                     std::vector<idx_t>& adjacency) {
  std::vector<idx_t> degree(static_cast<std::size_t>(n) + 1, 0);
  for (int j = 0; j < n; ++j) {
    for (int p = col_ptr[j]; p < col_ptr[j + 1]; ++p) {
      if (rows[p] == j) continue;
      ++degree[j + 1];
      ++degree[rows[p] + 1];
    }
  }
  std::partial_sum(degree.begin(), degree.end(), degree.begin());
  std::vector<idx_t> next(degree.begin(), degree.end() - 1);
  std::vector<idx_t> all(static_cast<std::size_t>(degree[n]));
  for (int j = 0; j < n; ++j) {
    for (int p = col_ptr[j]; p < col_ptr[j + 1]; ++p) {
      const int i = rows[p];
      if (i == j) continue;
      all[next[j]++] = i;
      all[next[i]++] = j;
    }
  }
  // Duplicates (an entry and its transpose both present) removed with a marker per vertex.
  std::vector<int> seen(static_cast<std::size_t>(n), -1);
  xadj.assign(static_cast<std::size_t>(n) + 1, 0);
  adjacency.clear();
  for (int j = 0; j < n; ++j) {
    for (idx_t p = degree[j]; p < degree[j + 1]; ++p) {
      const idx_t i = all[p];
      if (seen[i] == j) continue;
      seen[i] = j;
      adjacency.push_back(i);
    }
    xadj[j + 1] = static_cast<idx_t>(adjacency.size());
  }
}

// KLU's user ordering: Perm of the block, and a positive estimate of nnz(L) (KLU sizes its
// first allocation from it), or 0 on failure.
int order_block(int n, int* col_ptr, int* rows, int* perm, klu_common* common) {
  const Candidate candidate = *static_cast<const Candidate*>(common->user_data);
  switch (candidate) {
    case Candidate::amd:
    case Candidate::amd_no_aggressive:
    case Candidate::amd_no_dense:
    case Candidate::amd_dense_1: {
      double control[AMD_CONTROL];
      double info[AMD_INFO];
      amd_defaults(control);
      if (candidate == Candidate::amd_no_aggressive) control[AMD_AGGRESSIVE] = 0;
      if (candidate == Candidate::amd_no_dense) control[AMD_DENSE] = -1;
      if (candidate == Candidate::amd_dense_1) control[AMD_DENSE] = 1;
      if (amd_order(n, col_ptr, rows, perm, control, info) < AMD_OK) return 0;
      return static_cast<int>(std::max(1.0, info[AMD_LNZ] + n));
    }
    case Candidate::colamd: {
      const int nnz = col_ptr[n];
      const std::size_t length = colamd_recommended(nnz, n, n);
      if (length == 0) return 0;
      std::vector<int> work(length);
      std::copy(rows, rows + nnz, work.begin());
      std::vector<int> order(col_ptr, col_ptr + n + 1);
      double knobs[COLAMD_KNOBS];
      colamd_set_defaults(knobs);
      int stats[COLAMD_STATS];
      if (!colamd(n, n, static_cast<int>(length), work.data(), order.data(), knobs, stats)) {
        return 0;
      }
      std::copy(order.begin(), order.begin() + n, perm);
      return std::max(1, nnz);
    }
    case Candidate::metis:
    case Candidate::metis_cc: {
      std::vector<idx_t> xadj, adjacency;
      symmetric_graph(n, col_ptr, rows, xadj, adjacency);
      if (adjacency.empty()) {
        std::iota(perm, perm + n, 0);
        return std::max(1, n);
      }
      idx_t vertices = n;
      idx_t options[METIS_NOPTIONS];
      METIS_SetDefaultOptions(options);
      options[METIS_OPTION_NUMBERING] = 0;
      if (candidate == Candidate::metis_cc) {
        options[METIS_OPTION_CCORDER] = 1;
        options[METIS_OPTION_COMPRESS] = 1;
      }
      std::vector<idx_t> order(static_cast<std::size_t>(n)), inverse(static_cast<std::size_t>(n));
      if (METIS_NodeND(&vertices, xadj.data(), adjacency.data(), nullptr, options, order.data(),
                       inverse.data()) != METIS_OK) {
        return 0;
      }
      for (int k = 0; k < n; ++k) perm[k] = static_cast<int>(order[k]);
      return std::max(1, col_ptr[n]);
    }
  }
  return 0;
}

struct Outcome {
  std::string status = "ok";
  double lu_nnz = 0;
  double flops = 0;
  double analyze_s = 0;
  double factor_s = 0;
};

Outcome run_candidate(Matrix& matrix, Candidate candidate, int repeat) {
  Outcome outcome;
  klu_common common;
  klu_defaults(&common);
  common.ordering = 3;  // the user ordering
  common.user_order = order_block;
  common.user_data = &candidate;
  const int n = matrix.rows();
  int* col_ptr = const_cast<int*>(matrix.col_ptr().data());
  int* rows = const_cast<int*>(matrix.row_indices().data());
  double* values = matrix.values().data();
  auto start = Clock::now();
  klu_symbolic* symbolic = klu_analyze(n, col_ptr, rows, &common);
  outcome.analyze_s = seconds_since(start);
  if (symbolic == nullptr) {
    outcome.status = "analyze_failed";
    return outcome;
  }
  outcome.factor_s = 1e300;
  for (int r = 0; r < repeat; ++r) {
    start = Clock::now();
    klu_numeric* numeric = klu_factor(col_ptr, rows, values, symbolic, &common);
    const double elapsed = seconds_since(start);
    if (numeric == nullptr) {
      outcome.status = "factor_failed";
      break;
    }
    outcome.factor_s = std::min(outcome.factor_s, elapsed);
    if (r == 0) {
      klu_flops(symbolic, numeric, &common);
      outcome.flops = common.flops;
      // KLU's lnz and unz both count the diagonal; nzoff the entries of the off-diagonal
      // blocks: L and U with one diagonal, as lupine-bench's lu_nnz counts them.
      outcome.lu_nnz = static_cast<double>(numeric->lnz) + numeric->unz - n + numeric->nzoff;
    }
    klu_free_numeric(&numeric, &common);
  }
  klu_free_symbolic(&symbolic, &common);
  return outcome;
}

int usage() {
  std::fprintf(stderr, "usage: lupine-ordering-study [--repeat R] --csv FILE INPUTS...\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  int repeat = 5;
  std::string csv;
  std::vector<std::string> inputs;
  for (int k = 1; k < argc; ++k) {
    const std::string argument = argv[k];
    if (argument == "--repeat" && k + 1 < argc) {
      repeat = std::atoi(argv[++k]);
      if (repeat < 1) return usage();
    } else if (argument == "--csv" && k + 1 < argc) {
      csv = argv[++k];
    } else if (!argument.empty() && argument[0] == '-') {
      return usage();
    } else {
      inputs.push_back(argument);
    }
  }
  if (csv.empty() || inputs.empty()) return usage();
  int matrices = 0, runs = 0, failed = 0;
  try {
    std::ofstream out(csv);
    if (!out) {
      std::fprintf(stderr, "lupine-ordering-study: cannot write %s\n", csv.c_str());
      return 1;
    }
    out << "matrix,group,n,nnz,candidate,status,lu_nnz,flops,analyze_s,factor_s\n";
    for (const auto& input : lupine_bench::discover_matrices(inputs)) {
      bool pattern_only = false;
      Matrix matrix;
      try {
        matrix = lupine::read_matrix<double>(input.files[0], &pattern_only);
      } catch (const lupine::Error& error) {
        if (error.kind() != lupine::ErrorKind::unsupported) throw;
        std::fprintf(stderr, "%s: left out (%s)\n", input.name.c_str(), error.what());
        continue;  // a complex matrix
      }
      if (pattern_only || !matrix.has_values()) lupine::assign_pattern_values(matrix);
      if (!matrix.is_square()) continue;
      for (const auto& info : kCandidates) {
        const Outcome outcome = run_candidate(matrix, info.candidate, repeat);
        ++runs;
        if (outcome.status != "ok") ++failed;
        out << input.name << "," << input.group << "," << matrix.rows() << "," << matrix.nnz()
            << "," << info.name << "," << outcome.status << "," << outcome.lu_nnz << ","
            << outcome.flops << "," << outcome.analyze_s << "," << outcome.factor_s << "\n";
      }
      out.flush();
      ++matrices;
      std::fprintf(stderr, "%s\n", input.name.c_str());
    }
    std::fprintf(stderr, "%d matrices, %d candidate runs, %d failed\n", matrices, runs, failed);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "lupine-ordering-study: %s\n", error.what());
    return 1;
  }
  return 0;
}

// lupine-guard-study: how good is refactor's guard? For each matrix, many refactorizations on
// the pivots of a pivoting factorization of the original values: random perturbations of
// every value at relative sizes 1e-3, 1e-2 and 1e-1, the members of _seqNN sequences, and
// crafted perturbations that shrink one reused pivot's entry. Each is refactored with the
// pivots forced (every finite nonzero pivot accepted) and the quantities any guard could look
// at are recorded next to the truth: the backward error after one refinement step with the
// reused pivots, and with a fresh pivoting factorization. bench/guard.py evaluates guards on
// the CSV. The refactorizations keep the row scaling of the pivoting factorization (the
// default) unless --rescale-on-refactor is given (Options::rescale_on_refactor).
//
//   lupine-guard-study [--trials T] [--large-trials T] [--seed S] [--rescale-on-refactor]
//                      --csv FILE INPUTS...
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "discovery.hpp"
#include "lupine/io.hpp"
#include "lupine/solver.hpp"

namespace {

using Matrix = lupine::CscMatrix<double>;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Trial {
  std::string kind;  // "1e-3", "1e-2", "1e-1", "seq", "crafted"
  int index = 0;
  std::vector<double> values;
};

// b = A 1 for the values, and the backward error after at most one refinement step.
double backward_error_after_refinement(const lupine::Numeric<>& numeric, const Matrix& pattern,
                                       const std::vector<double>& values) {
  const int n = pattern.rows();
  std::vector<double> b(static_cast<std::size_t>(n), 0.0);
  for (int j = 0; j < n; ++j) {
    for (int p = pattern.col_ptr()[j]; p < pattern.col_ptr()[j + 1]; ++p) {
      b[static_cast<std::size_t>(pattern.row_indices()[p])] += values[static_cast<std::size_t>(p)];
    }
  }
  lupine::SolveReport report;
  numeric.solve(b, lupine::Transpose::no, 1, &report);
  return report.backward_error;
}

int usage(const std::string& message) {
  std::fprintf(stderr,
               "lupine-guard-study: %s\nusage: lupine-guard-study [--trials T] [--large-trials T] "
               "[--seed S] [--rescale-on-refactor] --csv FILE INPUTS...\n",
               message.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  int trials = 1000;
  int large_trials = 50;
  unsigned seed = 1;
  lupine::Options options;
  std::string csv;
  std::vector<std::string> inputs;
  for (int k = 1; k < argc; ++k) {
    const std::string argument = argv[k];
    if ((argument == "--trials" || argument == "--large-trials" || argument == "--seed") &&
        k + 1 < argc) {
      const int value = std::atoi(argv[++k]);
      if (value <= 0) return usage(argument + " needs a positive count");
      if (argument == "--trials") {
        trials = value;
      } else if (argument == "--large-trials") {
        large_trials = value;
      } else {
        seed = static_cast<unsigned>(value);
      }
    } else if (argument == "--rescale-on-refactor") {
      options.rescale_on_refactor = true;
    } else if (argument == "--csv" && k + 1 < argc) {
      csv = argv[++k];
    } else if (!argument.empty() && argument[0] == '-') {
      return usage("unknown option " + argument);
    } else {
      inputs.push_back(argument);
    }
  }
  if (csv.empty() || inputs.empty()) return usage("needs --csv and inputs");
  std::ofstream out(csv);
  if (!out) return usage("cannot write " + csv);
  out << "matrix,group,n,kind,trial,reuse_possible,smallest_pivot_ratio,growth_reuse,"
         "growth_pivoting,berr_reuse,berr_pivoting,refactor_s,factor_s\n";
  out.precision(6);
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  try {
    for (const auto& input : lupine_bench::discover_matrices(inputs)) {
      bool pattern_only = false;
      Matrix base = lupine::read_matrix<double>(input.files[0], &pattern_only);
      if (pattern_only) lupine::assign_pattern_values(base);  // as lupine-bench does
      if (!base.is_square() || base.rows() < 2) continue;
      const int n = base.rows();
      const int count = n > 20000 ? large_trials : trials;
      std::vector<Trial> plan;
      for (std::size_t m = 1; m < input.files.size(); ++m) {
        Matrix member = lupine::read_matrix<double>(input.files[m]);
        if (!member.same_pattern(base)) continue;
        plan.push_back({"seq", static_cast<int>(m), member.values()});
      }
      for (const double level : {1e-3, 1e-2, 1e-1}) {
        for (int t = 0; t < count; ++t) {
          Trial trial{level == 1e-3 ? "1e-3" : level == 1e-2 ? "1e-2" : "1e-1", t, base.values()};
          for (double& value : trial.values) value *= 1 + level * unit(random);
          plan.push_back(std::move(trial));
        }
      }
      lupine::Numeric<> numeric(lupine::analyze(base, options), base, options);
      // Crafted: the A entry of one pivot shrunk by 1e-6 (the reused pivot then mostly is
      // tiny), the rest moved by 1e-3.
      {
        const auto factors = numeric.factors();
        std::uniform_int_distribution<int> column(0, n - 1);
        for (int t = 0; t < std::max(count / 10, 10); ++t) {
          Trial trial{"crafted", t, base.values()};
          for (double& value : trial.values) value *= 1 + 1e-3 * unit(random);
          const int k = column(random);
          const int slot = base.find(factors.row_perm[static_cast<std::size_t>(k)],
                                     factors.col_perm[static_cast<std::size_t>(k)]);
          if (slot < 0) continue;
          trial.values[static_cast<std::size_t>(slot)] *= 1e-6;
          plan.push_back(std::move(trial));
        }
      }
      lupine::RefactorOptions forced;
      forced.refactor_threshold = 0;
      int skipped = 0;
      for (const Trial& trial : plan) {
        numeric.factor(base);  // back to the original pivots
        const double growth_pivoting_base = numeric.stats().pivot_growth;
        bool possible = false;
        double ratio = NAN, growth_reuse = NAN, berr_reuse = NAN, refactor_seconds = NAN;
        try {
          const auto start = Clock::now();
          const auto status = numeric.refactor(trial.values.data(), forced);
          refactor_seconds = seconds_since(start);
          possible = status == lupine::RefactorStatus::reused_pivots;
          ratio = numeric.stats().smallest_pivot_ratio;
          growth_reuse = numeric.stats().pivot_growth;
          if (possible) berr_reuse = backward_error_after_refinement(numeric, base, trial.values);
        } catch (const lupine::Error&) {
          // the reuse hit a zero pivot and the values are singular: no guard has a choice
          ++skipped;
          continue;
        }
        double berr_pivoting = NAN, factor_seconds = NAN;
        try {
          const auto start = Clock::now();
          numeric.factor(trial.values.data());
          factor_seconds = seconds_since(start);
          berr_pivoting = backward_error_after_refinement(numeric, base, trial.values);
        } catch (const lupine::Error&) {
          // numerically singular values: pivoting afresh fails too
        }
        out << input.name << "," << input.group << "," << n << "," << trial.kind << ","
            << trial.index << "," << (possible ? 1 : 0) << "," << ratio << "," << growth_reuse
            << "," << growth_pivoting_base << "," << berr_reuse << "," << berr_pivoting << ","
            << refactor_seconds << "," << factor_seconds << "\n";
      }
      if (skipped > 0)
        std::fprintf(stderr, "%s: %d singular trials left out\n", input.name.c_str(), skipped);
      std::fprintf(stderr, "%s: %zu trials\n", input.name.c_str(), plan.size());
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "lupine-guard-study: %s\n", error.what());
    return 1;
  }
  return 0;
}

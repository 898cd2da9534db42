// Times one solver on one problem (inside the child process the runner forks).
#pragma once

#include <limits>
#include <string>

#include "lupine/solver.hpp"
#include "problem.hpp"
#include "row.hpp"

namespace lupine_bench {

struct MeasureSettings {
  int repeat = 3;
  /// Repetitions continue past `repeat` until they add up to this many seconds (at most
  /// kMaxRepeat), so that microsecond phases of small matrices get enough samples for a
  /// stable median.
  double min_seconds = 0.2;
  int lupine_threads = 1;
  int lupine_refine = 0;
  double lupine_threshold = std::numeric_limits<double>::quiet_NaN();  // NaN: default
  bool lupine_rescale_on_refactor = false;
  lupine::FactorPath lupine_path = lupine::FactorPath::automatic;
  lupine::Ordering lupine_ordering = lupine::Ordering::automatic;
  lupine::Matching lupine_matching = lupine::Matching::structural;
};

constexpr int kMaxRepeat = 200;

/// A normwise backward error above this (or not finite) means the solver's x does not
/// solve A x = b: a backward stable LU stays within a modest multiple of machine precision,
/// so 1e-6 is ten orders of magnitude of slack, not a tolerance. The componentwise error
/// that the CSV reports is not used here: where a row of |A||x| + |b| is tiny through
/// cancellation it reaches 1 for solutions exact to rounding (measured with MUMPS on the
/// ngspice nand_adder_64 and FreeFem++ Stokes matrices, whose normwise error is 1e-16).
constexpr double inaccurate_above = 1e-6;

/// Fills the status, message, time, lu_nnz, flop and backward error fields of a Row; every
/// failure becomes a status, nothing throws. Instantiated for double and Complex.
template <class Scalar>
Row measure(const ProblemOf<Scalar>& problem, const std::string& solver,
            const MeasureSettings& settings);

/// Median of the values (the mean of the middle two for an even count); NaN when empty.
double median(std::vector<double> values);

}  // namespace lupine_bench
